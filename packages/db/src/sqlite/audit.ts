import { and, desc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import type { AuditEventRow, AuditRepo } from '../repo.ts';
import { auditEvents } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

export function sqliteAudit(db: SqliteDb, write: Write): AuditRepo {
  const append = db
    .insert(auditEvents)
    .values({
      at: sql.placeholder('at'),
      kind: sql.placeholder('kind'),
      outcome: sql.placeholder('outcome'),
      userId: sql.placeholder('userId'),
      subject: sql.placeholder('subject'),
      actorId: sql.placeholder('actorId'),
      ip: sql.placeholder('ip'),
      face: sql.placeholder('face'),
      userAgent: sql.placeholder('userAgent'),
      requestId: sql.placeholder('requestId'),
      detail: sql.placeholder('detail'),
    })
    .prepare();

  const listings = new Map<string, { all: (values: Record<string, unknown>) => AuditEventRow[] }>();

  return {
    async append(event) {
      await write(() => append.run(event));
    },
    async list(query) {
      // One prepared statement per shape of query (which filters, how many kinds), built on first
      // use: building a query costs more than running it, and sign-in asks two every time.
      const shape = [
        query.userId !== undefined,
        query.subject !== undefined,
        query.kinds?.length ?? -1,
        query.outcome !== undefined,
        query.from !== undefined,
        query.to !== undefined,
        query.beforeId !== undefined,
        query.afterId !== undefined,
      ].join();
      let statement = listings.get(shape);
      if (!statement) {
        const t = auditEvents;
        const p = sql.placeholder;
        const conditions = [
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
        ];
        statement = db
          .select()
          .from(t)
          .where(and(...conditions))
          .orderBy(desc(t.id))
          .limit(p('limit'))
          .prepare();
        listings.set(shape, statement);
      }
      const kinds = Object.fromEntries((query.kinds ?? []).map((kind, i) => [`kind${i}`, kind]));
      const { kinds: _, ...values } = query;
      return statement.all({ ...values, ...kinds });
    },
    async deleteOlderThan(at) {
      return write(() => db.delete(auditEvents).where(lt(auditEvents.at, at)).run().changes);
    },
  };
}
