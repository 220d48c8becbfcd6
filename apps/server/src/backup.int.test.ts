import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorKind } from '@acct/client';
import { afterAll, describe, expect, it } from 'vitest';
import { seedPassword, seedUsername } from './seed.ts';
import { runCli, startCli } from './testing/cli.ts';
import { startTestServer } from './testing/start-server.ts';

const password = (username: string) => `${username} has a long password`;
const SEEDED = 20_000;

const backupDir = mkdtempSync(join(tmpdir(), 'acct-backups-'));
afterAll(() => rmSync(backupDir, { recursive: true, force: true }));

describe('pnpm cli backup', () => {
  const title =
    'copies the live database under write load; the copy with its secret.key restores, and every account ' +
    'acknowledged before the backup logs in';
  // @see issue 11 (backup and restore, ASVS 14.1.4)
  it(title, { timeout: 180_000 }, async () => {
    const live = await startTestServer();
    try {
      // Some bulk (20,000 accounts, ~900 pages): the copy is many of better-sqlite3's default 100-page
      // steps. Not spawnSync: the server runs in this process, and a blocked event loop holds its write lock.
      const seeded = await startCli({ DATA_DIR: live.dataDir }, ['seed', '--users', String(SEEDED)])
        .done;
      expect(seeded.status, seeded.stderr).toBe(0);

      // The load, over HTTP: registrations (each acknowledged one recorded) and profile updates.
      const anonymous = live.client();
      const acknowledged: string[] = [];
      let updates = 0;
      let running = true;
      const register = async (worker: number) => {
        for (let n = 0; running; n += 1) {
          const username = `load_${worker}_${n}`;
          try {
            await anonymous.account.register.mutate({
              username,
              password: password(username),
              email: `${username}@example.com`,
              question: 'Which worker?',
              answer: String(worker),
            });
            acknowledged.push(username);
          } catch (error) {
            // A per-address throttle on registrations may refuse some; a refused one is not acknowledged.
            if (errorKind(error) !== 'RATE_LIMITED') throw error;
            await sleep(100);
          }
        }
      };
      // Made before the load starts: addAccount opens a second connection in this process, whose
      // synchronous wait for the write lock would stall the event loop that the server commits on.
      const updaters: ReturnType<typeof live.client>[] = [];
      for (const worker of [0, 1, 2, 3, 4, 5]) {
        const username = `updater_${worker}`;
        await live.addAccount({ username, password: password(username) });
        const { token } = await anonymous.auth.login.mutate({
          username,
          password: password(username),
          via: 'token',
        });
        updaters.push(live.client(token!));
      }
      const update = async (worker: number) => {
        for (let n = 0; running; n += 1) {
          await updaters[worker]!.account.updateProfile.mutate({ nickname: `${worker}:${n}` });
          updates += 1;
        }
      };
      let failed: unknown = null;
      const workers = [
        register(0),
        register(1),
        ...updaters.map((_, worker) => update(worker)),
      ].map((w) =>
        w.catch((error: unknown) => {
          failed = error;
        }),
      );

      while ((acknowledged.length < 8 || updates < 200) && failed === null) await sleep(50);
      if (failed !== null) throw new Error('a writer failed', { cause: failed });
      const before = [...acknowledged];
      const [updatesAtStart, registeredAtStart] = [updates, acknowledged.length];
      const out = join(backupDir, 'acct.db');
      const backup = await startCli({ DATA_DIR: live.dataDir }, ['backup', '--out', out]).done;
      const [updatesDuring, registeredDuring] = [
        updates - updatesAtStart,
        acknowledged.length - registeredAtStart,
      ];
      running = false;
      await Promise.all(workers);
      if (failed !== null) throw new Error('a writer failed', { cause: failed });

      expect(backup.stderr).toBe('');
      expect(backup.status).toBe(0);
      expect(backup.stdout).toMatch(/^backed up .+ to .+: \d+ pages/);
      // The server went on committing while the backup process ran.
      expect(updatesDuring).toBeGreaterThan(50);
      expect(registeredDuring).toBeGreaterThan(0);

      // Refuses to overwrite, even the copy it just made.
      const again = runCli({ DATA_DIR: live.dataDir }, ['backup', '--out', out]);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain(`${out} exists`);

      // Restored beside another secret, the fingerprint refuses it (it would fail every password).
      const wrongDir = mkdtempSync(join(tmpdir(), 'acct-restore-'));
      copyFileSync(out, join(wrongDir, 'acct.db'));
      writeFileSync(join(wrongDir, 'secret.key'), `${randomBytes(32).toString('hex')}\n`);
      const wrong = runCli({ DATA_DIR: wrongDir }, [
        'user:add',
        '--username',
        'nobody',
        '--password',
        password('nobody'),
      ]);
      rmSync(wrongDir, { recursive: true, force: true });
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain('does not hold the secret');

      // The restore of docs/operations.md: the copy as acct.db and the secret.key kept apart from it.
      const restoreDir = mkdtempSync(join(tmpdir(), 'acct-restore-'));
      copyFileSync(out, join(restoreDir, 'acct.db'));
      copyFileSync(join(live.dataDir, 'secret.key'), join(restoreDir, 'secret.key'));
      const restored = await startTestServer({}, { dataDir: restoreDir });
      try {
        const client = restored.client();
        const logIn = (username: string, secret: string) =>
          client.auth.login
            .mutate({ username, password: secret, via: 'token' })
            .then((r) => r.user.username);
        const accounts = [
          ...before.map((username) => [username, password(username)] as const),
          ...[0, 1, SEEDED - 1].map((i) => [seedUsername(i), seedPassword(i)] as const),
        ];
        expect(await Promise.all(accounts.map(([u, p]) => logIn(u, p)))).toEqual(
          accounts.map(([u]) => u),
        );
        expect(await logIn('updater_0', password('updater_0'))).toBe('updater_0');
      } finally {
        await restored.close();
      }
    } finally {
      await live.close();
    }
  });
});
