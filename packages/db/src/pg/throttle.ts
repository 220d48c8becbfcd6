import { and, inArray, lt, sql } from 'drizzle-orm';
import type { ThrottleClaim, ThrottleRepo, ThrottleVerdict } from '../repo.ts';
import { type KeyState, judge, refusalOf } from '../throttle-judge.ts';
import type { PgDb } from './open.ts';
import { throttleBlocks, throttleHits } from './tables.ts';

// Instances share the counters, so "read the count, then add to it" must not interleave across
// them: `take` holds a transaction-scoped advisory lock per key, taken in sorted order (no
// deadlock between two takes of overlapping keys), and reads each key only once it holds the
// lock, in a statement of its own: a statement's snapshot is taken when it starts, so a read in
// the locking statement itself could miss a hit committed while it waited.

interface StateRow extends Record<string, unknown> {
  until: string | null;
  strikes: number | null;
  struck_at: string | null;
  hits: string;
  settled: string;
}

export function pgThrottle(db: PgDb): ThrottleRepo {
  type Runner = Pick<PgDb, 'execute'>;

  const stateOf = async (runner: Runner, { key, rule }: ThrottleClaim, now: number) => {
    const since = now - rule.windowMs;
    const result = await runner.execute<StateRow>(sql`
      select b.until, b.strikes, b.struck_at,
             (select count(*) from throttle_hits h where h.key = ${key} and h.at > ${since}) as hits,
             (select count(*) from throttle_hits h
               where h.key = ${key} and h.at > ${since} and not h.pending) as settled
        from (select 1) as one left join throttle_blocks b on b.key = ${key}`);
    const row = result.rows[0]!;
    const state: KeyState = {
      block:
        row.until === null
          ? undefined
          : { until: Number(row.until), strikes: row.strikes!, struckAt: Number(row.struck_at) },
      hits: Number(row.hits),
      settled: Number(row.settled),
    };
    return state;
  };

  return {
    async take(claims, now, { pending }) {
      return db.transaction(async (tx): Promise<ThrottleVerdict> => {
        for (const key of [...new Set(claims.map((claim) => claim.key))].sort())
          await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
        for (const claim of claims) {
          const refused = judge(await stateOf(tx, claim, now), claim, now);
          if (!refused) continue;
          if (refused.block)
            await tx
              .insert(throttleBlocks)
              .values({ key: claim.key, ...refused.block })
              .onConflictDoUpdate({ target: throttleBlocks.key, set: refused.block });
          return refused.verdict;
        }
        if (claims.length === 0) return { granted: true, hitIds: [] };
        const rows = await tx
          .insert(throttleHits)
          .values(claims.map(({ key }) => ({ key, at: now, pending })))
          .returning({ id: throttleHits.id });
        return { granted: true, hitIds: rows.map((row) => row.id) };
      });
    },
    async refusedUntil(claims, now) {
      for (const claim of claims) {
        const refused = refusalOf(await stateOf(db, claim, now), claim, now);
        // Attempts still in flight count here too: a remembered credential is a guess evaluated.
        if (refused) return refused.retryAt;
      }
      return null;
    },
    async settle(hitIds) {
      if (hitIds.length === 0) return;
      await db.update(throttleHits).set({ pending: false }).where(inArray(throttleHits.id, hitIds));
    },
    async release(hitIds) {
      if (hitIds.length === 0) return;
      await db.delete(throttleHits).where(inArray(throttleHits.id, hitIds));
    },
    async clear(key) {
      // One statement, one round trip: every successful sign-in clears its keys.
      await db.execute(sql`
        with hits as (delete from throttle_hits where key = ${key})
        delete from throttle_blocks where key = ${key}`);
    },
    async deleteExpired(hitsBefore, strikesBefore, now) {
      const hits = await db.delete(throttleHits).where(lt(throttleHits.at, hitsBefore));
      const blocks = await db
        .delete(throttleBlocks)
        .where(and(lt(throttleBlocks.until, now), lt(throttleBlocks.struckAt, strikesBefore)));
      return (hits.rowCount ?? 0) + (blocks.rowCount ?? 0);
    },
  };
}
