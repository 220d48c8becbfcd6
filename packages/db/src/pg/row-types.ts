import type * as sqlite from '../tables.ts';
import type * as pg from './tables.ts';

// Compile-time proof that both backends hand out the same rows: the Repository's types are
// inferred from the SQLite tables, and the PostgreSQL ones must match them exactly.

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

export type RowTypesMatch = [
  Same<Row<typeof sqlite.users>, Row<typeof pg.users>>,
  Same<Row<typeof sqlite.sessions>, Row<typeof pg.sessions>>,
  Same<Row<typeof sqlite.recoveryTokens>, Row<typeof pg.recoveryTokens>>,
  Same<Row<typeof sqlite.pictures>, Row<typeof pg.pictures>>,
  Same<Row<typeof sqlite.throttleHits>, Row<typeof pg.throttleHits>>,
  Same<Row<typeof sqlite.throttleBlocks>, Row<typeof pg.throttleBlocks>>,
  Same<Row<typeof sqlite.signInAddresses>, Row<typeof pg.signInAddresses>>,
  Same<Row<typeof sqlite.auditEvents>, Row<typeof pg.auditEvents>>,
  Same<Row<typeof sqlite.meta>, Row<typeof pg.meta>>,
  Same<Row<typeof sqlite.totpFactors>, Row<typeof pg.totpFactors>>,
  Same<Row<typeof sqlite.recoveryCodes>, Row<typeof pg.recoveryCodes>>,
  Same<Row<typeof sqlite.passkeys>, Row<typeof pg.passkeys>>,
  Same<Row<typeof sqlite.authChallenges>, Row<typeof pg.authChallenges>>,
] extends true[]
  ? true
  : never;

const proof: RowTypesMatch = true;
void proof;
