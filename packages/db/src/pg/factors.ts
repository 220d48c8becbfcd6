import { and, asc, count, eq, gt, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { type FactorsRepo, UniqueViolation } from '../repo.ts';
import type { PgDb } from './open.ts';
import { passkeys, recoveryCodes, totpFactors } from './tables.ts';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

async function insertCodes(tx: Tx, userId: number, codeHashes: readonly Buffer[], now: number) {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codeHashes.length > 0)
    await tx
      .insert(recoveryCodes)
      .values(codeHashes.map((codeHash) => ({ userId, codeHash, usedAt: null, createdAt: now })));
}

export function pgFactors(db: PgDb): FactorsRepo {
  return {
    async summary(userId) {
      const result = await db.execute<{ totp: boolean; passkeys: number }>(sql`
        select exists (select 1 from totp_factors where user_id = ${userId} and confirmed_at is not null) as totp,
               (select count(*)::int from passkeys where user_id = ${userId}) as passkeys`);
      const row = result.rows[0];
      return { totp: row?.totp === true, passkeys: row?.passkeys ?? 0 };
    },
    async totp(userId) {
      const [row] = await db.select().from(totpFactors).where(eq(totpFactors.userId, userId));
      return row;
    },
    async beginTotp(userId, sealedSecret, now) {
      const row = { userId, sealedSecret, confirmedAt: null, lastStep: null, createdAt: now };
      // Replaces only an unconfirmed key: a confirmed one must be disabled first.
      const result = await db
        .insert(totpFactors)
        .values(row)
        .onConflictDoUpdate({
          target: totpFactors.userId,
          set: { sealedSecret, lastStep: null, createdAt: now },
          setWhere: isNull(totpFactors.confirmedAt),
        });
      return result.rowCount === 1;
    },
    async confirmTotp(userId, step, codeHashes, now) {
      return db.transaction(async (tx) => {
        const confirmed = await tx
          .update(totpFactors)
          .set({ confirmedAt: now, lastStep: step })
          .where(and(eq(totpFactors.userId, userId), isNull(totpFactors.confirmedAt)));
        if (confirmed.rowCount !== 1) return false;
        await insertCodes(tx, userId, codeHashes, now);
        return true;
      });
    },
    async acceptTotpStep(userId, step) {
      // The row lock makes a racing replay wait, then see the step taken.
      const result = await db
        .update(totpFactors)
        .set({ lastStep: step })
        .where(
          and(
            eq(totpFactors.userId, userId),
            isNotNull(totpFactors.confirmedAt),
            or(isNull(totpFactors.lastStep), sql`${totpFactors.lastStep} < ${step}`),
          ),
        );
      return result.rowCount === 1;
    },
    async removeTotp(userId) {
      return db.transaction(async (tx) => {
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        const removed = await tx.delete(totpFactors).where(eq(totpFactors.userId, userId));
        return removed.rowCount === 1;
      });
    },
    async replaceRecoveryCodes(userId, codeHashes, now) {
      await db.transaction((tx) => insertCodes(tx, userId, codeHashes, now));
    },
    async spendRecoveryCode(userId, codeHash, now) {
      const result = await db
        .update(recoveryCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(recoveryCodes.userId, userId),
            eq(recoveryCodes.codeHash, codeHash),
            isNull(recoveryCodes.usedAt),
          ),
        );
      return result.rowCount === 1;
    },
    async recoveryCodesLeft(userId) {
      const [row] = await db
        .select({ n: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
      return row?.n ?? 0;
    },
    async passkeys(userId) {
      return db
        .select()
        .from(passkeys)
        .where(eq(passkeys.userId, userId))
        .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
    },
    async passkey(id) {
      const [row] = await db.select().from(passkeys).where(eq(passkeys.id, id));
      return row;
    },
    async addPasskey(passkey) {
      const result = await db
        .insert(passkeys)
        .values({ ...passkey, lastUsedAt: null })
        .onConflictDoNothing();
      if (result.rowCount !== 1) throw new UniqueViolation('passkey');
    },
    async renamePasskey(userId, id, name) {
      const result = await db
        .update(passkeys)
        .set({ name })
        .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)));
      return result.rowCount === 1;
    },
    async removePasskey(userId, id) {
      const result = await db
        .delete(passkeys)
        .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)));
      return result.rowCount === 1;
    },
    async usePasskey(id, counter, now) {
      const result = await db
        .update(passkeys)
        .set({ counter, lastUsedAt: now })
        .where(
          and(
            eq(passkeys.id, id),
            // An authenticator without a counter reports 0 every time; one with a counter
            // must move it forward, or it is a clone.
            counter === 0 ? eq(passkeys.counter, 0) : gt(sql`${counter}`, passkeys.counter),
          ),
        );
      return result.rowCount === 1;
    },
    async removeAll(userId) {
      return db.transaction(async (tx) => {
        const totp = await tx
          .delete(totpFactors)
          .where(eq(totpFactors.userId, userId))
          .returning({ confirmedAt: totpFactors.confirmedAt });
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        const removed = await tx.delete(passkeys).where(eq(passkeys.userId, userId));
        return { totp: totp[0]?.confirmedAt != null, passkeys: removed.rowCount ?? 0 };
      });
    },
  };
}
