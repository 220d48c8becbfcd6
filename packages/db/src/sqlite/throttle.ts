import { and, count, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { ThrottleClaim, ThrottleRepo, ThrottleVerdict } from '../repo.ts';
import { type KeyState, judge, refusalOf } from '../throttle-judge.ts';
import { throttleBlocks, throttleHits } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

// Every check and its record happen inside one synchronous `write` (one savepoint on the one
// connection): no other request can run between reading a count and adding to it.

export function sqliteThrottle(db: SqliteDb, write: Write): ThrottleRepo {
  const blockOf = db
    .select()
    .from(throttleBlocks)
    .where(eq(throttleBlocks.key, sql.placeholder('key')))
    .prepare();
  const hitsSince = db
    .select({
      all: count(),
      settled: sql<number>`count(*) filter (where not ${throttleHits.pending})`,
    })
    .from(throttleHits)
    .where(
      and(
        eq(throttleHits.key, sql.placeholder('key')),
        gt(throttleHits.at, sql.placeholder('since')),
      ),
    )
    .prepare();
  const addHit = db
    .insert(throttleHits)
    .values({
      key: sql.placeholder('key'),
      at: sql.placeholder('at'),
      pending: sql.placeholder('pending'),
    })
    .returning({ id: throttleHits.id })
    .prepare();
  const anyHit = db
    .select({ id: throttleHits.id })
    .from(throttleHits)
    .where(eq(throttleHits.key, sql.placeholder('key')))
    .limit(1)
    .prepare();

  const stateOf = ({ key, rule }: ThrottleClaim, now: number): KeyState => {
    const hits = hitsSince.get({ key, since: now - rule.windowMs });
    return { block: blockOf.get({ key }), hits: hits?.all ?? 0, settled: hits?.settled ?? 0 };
  };

  return {
    take(claims, now, { pending }) {
      return write((): ThrottleVerdict => {
        for (const claim of claims) {
          const refused = judge(stateOf(claim, now), claim, now);
          if (!refused) continue;
          if (refused.block)
            db.insert(throttleBlocks)
              .values({ key: claim.key, ...refused.block })
              .onConflictDoUpdate({ target: throttleBlocks.key, set: refused.block })
              .run();
          return refused.verdict;
        }
        return {
          granted: true,
          hitIds: claims.map(
            ({ key }) => addHit.get({ key, at: now, pending: pending ? 1 : 0 }).id,
          ),
        };
      });
    },
    async refusedUntil(claims, now) {
      for (const claim of claims) {
        const refused = refusalOf(stateOf(claim, now), claim, now);
        // Attempts still in flight count here too: a remembered credential is a guess evaluated.
        if (refused) return refused.retryAt;
      }
      return null;
    },
    async settle(hitIds) {
      if (hitIds.length === 0) return;
      await write(() =>
        db
          .update(throttleHits)
          .set({ pending: false })
          .where(inArray(throttleHits.id, hitIds))
          .run(),
      );
    },
    async release(hitIds) {
      if (hitIds.length === 0) return;
      await write(() => db.delete(throttleHits).where(inArray(throttleHits.id, hitIds)).run());
    },
    async clear(key) {
      // Nearly every success has nothing to forget: no write (and no fsync) then.
      if (!anyHit.get({ key }) && !blockOf.get({ key })) return;
      await write(() => {
        db.delete(throttleHits).where(eq(throttleHits.key, key)).run();
        db.delete(throttleBlocks).where(eq(throttleBlocks.key, key)).run();
      });
    },
    async deleteExpired(hitsBefore, strikesBefore, now) {
      return write(
        () =>
          db.delete(throttleHits).where(lt(throttleHits.at, hitsBefore)).run().changes +
          db
            .delete(throttleBlocks)
            .where(and(lt(throttleBlocks.until, now), lt(throttleBlocks.struckAt, strikesBefore)))
            .run().changes,
      );
    },
  };
}
