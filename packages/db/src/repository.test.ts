import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type NewAuditEvent,
  type Repository,
  type ThrottleClaim,
  UniqueViolation,
  isAccountGone,
} from './repo.ts';
import { openDatabase } from './sqlite/open.ts';
import { type TestStore, createTestStore } from './testing/index.ts';

// One suite for every backend: this file runs in the SQLite projects and in the PostgreSQL ones
// (see vitest.config.ts). A second Repository on the same store stands for a second instance.

let dir: string;
let store: TestStore;
let repo: Repository;
const now = Date.UTC(2026, 0, 1);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'acct-db-'));
  store = await createTestStore(dir);
  repo = await store.open();
});
afterEach(async () => {
  await repo.close();
  await store.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** The query plan of `query` on this backend, as one line of text. */
async function plan(query: string): Promise<string> {
  if (store.backend === 'sqlite') {
    const db = openDatabase(join(dir, 'acct.db'));
    try {
      return (db.$client.prepare(`explain query plan ${query}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    } finally {
      db.$client.close();
    }
  }
  const client = new pg.Client({ connectionString: store.env.DATABASE_URL });
  await client.connect();
  try {
    // A near-empty table is cheaper to scan: ask whether the index serves, not whether it pays yet.
    await client.query('set enable_seqscan = off');
    const result = await client.query<{ 'QUERY PLAN': string }>(`explain ${query}`);
    return result.rows.map((r) => r['QUERY PLAN']).join(' | ');
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` with a second instance's Repository on PostgreSQL. SQLite serves one process (a
 * second connection in this one would wait on the first's write lock): there it is `repo` itself.
 */
async function withSecondInstance<T>(work: (other: Repository) => Promise<T>): Promise<T> {
  if (store.backend === 'sqlite') return work(repo);
  const other = await store.open();
  try {
    return await work(other);
  } finally {
    await other.close();
  }
}

const addUser = (username: string, email: string | null = null) =>
  repo.users.insert({ username, passwordHash: 'h', email, createdAt: now });

/** The event an erasure leaves behind (the id, the time, the face). */
const tombstone = (userId: number): NewAuditEvent => ({
  at: now,
  kind: 'account_delete',
  outcome: 'success',
  userId,
  subject: null,
  actorId: null,
  ip: null,
  face: 'trpc',
  userAgent: null,
  requestId: null,
  detail: null,
});

describe('users', () => {
  it('keeps the username as typed and finds it without regard to case', async () => {
    const user = await addUser('Lambo');
    expect(user.username).toBe('Lambo');
    expect((await repo.users.byUsername('lAMBO'))?.id).toBe(user.id);
    expect(await repo.users.usernameExists('LAMBO')).toBe(true);
    expect(await repo.users.usernameExists('lamb')).toBe(false);
  });

  it('refuses a second account whose username or email differs only in case', async () => {
    await addUser('Lambo', 'Lambo@Example.com');
    await expect(addUser('lambo')).rejects.toEqual(new UniqueViolation('username'));
    await expect(addUser('other', 'lambo@example.COM')).rejects.toEqual(
      new UniqueViolation('email'),
    );
    const other = await addUser('other2', 'x@example.com');
    await expect(
      repo.users.updateProfile(other.id, { email: 'LAMBO@example.com' }, now),
    ).rejects.toBeInstanceOf(UniqueViolation);
    expect((await repo.users.byId(other.id))?.email).toBe('x@example.com');
  });

  it('changes the password and ends every other session in one step', async () => {
    const user = await addUser('carol');
    const session = (n: number) =>
      repo.sessions.insert({
        tokenHash: Buffer.alloc(32, n),
        userId: user.id,
        createdAt: now,
        expiresAt: now + 1000,
        userAgent: null,
        ip: null,
      });
    const kept = await session(1);
    await session(2);
    await repo.users.changePassword(user.id, 'new-hash', now + 1, kept.id);
    expect((await repo.users.byId(user.id))?.passwordHash).toBe('new-hash');
    expect((await repo.sessions.listForUser(user.id, now)).map((s) => s.id)).toEqual([kept.id]);
  });
});

describe('sessions', () => {
  it('finds a session by id only while it is live and its secret matches, with its user', async () => {
    const user = await addUser('dave');
    const { id } = await repo.sessions.insert({
      tokenHash: Buffer.alloc(32, 7),
      userId: user.id,
      createdAt: now,
      expiresAt: now + 10,
      userAgent: 'ua',
      ip: '::1',
    });
    expect((await repo.sessions.findLive(id, Buffer.alloc(32, 7), now + 9))?.user.username).toBe(
      'dave',
    );
    expect(await repo.sessions.findLive(id, Buffer.alloc(32, 7), now + 10)).toBeUndefined();
    expect(await repo.sessions.findLive(id, Buffer.alloc(32, 8), now)).toBeUndefined();
    expect(await repo.sessions.findLive(id + 1, Buffer.alloc(32, 7), now)).toBeUndefined();
  });
  it('refuses a session for an account that is gone as isAccountGone, which a unique violation is not', async () => {
    const erin = await addUser('erin');
    await repo.users.deleteAccount(erin.id, tombstone(erin.id), []);
    const refused = await repo.sessions
      .insert({
        tokenHash: Buffer.alloc(32, 9),
        userId: erin.id,
        createdAt: now,
        expiresAt: now + 10,
        userAgent: null,
        ip: null,
      })
      .catch((error: unknown) => error);
    expect(isAccountGone(refused)).toBe(true);
    const duplicate = await addUser('ERIN2')
      .then(() => addUser('erin2'))
      .catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(UniqueViolation);
    expect(isAccountGone(duplicate)).toBe(false);
    expect(await repo.sessions.listForUser(erin.id, now)).toEqual([]);
  });
});

describe('recovery tokens', () => {
  it('are single-use, bound to their user, expire, and are superseded by a newer one', async () => {
    const alice = await addUser('alice');
    const bob = await addUser('bob');
    const token = (n: number, userId: number, expiresAt = now + 600_000) => ({
      tokenHash: Buffer.alloc(32, n),
      userId,
      createdAt: now,
      expiresAt,
    });
    await repo.recovery.issue(token(1, alice.id));
    expect(await repo.recovery.resetPassword(Buffer.alloc(32, 1), bob.id, 'x', now)).toBe(false);
    expect(
      await repo.recovery.resetPassword(Buffer.alloc(32, 1), alice.id, 'x', now + 600_000),
    ).toBe(false);
    expect(await repo.recovery.resetPassword(Buffer.alloc(32, 1), alice.id, 'x', now)).toBe(true);
    expect(await repo.recovery.resetPassword(Buffer.alloc(32, 1), alice.id, 'y', now)).toBe(false);
    expect((await repo.users.byId(alice.id))?.passwordHash).toBe('x');

    await repo.recovery.issue(token(2, alice.id));
    await repo.recovery.issue(token(3, alice.id));
    expect(await repo.recovery.resetPassword(Buffer.alloc(32, 2), alice.id, 'z', now)).toBe(false);
    expect(await repo.recovery.resetPassword(Buffer.alloc(32, 3), alice.id, 'z', now)).toBe(true);
  });
});

describe('pictures', () => {
  it('keep only the current picture of a user and report the replaced ones', async () => {
    const user = await addUser('erin');
    const picture = (name: string) => ({
      name,
      userId: user.id,
      bytes: 1,
      width: 1,
      height: 1,
      createdAt: now,
    });
    expect(await repo.pictures.replace(picture('a.jpg'))).toEqual([]);
    expect(await repo.pictures.replace(picture('b.jpg'))).toEqual(['a.jpg']);
    expect((await repo.users.byId(user.id))?.picture).toBe('b.jpg');
  });

  it("tell which of a batch of names are some user's current picture", async () => {
    const erin = await addUser('erin');
    const finn = await addUser('finn');
    const picture = (name: string, userId: number) => ({
      name,
      userId,
      bytes: 1,
      width: 1,
      height: 1,
      createdAt: now,
    });
    await repo.pictures.replace(picture('a.jpg', erin.id));
    await repo.pictures.replace(picture('b.jpg', erin.id));
    await repo.pictures.replace(picture('c.jpg', finn.id));
    expect((await repo.pictures.referenced(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'])).sort()).toEqual([
      'b.jpg',
      'c.jpg',
    ]);
    expect(await repo.pictures.referenced([])).toEqual([]);
  });
});

describe('admin queries', () => {
  it('pages by lowercased username with a keyset and matches prefixes literally', async () => {
    for (const name of ['alpha', 'Alpine', 'al_x', 'alx', 'beta', 'a%b', 'zed']) {
      if (/^[A-Za-z0-9_.-]+$/.test(name)) await addUser(name);
    }
    const page1 = await repo.users.list({ prefix: '', after: null, limit: 3 });
    expect(page1.map((u) => u.username)).toEqual(['al_x', 'alpha', 'Alpine']);
    const page2 = await repo.users.list({ prefix: '', after: 'alpine', limit: 3 });
    expect(page2.map((u) => u.username)).toEqual(['alx', 'beta', 'zed']);
    expect(
      (await repo.users.list({ prefix: 'AL', after: null, limit: 10 })).map((u) => u.username),
    ).toEqual(['al_x', 'alpha', 'Alpine', 'alx']);
    expect(
      (await repo.users.list({ prefix: 'al_', after: null, limit: 10 })).map((u) => u.username),
    ).toEqual(['al_x']);
    expect(await repo.users.list({ prefix: '%', after: null, limit: 10 })).toEqual([]);
  });

  it('uses the indexes: no full scan for a page, a look-up, counting admins or the sweeps', async () => {
    // The key as each backend's index defines it (PostgreSQL compares it as bytes, like SQLite).
    const key = store.backend === 'sqlite' ? 'lower(username)' : 'lower(username) collate "C"';
    expect(
      await plan(
        `select * from users where ${key} >= 'a' and ${key} < 'a\x7f' and ${key} > 'ab' order by ${key} limit 20`,
      ),
    ).toMatch(/users_username_ci/);
    expect(await plan(`select * from users where ${key} = lower('Lambo')`)).toMatch(
      /users_username_ci/,
    );
    expect(
      await plan('select count(*) from users where role = 1 and disabled_at is null'),
    ).toContain('users_admins');
    // The sweeps of expired rows probe an index instead of scanning millions of sessions.
    expect(await plan('delete from sessions where expires_at <= 0')).toContain(
      'sessions_expires_at',
    );
    expect(await plan('delete from recovery_tokens where expires_at <= 0')).toContain(
      'recovery_tokens_expires_at',
    );
  });

  it('never leaves zero active admins, however two demotions race (on two instances)', async () => {
    const [a, b] = [await addUser('admin_a'), await addUser('admin_b')];
    await repo.users.setRole(a.id, 1, now);
    await repo.users.setRole(b.id, 1, now);
    // Each admin demotes the other, on its own instance, at the same moment: one must lose.
    const demoted = await withSecondInstance((other) =>
      Promise.all([repo.users.setRole(b.id, 0, now), other.users.setRole(a.id, 0, now)]),
    );
    expect(demoted.filter(Boolean)).toHaveLength(1);
    expect(await repo.users.countActiveAdmins()).toBe(1);
    // The same race by disabling each other.
    await repo.users.setRole(a.id, 1, now);
    await repo.users.setRole(b.id, 1, now);
    const disabled = await withSecondInstance((other) =>
      Promise.all([
        repo.users.setDisabled(b.id, now, now),
        other.users.setDisabled(a.id, now, now),
      ]),
    );
    expect(disabled.filter(Boolean)).toHaveLength(1);
    expect(await repo.users.countActiveAdmins()).toBe(1);
    // The last one stays, alone or not; promoting and enabling are never refused.
    const [last] = (await Promise.all([repo.users.byId(a.id), repo.users.byId(b.id)])).filter(
      (u) => u?.role === 1 && u.disabledAt === null,
    );
    expect(await repo.users.setRole(last!.id, 0, now)).toBe(false);
    expect(await repo.users.setDisabled(last!.id, now, now)).toBe(false);
    const gone = last!.id === a.id ? b : a;
    expect(await repo.users.setDisabled(gone.id, null, now)).toBe(true);
  });

  it('disabling ends every session; counting admins ignores disabled ones', async () => {
    const admin = await addUser('boss');
    await repo.users.setRole(admin.id, 1, now);
    await repo.users.setRole((await addUser('deputy')).id, 1, now);
    expect(await repo.users.countActiveAdmins()).toBe(2);
    await repo.sessions.insert({
      tokenHash: Buffer.alloc(32, 9),
      userId: admin.id,
      createdAt: now,
      expiresAt: now + 1000,
      userAgent: null,
      ip: null,
    });
    expect(await repo.users.setDisabled(admin.id, now, now)).toBe(true);
    expect(await repo.users.countActiveAdmins()).toBe(1);
    expect(await repo.sessions.listForUser(admin.id, now)).toEqual([]);
    await repo.users.setDisabled(admin.id, null, now);
    expect((await repo.users.byId(admin.id))?.disabledAt).toBeNull();
  });
});

const rule = { max: 3, windowMs: 60_000, maxBlockMs: 240_000 };
const claim = (key: string): ThrottleClaim => ({ key, rule });
const settled = { pending: false };

describe('throttle', () => {
  it('grants up to max hits in the window, then blocks for the window', async () => {
    for (let i = 0; i < 3; i += 1)
      expect((await repo.throttle.take([claim('k')], now + i, settled)).granted).toBe(true);
    expect(await repo.throttle.take([claim('k')], now + 10, settled)).toEqual({
      granted: false,
      key: 'k',
      retryAt: now + 10 + 60_000,
      newlyBlocked: true,
      busy: false,
    });
    expect(await repo.throttle.take([claim('k')], now + 20, settled)).toEqual({
      granted: false,
      key: 'k',
      retryAt: now + 10 + 60_000,
      newlyBlocked: false,
      busy: false,
    });
    expect(await repo.throttle.refusedUntil([claim('k')], now + 20)).toBe(now + 10 + 60_000);
    expect(await repo.throttle.refusedUntil([claim('other')], now + 20)).toBeNull();
  });

  it('is atomic for many claims taken in parallel, on two instances', async () => {
    const verdicts = await withSecondInstance((other) =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? other : repo).throttle.take([claim('burst'), claim(`a${i % 3}`)], now, settled),
        ),
      ),
    );
    expect(verdicts.filter((v) => v.granted)).toHaveLength(3);
  });

  it('refuses a window full of pending attempts only briefly, blocks nothing, and blocks nothing', async () => {
    const pending = await Promise.all(
      Array.from({ length: 3 }, () => repo.throttle.take([claim('p')], now, { pending: true })),
    );
    expect(await repo.throttle.take([claim('p')], now, { pending: true })).toEqual({
      granted: false,
      key: 'p',
      retryAt: now + 1_000,
      newlyBlocked: false,
      busy: true,
    });
    expect(await repo.throttle.refusedUntil([claim('p')], now)).toBe(now + 1_000);
    // Failed: they are settled, and the next attempt blocks the key.
    await repo.throttle.settle(pending.flatMap((v) => (v.granted ? v.hitIds : [])));
    expect(await repo.throttle.take([claim('p')], now, { pending: true })).toMatchObject({
      granted: false,
      newlyBlocked: true,
    });
    expect(await repo.throttle.refusedUntil([claim('p')], now)).toBe(now + 60_000);
  });

  it('takes all claims or none', async () => {
    for (let i = 0; i < 3; i += 1) await repo.throttle.take([claim('full')], now, settled);
    const verdict = await repo.throttle.take([claim('free'), claim('full')], now, settled);
    expect(verdict).toMatchObject({ granted: false, key: 'full' });
    expect(await repo.throttle.take([claim('free')], now, settled)).toMatchObject({
      granted: true,
    });
    expect(await repo.throttle.take([claim('free')], now, settled)).toMatchObject({
      granted: true,
    });
    expect(await repo.throttle.take([claim('free')], now, settled)).toMatchObject({
      granted: true,
    });
    expect(await repo.throttle.take([claim('free')], now, settled)).toMatchObject({
      granted: false,
    });
  });

  it('doubles each block within a day, up to the cap, and forgets strikes after a day', async () => {
    const blockAt = async (at: number) => {
      for (let i = 0; i < 3; i += 1) await repo.throttle.take([claim('b')], at, settled);
      const verdict = await repo.throttle.take([claim('b')], at, settled);
      return verdict.granted ? 0 : verdict.retryAt - at;
    };
    let at = now;
    const lengths: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const length = await blockAt(at);
      lengths.push(length);
      at += length + 1;
    }
    expect(lengths).toEqual([60_000, 120_000, 240_000, 240_000]);
    expect(await blockAt(at + 24 * 3_600_000)).toBe(60_000);
  });

  it('releases hits and clears a key', async () => {
    const first = await repo.throttle.take([claim('r')], now, settled);
    await repo.throttle.take([claim('r')], now, settled);
    await repo.throttle.take([claim('r')], now, settled);
    if (!first.granted) throw new Error('expected a grant');
    await repo.throttle.release(first.hitIds);
    expect((await repo.throttle.take([claim('r')], now, settled)).granted).toBe(true);
    expect((await repo.throttle.take([claim('r')], now, settled)).granted).toBe(false);
    await repo.throttle.clear('r');
    expect((await repo.throttle.take([claim('r')], now, settled)).granted).toBe(true);
  });

  it('sweeps hits past the window and blocks with no strike for a day', async () => {
    for (let i = 0; i < 4; i += 1) await repo.throttle.take([claim('s')], now, settled);
    expect(await repo.throttle.deleteExpired(now - 1, now - 1, now)).toBe(0);
    const later = now + 24 * 3_600_000 + 1;
    expect(await repo.throttle.deleteExpired(later - 60_000, later - 24 * 3_600_000, later)).toBe(
      4,
    );
  });
});

describe('sign-in addresses', () => {
  it('knows an address since a time, and forgets old ones', async () => {
    const user = await repo.users.insert({ username: 'addr', passwordHash: 'h', createdAt: now });
    await repo.signInAddresses.remember(user.id, '192.0.2.1', now);
    expect(await repo.signInAddresses.known(user.id, '192.0.2.1', now - 1)).toBe(true);
    expect(await repo.signInAddresses.known(user.id, '192.0.2.1', now + 1)).toBe(false);
    expect(await repo.signInAddresses.known(user.id, '192.0.2.2', now - 1)).toBe(false);
    await repo.signInAddresses.remember(user.id, '192.0.2.1', now + 2 * 24 * 3_600_000);
    expect(await repo.signInAddresses.known(user.id, '192.0.2.1', now + 24 * 3_600_000)).toBe(true);
    expect(await repo.signInAddresses.deleteOlderThan(now + 3 * 24 * 3_600_000)).toBe(1);
  });
});

describe('audit', () => {
  const event = (kind: string, at: number, userId: number | null = 1) => ({
    at,
    kind,
    outcome: 'success',
    userId,
    subject: userId === null ? 'ghost' : null,
    actorId: null,
    ip: '192.0.2.1',
    face: 'trpc',
    userAgent: null,
    requestId: null,
    detail: null,
  });

  it('lists newest first with every filter and keyset bound, and deletes only by age', async () => {
    await repo.audit.append(event('login', now));
    await repo.audit.append(event('logout', now + 1));
    await repo.audit.append(event('login', now + 2, 2));
    await repo.audit.append(event('login', now + 3, null));
    const all = await repo.audit.list({ limit: 10 });
    expect(all.map((e) => e.at)).toEqual([now + 3, now + 2, now + 1, now]);
    expect((await repo.audit.list({ userId: 1, limit: 10 })).map((e) => e.kind)).toEqual([
      'logout',
      'login',
    ]);
    expect((await repo.audit.list({ kinds: ['login'], limit: 10 })).map((e) => e.at)).toEqual([
      now + 3,
      now + 2,
      now,
    ]);
    expect((await repo.audit.list({ subject: 'ghost', limit: 10 })).map((e) => e.at)).toEqual([
      now + 3,
    ]);
    expect(
      (await repo.audit.list({ from: now + 1, to: now + 3, limit: 10 })).map((e) => e.at),
    ).toEqual([now + 2, now + 1]);
    const [newest] = all;
    expect((await repo.audit.list({ beforeId: newest!.id, limit: 1 })).map((e) => e.at)).toEqual([
      now + 2,
    ]);
    expect((await repo.audit.list({ afterId: all[2]!.id, limit: 10 })).map((e) => e.at)).toEqual([
      now + 3,
      now + 2,
    ]);
    expect(await repo.audit.deleteOlderThan(now + 2)).toBe(2);
    expect(await repo.audit.list({ limit: 10 })).toHaveLength(2);
  });
});
