import { desc, lt, sql } from 'drizzle-orm';
import { auditConditions, auditShape, auditValues } from '../audit-query.ts';
import type { AuditEventRow, AuditRepo } from '../repo.ts';
import type { PgDb } from './open.ts';
import { auditEvents } from './tables.ts';

export function pgAudit(db: PgDb): AuditRepo {
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
    .prepare('audit_append');

  const listings = new Map<
    string,
    { execute: (values: Record<string, unknown>) => Promise<AuditEventRow[]> }
  >();

  return {
    async append(event) {
      await append.execute(event);
    },
    async list(query) {
      const shape = auditShape(query);
      let statement = listings.get(shape);
      if (!statement) {
        statement = db
          .select()
          .from(auditEvents)
          .where(auditConditions(auditEvents, query))
          .orderBy(desc(auditEvents.id))
          .limit(sql.placeholder('limit'))
          .prepare(`audit_list_${listings.size}`);
        listings.set(shape, statement);
      }
      return statement.execute(auditValues(query));
    },
    async deleteOlderThan(at) {
      return (await db.delete(auditEvents).where(lt(auditEvents.at, at))).rowCount ?? 0;
    },
  };
}
