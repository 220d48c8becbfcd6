import type Database from 'better-sqlite3';

export type Write = <T>(change: () => T) => Promise<T>;

/**
 * Group commit: the changes made during one turn of the event loop share one transaction,
 * committed (and, with synchronous=FULL, fsynced) once at the end of the turn. Each change's
 * promise settles only after that COMMIT, so nothing is acknowledged before it is on disk,
 * and one fsync is shared by every request of the turn instead of paid by each.
 *
 * Each change runs in its own savepoint: one that throws (a unique violation) is rolled back
 * alone and rejected at once; the others still commit. If the COMMIT fails, every change of
 * the turn is rolled back and rejected: none of them was acknowledged.
 *
 * Reads on this connection during the turn see the turn's uncommitted changes. Only requests
 * running in the same turn can observe that, and only if the COMMIT then fails.
 */
export function createGroupCommit(sqlite: Database.Database) {
  let turn: { acknowledge: (() => void)[]; refuse: ((error: unknown) => void)[] } | null = null;
  const [begin, open, release, undo] = [
    'BEGIN IMMEDIATE',
    'SAVEPOINT change',
    'RELEASE change',
    'ROLLBACK TO change',
  ].map((statement) => sqlite.prepare(statement)) as [
    Database.Statement,
    Database.Statement,
    Database.Statement,
    Database.Statement,
  ];

  function inSavepoint<T>(change: () => T): T {
    open.run();
    try {
      const result = change();
      release.run();
      return result;
    } catch (error) {
      undo.run();
      release.run();
      throw error;
    }
  }

  function flush() {
    const ending = turn;
    if (!ending) return;
    turn = null;
    try {
      sqlite.exec('COMMIT');
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      for (const refuse of ending.refuse) refuse(error);
      return;
    }
    for (const acknowledge of ending.acknowledge) acknowledge();
  }

  function write<T>(change: () => T): Promise<T> {
    let result: T;
    try {
      if (!turn) {
        begin.run();
        turn = { acknowledge: [], refuse: [] };
        setImmediate(flush);
      }
      result = inSavepoint(change);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const { acknowledge, refuse } = turn;
    return new Promise((resolve, reject) => {
      acknowledge.push(() => resolve(result));
      refuse.push(reject);
    });
  }

  /** `flush` commits the open turn now (before closing the database). */
  return { write: write, flush };
}
