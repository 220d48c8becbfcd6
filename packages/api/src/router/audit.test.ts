import { ROLE_ADMIN, ROLE_CUSTOMER } from '@acct/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKind } from '../testing/expect-kind.ts';
import { type TestInstance, createTestInstance } from '../testing/harness.ts';
import { md5 } from '../testing/md5.ts';

// ASVS 7.1.3, 7.1.4, 7.2.1, 7.2.2, 8.3.5: security events are recorded with what an
// investigation needs, and never a secret. ASVS 2.2.3 / 2.5.5: notices at the next sign-in.

const t = await createTestInstance();
afterAll(() => t.close());

type Row = {
  id: number;
  at: number;
  kind: string;
  outcome: string;
  user_id: number | null;
  subject: string | null;
  actor_id: number | null;
  ip: string | null;
  face: string;
  user_agent: string | null;
  detail: string | null;
};
const events = () => t.dumpAll().audit_events as Row[];
const since = (id: number) => events().filter((e) => e.id > id);
const lastId = () => events().at(-1)?.id ?? 0;
const kinds = (rows: Row[]) => rows.map((e) => `${e.kind}:${e.outcome}`);

let admin: Awaited<ReturnType<TestInstance['signedIn']>>;
beforeAll(async () => {
  admin = await t.signedIn({ username: 'audit_admin', password: 'admin password 1' });
  await t.repo.users.setRole(admin.profile.id, 1, Date.now());
});

