import { sql } from 'drizzle-orm';
import type { PgDb } from './open.ts';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/**
 * Every change that can take away an active administrator holds this transaction-scoped lock
 * while it checks and writes: two admins demoting each other on two instances run one after the
 * other, and the second sees that the first left only itself.
 */
const ADMINS_LOCK = 0x61636374_0001n; // 'acct' + 1: any fixed number unique to this purpose

export async function lockAdmins(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ADMINS_LOCK})`);
}

/** True when `id` is the only active administrator (the partial index users_admins finds them). */
export async function wouldLeaveNoAdmin(tx: Tx, id: number): Promise<boolean> {
  const result = await tx.execute<{ last: boolean }>(sql`
    select exists (select 1 from users where id = ${id} and role = 1 and disabled_at is null)
       and not exists (select 1 from users where role = 1 and disabled_at is null and id <> ${id})
       as last`);
  return result.rows[0]?.last === true;
}
