import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Repository, UniqueViolation } from '../repo.ts';
import { createSqliteRepository } from './index.ts';

let dir: string;
let repo: Repository;
const now = Date.UTC(2026, 0, 1);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'acct-db-'));
  repo = createSqliteRepository({ file: join(dir, 'test.db') });
});
afterEach(async () => {
  await repo.close();
  rmSync(dir, { recursive: true, force: true });
});

const addUser = (username: string, email: string | null = null) =>
  repo.users.insert({ username, passwordHash: 'h', email, createdAt: now });

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
    await expect(addUser('other', 'lambo@example.COM')).rejects.toEqual(new UniqueViolation('email'));
    const other = await addUser('other2', 'x@example.com');
    await expect(repo.users.updateProfile(other.id, { email: 'LAMBO@example.com' }, now)).rejects.toBeInstanceOf(
      UniqueViolation,
    );
    expect((await repo.users.byId(other.id))?.email).toBe('x@example.com');
  });

  it('changes the password and ends every other session in one step', async () => {
    const user = await addUser('carol');
    const session = (n: number) =>
      repo.sessions.insert({ tokenHash: Buffer.alloc(32, n), userId: user.id, createdAt: now, expiresAt: now + 1000, userAgent: null, ip: null });
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
    const { id } = await repo.sessions.insert({ tokenHash: Buffer.alloc(32, 7), userId: user.id, createdAt: now, expiresAt: now + 10, userAgent: 'ua', ip: '::1' });
    expect((await repo.sessions.findLive(id, Buffer.alloc(32, 7), now + 9))?.user.username).toBe('dave');
    expect(await repo.sessions.findLive(id, Buffer.alloc(32, 7), now + 10)).toBeUndefined();
    expect(await repo.sessions.findLive(id, Buffer.alloc(32, 8), now)).toBeUndefined();
    expect(await repo.sessions.findLive(id + 1, Buffer.alloc(32, 7), now)).toBeUndefined();
  });
});

describe('recovery tokens', () => {
  it('are single-use, bound to their user, expire, and are superseded by a newer one', async () => {
    const alice = await addUser('alice');
    const bob = await addUser('bob');
    const token = (n: number, userId: number, expiresAt = now + 600_000) => ({ tokenHash: Buffer.alloc(32, n), userId, createdAt: now, expiresAt });
    await repo.recovery.issue(token(1, alice.id));
    expect(await repo.recovery.resetPassword(Buffer.alloc(32, 1), bob.id, 'x', now)).toBe(false);
    expect(await repo.recovery.resetPassword(Buffer.alloc(32, 1), alice.id, 'x', now + 600_000)).toBe(false);
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
    const picture = (name: string) => ({ name, userId: user.id, bytes: 1, width: 1, height: 1, createdAt: now });
    expect(await repo.pictures.replace(picture('a.jpg'))).toEqual([]);
    expect(await repo.pictures.replace(picture('b.jpg'))).toEqual(['a.jpg']);
    expect((await repo.users.byId(user.id))?.picture).toBe('b.jpg');
  });

  it('tell which of a batch of names are some user\'s current picture', async () => {
    const erin = await addUser('erin');
    const finn = await addUser('finn');
    const picture = (name: string, userId: number) => ({ name, userId, bytes: 1, width: 1, height: 1, createdAt: now });
    await repo.pictures.replace(picture('a.jpg', erin.id));
    await repo.pictures.replace(picture('b.jpg', erin.id));
    await repo.pictures.replace(picture('c.jpg', finn.id));
    expect((await repo.pictures.referenced(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'])).sort()).toEqual(['b.jpg', 'c.jpg']);
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
    expect((await repo.users.list({ prefix: 'AL', after: null, limit: 10 })).map((u) => u.username)).toEqual(['al_x', 'alpha', 'Alpine', 'alx']);
    expect((await repo.users.list({ prefix: 'al_', after: null, limit: 10 })).map((u) => u.username)).toEqual(['al_x']);
    expect(await repo.users.list({ prefix: '%', after: null, limit: 10 })).toEqual([]);
  });

  it('uses the indexes: no full scan for a page, for counting admins or for the sweeps', async () => {
    const { openDatabase } = await import('./open.ts');
    const db = openDatabase(join(dir, 'test.db'));
    const plan = (q: string) => (db.$client.prepare(`explain query plan ${q}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("select * from users where lower(username) >= 'a' and lower(username) < 'a\x7f' and lower(username) > 'ab' order by lower(username) limit 20")).toContain('USING INDEX users_username_ci');
    expect(plan('select count(*) from users where role = 1 and disabled_at is null')).toContain('users_admins');
    // The sweeps of expired rows probe an index instead of scanning millions of sessions.
    expect(plan('delete from sessions where expires_at <= 0')).toContain('sessions_expires_at');
    expect(plan('delete from recovery_tokens where expires_at <= 0')).toContain('recovery_tokens_expires_at');
    db.$client.close();
  });

  it('disabling ends every session; counting admins ignores disabled ones', async () => {
    const admin = await addUser('boss');
    await repo.users.setRole(admin.id, 1, now);
    expect(await repo.users.countActiveAdmins()).toBe(1);
    await repo.sessions.insert({ tokenHash: Buffer.alloc(32, 9), userId: admin.id, createdAt: now, expiresAt: now + 1000, userAgent: null, ip: null });
    await repo.users.setDisabled(admin.id, now, now);
    expect(await repo.users.countActiveAdmins()).toBe(0);
    expect(await repo.sessions.listForUser(admin.id, now)).toEqual([]);
    await repo.users.setDisabled(admin.id, null, now);
    expect((await repo.users.byId(admin.id))?.disabledAt).toBeNull();
  });
});