describe('the audit log records', () => {
  it('sign-ins, failures and sign-outs, with time, account, address, face and user agent', async () => {
    const mark = lastId();
    const started = Date.now();
    const user = await t.signedIn();
    const from = t.client({ ip: '192.0.2.44' }).caller;
    await expectKind(
      from.auth.login({ username: user.input.username, password: 'not the password' }),
      'WRONG_CREDENTIALS',
    );
    await expectKind(
      from.auth.login({ username: 'Nobody_Here', password: 'not the password' }),
      'WRONG_CREDENTIALS',
    );
    await expectKind(
      from.auth.adminLogin({ username: user.input.username, password: user.input.password }),
      'NOT_ADMIN',
    );
    await user.caller.auth.logout();

    const rows = since(mark);
    expect(kinds(rows)).toEqual([
      'register:success',
      'login:success',
      'login:failure',
      'login:failure',
      'admin_login:refused',
      'logout:success',
    ]);
    for (const row of rows) {
      expect(row.at).toBeGreaterThanOrEqual(started);
      expect(row.at).toBeLessThanOrEqual(Date.now());
      expect(row.face).toBe('trpc');
      expect(row.user_agent).toBe('vitest');
    }
    expect(rows[2]).toMatchObject({ user_id: user.profile.id, ip: '192.0.2.44' });
    // An unknown name is kept (lowercased) as the subject of the attempt.
    expect(rows[3]).toMatchObject({ user_id: null, subject: 'nobody_here' });
  });

  it('password changes, recovery, email changes and session revocations', async () => {
    const user = await t.signedIn();
    const mark = lastId();
    await user.caller.account.updateProfile({ nickname: 'only a nickname' });
    await user.caller.account.updateProfile({ email: `changed.${user.profile.id}@example.com` });
    await user.caller.account.changePassword({
      oldPassword: user.input.password,
      newPassword: 'a changed passphrase',
    });
    await expectKind(
      user.caller.sessions.signOutOthers({ password: 'wrong again' }),
      'WRONG_OLD_PASSWORD',
    );
    await user.caller.sessions.signOutOthers({ password: 'a changed passphrase' });
    await expectKind(
      t.client().caller.recovery.checkAnswer({ username: user.input.username, answer: 'green' }),
      'WRONG_ANSWER',
    );
    const { token } = await t
      .client()
      .caller.recovery.checkAnswer({ username: user.input.username, answer: 'blue' });
    await expectKind(
      t.client().caller.recovery.resetPassword({
        username: user.input.username,
        token: 'x'.repeat(43),
        newPassword: 'reset passphrase',
      }),
      'BAD_RESET_TOKEN',
    );
    await t.client().caller.recovery.resetPassword({
      username: user.input.username,
      token,
      newPassword: 'reset passphrase',
    });
    expect(kinds(since(mark))).toEqual([
      'email_change:success',
      'password_change:success',
      'reauth:failure',
      'sessions_revoke:success',
      'recovery_answer:failure',
      'recovery_answer:success',
      'password_reset:failure',
      'password_reset:success',
    ]);
  });

  it('every administrator action, views of accounts, and refused access', async () => {
    const customer = await t.signedIn();
    const mark = lastId();
    await admin.caller.admin.listUsers({ prefix: 'user' });
    await admin.caller.admin.findUser({ id: customer.profile.id });
    await admin.caller.admin.setRole({
      userId: customer.profile.id,
      role: ROLE_ADMIN,
      password: admin.input.password,
    });
    await admin.caller.admin.setRole({
      userId: customer.profile.id,
      role: ROLE_CUSTOMER,
      password: admin.input.password,
    });
    await admin.caller.admin.setDisabled({
      userId: customer.profile.id,
      disabled: true,
      password: admin.input.password,
    });
    await admin.caller.admin.revokeSessions({ userId: customer.profile.id });
    await admin.caller.admin.auditLog({ kind: 'login' });
    await expectKind(
      admin.caller.admin.setRole({
        userId: customer.profile.id,
        role: ROLE_ADMIN,
        password: 'wrong',
      }),
      'WRONG_OLD_PASSWORD',
    );
    const other = await t.signedIn();
    const beforeDenied = lastId();
    await expectKind(other.caller.admin.listUsers({}), 'FORBIDDEN');

    const rows = since(mark);
    expect(
      kinds(rows.filter((r) => r.id <= beforeDenied && r.actor_id === admin.profile.id)),
    ).toEqual([
      'admin_view:success',
      'admin_view:success',
      'role_change:success',
      'role_change:success',
      'status_change:success',
      'sessions_revoke:success',
      'admin_view:success',
    ]);
    const roleChange = rows.find((r) => r.kind === 'role_change');
    expect(roleChange).toMatchObject({ user_id: customer.profile.id, actor_id: admin.profile.id });
    expect(JSON.parse(roleChange?.detail ?? '{}')).toEqual({ role: ROLE_ADMIN });
    expect(JSON.parse(rows[0]?.detail ?? '{}')).toEqual({
      procedure: 'listUsers',
      prefix: 'user',
      cursor: null,
    });
    expect(kinds(since(beforeDenied))).toEqual(['access_denied:refused']);
    expect(since(beforeDenied)[0]).toMatchObject({ user_id: other.profile.id });
  });

  it('refused pictures', async () => {
    const user = await t.signedIn();
    const mark = lastId();
    const form = new FormData();
    form.append('file', new Blob(['#!/bin/sh\necho owned'], { type: 'image/png' }), 'x.png');
    await expectKind(user.caller.picture.upload(form), 'BAD_UPLOAD');
    expect(kinds(since(mark))).toEqual(['picture_upload:refused']);
  });

  // ASVS 7.1.1: marker values for every secret appear nowhere in the log.
  it('never a password, its md5, an answer or a token', async () => {
    const password = 'marker-password-7f3a';
    const answer = 'marker-answer-9c1d';
    const user = await t.signedIn({ password, answer });
    await expectKind(
      t
        .client()
        .caller.auth.login({ username: user.input.username, password: 'marker-wrong-4b2e' }),
      'WRONG_CREDENTIALS',
    );
    const { token: resetToken } = await t
      .client()
      .caller.recovery.checkAnswer({ username: user.input.username, answer });
    await t.client().caller.recovery.resetPassword({
      username: user.input.username,
      token: resetToken,
      newPassword: 'marker-new-5e6f',
    });
    const log = JSON.stringify(events());
    for (const secret of [
      password,
      answer,
      'marker-wrong-4b2e',
      'marker-new-5e6f',
      resetToken,
      user.token,
      user.token.split('.')[1] ?? '',
    ]) {
      expect(log).not.toContain(secret);
      expect(log).not.toContain(md5(secret));
    }
    expect(log).not.toContain('$argon2');
  });

  it('is append-only through the repository: retention is the only way out', () => {
    expect(Object.keys(t.repo.audit).sort()).toEqual(['append', 'deleteOlderThan', 'list']);
  });
});

