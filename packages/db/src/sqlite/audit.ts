import { and, desc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import type { AuditRepo } from '../repo.ts';
import { auditEvents } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

export function sqliteAudit(db: SqliteDb, write: Write): AuditRepo {
  const append = db.insert(auditEvents).values({
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
  }).prepare();

  return {
    async append(event) {
      await write(() => append.run(event));
    },
    async list(query) {
      const t = auditEvents;
      const conditions = [
        query.userId !== undefined ? eq(t.userId, query.userId) : undefined,
        query.subject !== undefined ? eq(t.subject, query.subject) : undefined,
        query.kinds ? inArray(t.kind, [...query.kinds]) : undefined,
        query.outcome !== undefined ? eq(t.outcome, query.outcome) : undefined,
        query.from !== undefined ? gte(t.at, query.from) : undefined,
        query.to !== undefined ? lt(t.at, query.to) : undefined,
        query.beforeId !== undefined ? lt(t.id, query.beforeId) : undefined,
        query.afterId !== undefined ? gt(t.id, query.afterId) : undefined,
      ];
      return db.select().from(t).where(and(...conditions)).orderBy(desc(t.id)).limit(query.limit).all();
    },
    async deleteOlderThan(at) {
      return write(() => db.delete(auditEvents).where(lt(auditEvents.at, at)).run().changes);
    },
  };
}
