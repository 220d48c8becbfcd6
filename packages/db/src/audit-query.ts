import { type Column, type SQL, and, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import type { AuditQuery } from './repo.ts';

// An audit listing is built once per shape of query (which filters, how many kinds) and
// prepared: building a query costs more than running it, and sign-in asks two every time.
// Both backends share the shape, the conditions and the values bound to them.

interface AuditColumns {
  id: Column;
  at: Column;
  kind: Column;
  outcome: Column;
  userId: Column;
  subject: Column;
}

/** Which filters a query uses: queries of one shape share one prepared statement. */
export const auditShape = (query: AuditQuery): string =>
  [
    query.userId !== undefined,
    query.subject !== undefined,
    query.kinds?.length ?? -1,
    query.outcome !== undefined,
    query.from !== undefined,
    query.to !== undefined,
    query.beforeId !== undefined,
    query.afterId !== undefined,
  ].join();

/** The WHERE of a query's shape, over placeholders named after the query's fields. */
export function auditConditions(t: AuditColumns, query: AuditQuery): SQL | undefined {
  const p = sql.placeholder;
  return and(
    query.userId !== undefined ? eq(t.userId, p('userId')) : undefined,
    query.subject !== undefined ? eq(t.subject, p('subject')) : undefined,
    query.kinds
      ? inArray(
          t.kind,
          query.kinds.map((_, i) => p(`kind${i}`)),
        )
      : undefined,
    query.outcome !== undefined ? eq(t.outcome, p('outcome')) : undefined,
    query.from !== undefined ? gte(t.at, p('from')) : undefined,
    query.to !== undefined ? lt(t.at, p('to')) : undefined,
    query.beforeId !== undefined ? lt(t.id, p('beforeId')) : undefined,
    query.afterId !== undefined ? gt(t.id, p('afterId')) : undefined,
  );
}

/** The values for the placeholders of auditConditions (and `limit`). */
export function auditValues(query: AuditQuery): Record<string, unknown> {
  const kinds = Object.fromEntries((query.kinds ?? []).map((kind, i) => [`kind${i}`, kind]));
  const { kinds: _, ...values } = query;
  return { ...values, ...kinds };
}