describe('admin.auditLog', () => {
  it('filters by account, kind and time, newest first, in keyset pages', async () => {
    const user = await t.signedIn();
    for (let i = 0; i < 3; i += 1)
      await t
        .client()
        .caller.auth.login({ username: user.input.username, password: user.input.password });
    const page1 = await admin.caller.admin.auditLog({
      username: user.input.username.toUpperCase(),
      kind: 'login',
      limit: 3,
    });
    expect(page1.events.map((e) => [e.kind, e.userId])).toEqual(
      Array(3).fill(['login', user.profile.id]),
    );
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await admin.caller.admin.auditLog({
      userId: user.profile.id,
      kind: 'login',
      limit: 3,
      cursor: page1.nextCursor,
    });
    expect(page2.events).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const ids = [...page1.events, ...page2.events].map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const all = await admin.caller.admin.auditLog({ userId: user.profile.id });
    expect(all.events.map((e) => e.kind)).toContain('register');
    const future = await admin.caller.admin.auditLog({
      userId: user.profile.id,
      from: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(future.events).toEqual([]);
    const byName = await admin.caller.admin.auditLog({ username: 'nobody_here' });
    expect(byName.events.every((e) => e.subject === 'nobody_here')).toBe(true);
    expect(byName.events.length).toBeGreaterThan(0);
  });

  it('is for administrators only', async () => {
    const customer = await t.signedIn();
    await expectKind(customer.caller.admin.auditLog({}), 'FORBIDDEN');
    await expectKind(t.client().caller.admin.auditLog({}), 'NOT_LOGGED_IN');
  });
});

describe('security.events', () => {
  it("shows the caller's own events only, and an administrator's act as such", async () => {
    const user = await t.signedIn();
    const other = await t.signedIn();
    await admin.caller.admin.revokeSessions({ userId: other.profile.id });
    await expectKind(
      t.client().caller.auth.login({ username: user.input.username, password: 'a wrong one' }),
      'WRONG_CREDENTIALS',
    );
    const { events: mine } = await user.caller.security.events({});
    expect(mine.map((e) => `${e.kind}:${e.outcome}`)).toEqual([
      'login:failure',
      'login:success',
      'register:success',
    ]);
    expect(mine.every((e) => !e.byAdministrator)).toBe(true);

    const again = await t.client().caller.auth.login({
      username: other.input.username,
      password: other.input.password,
      via: 'token',
    });
    const { events: theirs } = await t
      .client({ token: again.token! })
      .caller.security.events({ limit: 2 });
    expect(theirs.map((e) => [e.kind, e.byAdministrator])).toEqual([
      ['login', false],
      ['sessions_revoke', true],
    ]);
  });
});

describe('security notices at the next sign-in', () => {
  const signIn = (user: { input: { username: string } }, password: string, ip = '127.0.0.1') =>
    t.client({ ip }).caller.auth.login({ username: user.input.username, password });

  it('tell what changed, when and from where, once', async () => {
    const user = await t.signedIn();
    expect((await signIn(user, user.input.password)).notices).toEqual([]);
    const elsewhere = t.client({ ip: '203.0.113.77' });
    const { token } = await elsewhere.caller.auth.login({
      username: user.input.username,
      password: user.input.password,
      via: 'token',
    });
    const there = t.client({ ip: '203.0.113.77', token: token! }).caller;
    await there.account.updateProfile({ email: `new.${user.profile.id}@example.com` });
    await there.account.changePassword({
      oldPassword: user.input.password,
      newPassword: 'changed from elsewhere',
    });

    const { notices } = await signIn(user, 'changed from elsewhere');
    expect(notices.map((n) => n.kind)).toEqual(['password_change', 'email_change']);
    for (const notice of notices) {
      expect(notice.ip).toBe('203.0.113.77');
      expect(Date.now() - Date.parse(notice.at)).toBeLessThan(60_000);
    }
    expect((await signIn(user, 'changed from elsewhere')).notices).toEqual([]);
  });

  it('tell of a recovery', async () => {
    const user = await t.signedIn();
    const { token } = await t
      .client({ ip: '203.0.113.78' })
      .caller.recovery.checkAnswer({ username: user.input.username, answer: 'Blue' });
    await t.client({ ip: '203.0.113.78' }).caller.recovery.resetPassword({
      username: user.input.username,
      token,
      newPassword: 'recovered passphrase',
    });
    const { notices } = await signIn(user, 'recovered passphrase');
    expect(notices).toEqual([
      { kind: 'password_reset', at: expect.any(String), ip: '203.0.113.78', face: 'trpc' },
    ]);
  });
});
