import { and, asc, count, eq, gt, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { type FactorsRepo, UniqueViolation } from '../repo.ts';
import { passkeys, recoveryCodes, totpFactors } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

export function sqliteFactors(db: SqliteDb, write: Write): FactorsRepo {
  const summary = db.$client.prepare<[number, number], { totp: number; passkeys: number }>(
    `select exists (select 1 from totp_factors where user_id = ? and confirmed_at is not null) as totp,
            (select count(*) from passkeys where user_id = ?) as passkeys`,
  );
  const insertCodes = (userId: number, codeHashes: readonly Buffer[], now: number) => {
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    if (codeHashes.length > 0)
      db.insert(recoveryCodes)
        .values(codeHashes.map((codeHash) => ({ userId, codeHash, usedAt: null, createdAt: now })))
        .run();
  };

  return {
    async summary(userId) {
      const row = summary.get(userId, userId);
      return { totp: row?.totp === 1, passkeys: row?.passkeys ?? 0 };
    },
    async totp(userId) {
      return db.select().from(totpFactors).where(eq(totpFactors.userId, userId)).get();
    },
    async beginTotp(userId, sealedSecret, now) {
      return write(() => {
        const row = { userId, sealedSecret, confirmedAt: null, lastStep: null, createdAt: now };
        // Replaces only an unconfirmed key: a confirmed one must be disabled first.
        return (
          db
            .insert(totpFactors)
            .values(row)
            .onConflictDoUpdate({
              target: totpFactors.userId,
              set: { sealedSecret, lastStep: null, createdAt: now },
              setWhere: isNull(totpFactors.confirmedAt),
            })
            .run().changes === 1
        );
      });
    },
    async confirmTotp(userId, step, codeHashes, now) {
      return write(() => {
        const confirmed = db
          .update(totpFactors)
          .set({ confirmedAt: now, lastStep: step })
          .where(and(eq(totpFactors.userId, userId), isNull(totpFactors.confirmedAt)))
          .run().changes;
        if (confirmed !== 1) return false;
        insertCodes(userId, codeHashes, now);
        return true;
      });
    },
    async acceptTotpStep(userId, step) {
      return write(
        () =>
          db
            .update(totpFactors)
            .set({ lastStep: step })
            .where(
              and(
                eq(totpFactors.userId, userId),
                isNotNull(totpFactors.confirmedAt),
                or(isNull(totpFactors.lastStep), sql`${totpFactors.lastStep} < ${step}`),
              ),
            )
            .run().changes === 1,
      );
    },
    async removeTotp(userId) {
      return write(() => {
        db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
        return db.delete(totpFactors).where(eq(totpFactors.userId, userId)).run().changes === 1;
      });
    },
    async replaceRecoveryCodes(userId, codeHashes, now) {
      await write(() => insertCodes(userId, codeHashes, now));
    },
    async spendRecoveryCode(userId, codeHash, now) {
      return write(
        () =>
          db
            .update(recoveryCodes)
            .set({ usedAt: now })
            .where(
              and(
                eq(recoveryCodes.userId, userId),
                eq(recoveryCodes.codeHash, codeHash),
                isNull(recoveryCodes.usedAt),
              ),
            )
            .run().changes === 1,
      );
    },
    async recoveryCodesLeft(userId) {
      const row = db
        .select({ n: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
        .get();
      return row?.n ?? 0;
    },
    async passkeys(userId) {
      return db
        .select()
        .from(passkeys)
        .where(eq(passkeys.userId, userId))
        .orderBy(asc(passkeys.createdAt), asc(passkeys.id))
        .all();
    },
    async passkey(id) {
      return db.select().from(passkeys).where(eq(passkeys.id, id)).get();
    },
    async addPasskey(passkey) {
      const added = await write(
        () =>
          db
            .insert(passkeys)
            .values({ ...passkey, lastUsedAt: null })
            .onConflictDoNothing()
            .run().changes,
      );
      if (added !== 1) throw new UniqueViolation('passkey');
    },
    async renamePasskey(userId, id, name) {
      return write(
        () =>
          db
            .update(passkeys)
            .set({ name })
            .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
            .run().changes === 1,
      );
    },
    async removePasskey(userId, id) {
      return write(
        () =>
          db
            .delete(passkeys)
            .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
            .run().changes === 1,
      );
    },
    async usePasskey(id, counter, now) {
      return write(
        () =>
          db
            .update(passkeys)
            .set({ counter, lastUsedAt: now })
            .where(
              and(
                eq(passkeys.id, id),
                // An authenticator without a counter reports 0 every time; one with a counter
                // must move it forward, or it is a clone.
                counter === 0 ? eq(passkeys.counter, 0) : gt(sql`${counter}`, passkeys.counter),
              ),
            )
            .run().changes === 1,
      );
    },
    async removeAll(userId) {
      return write(() => {
        const totp =
          db
            .delete(totpFactors)
            .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt)))
            .run().changes === 1;
        db.delete(totpFactors).where(eq(totpFactors.userId, userId)).run();
        db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
        const removed = db.delete(passkeys).where(eq(passkeys.userId, userId)).run().changes;
        return { totp, passkeys: removed };
      });
    },
  };
}
