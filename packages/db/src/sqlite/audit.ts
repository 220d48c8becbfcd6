import { desc, lt, sql } from 'drizzle-orm';
import { auditConditions, auditShape, auditValues } from '../audit-query.ts';
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
      const shape = auditShape(query);
      let statement = listings.get(shape);
      if (!statement) {
        statement = db
          .select()
          .from(auditEvents)
          .where(auditConditions(auditEvents, query))
          .orderBy(desc(auditEvents.id))
          .limit(sql.placeholder('limit'))
          .prepare();
        listings.set(shape, statement);
      }
      return statement.all(auditValues(query));
    },
    async deleteOlderThan(at) {
      return write(() => db.delete(auditEvents).where(lt(auditEvents.at, at)).run().changes);
    },
  };
}
