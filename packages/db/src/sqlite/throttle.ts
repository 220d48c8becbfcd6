import { and, count, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { ThrottleClaim, ThrottleRepo, ThrottleVerdict } from '../repo.ts';
import { throttleBlocks, throttleHits } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

const DAY_MS = 24 * 3_600_000;
/** How soon to retry a key that is full only of attempts still being checked. */
const BUSY_RETRY_MS = 1_000;

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

  /** Why a claim is refused now, if it is: an active block, a window full of settled hits, or one full with pending ones too. */
  function refusal({ key, rule }: ThrottleClaim, now: number) {
    const block = blockOf.get({ key });
    if (block && block.until > now)
      return { block, full: false, busy: false, retryAt: block.until };
    const hits = hitsSince.get({ key, since: now - rule.windowMs });
    if ((hits?.settled ?? 0) >= rule.max)
      return { block, full: true, busy: false, retryAt: now + rule.windowMs };
    if ((hits?.all ?? 0) >= rule.max)
      return { block, full: false, busy: true, retryAt: now + BUSY_RETRY_MS };
    return null;
  }

  return {
    take(claims, now, { pending }) {
      return write((): ThrottleVerdict => {
        for (const claim of claims) {
          const refused = refusal(claim, now);
          if (!refused) continue;
          if (!refused.full)
            return {
              granted: false,
              key: claim.key,
              retryAt: refused.retryAt,
              newlyBlocked: false,
              busy: refused.busy,
            };
          // The window is full: block the key, twice as long as last time if that was within a day.
          const previous = refused.block;
          const strikes = previous && previous.struckAt > now - DAY_MS ? previous.strikes + 1 : 1;
          const until =
            now + Math.min(claim.rule.windowMs * 2 ** (strikes - 1), claim.rule.maxBlockMs);
          db.insert(throttleBlocks)
            .values({ key: claim.key, until, strikes, struckAt: now })
            .onConflictDoUpdate({
              target: throttleBlocks.key,
              set: { until, strikes, struckAt: now },
            })
            .run();
          return {
            granted: false,
            key: claim.key,
            retryAt: until,
            newlyBlocked: true,
            busy: false,
          };
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
        const refused = refusal(claim, now);
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
