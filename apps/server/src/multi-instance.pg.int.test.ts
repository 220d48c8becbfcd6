import { md5 } from '@acct/api/testing';
import { createClient } from '@acct/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployment, startDeployment } from './testing/deployment.ts';
import { FACES, loginThrough, outcomeOf } from './testing/faces.ts';
import { kindOf } from './testing/kind-of.ts';
import { restClient } from './testing/rest-client.ts';

// Two real server processes on one PostgreSQL, behind a real nginx running the committed
// deploy/nginx/acct.conf (issue 13). Each case talks to an instance directly where it must
// know which one answers, and through nginx where the proxy is the point.

const ACCOUNT_FAILURES = 5;
const ADDRESS_FAILURES = 8;

let d: Deployment;
beforeAll(async () => {
  d = await startDeployment({
    THROTTLE_ACCOUNT_FAILURES: String(ACCOUNT_FAILURES),
    THROTTLE_ADDRESS_FAILURES: String(ADDRESS_FAILURES),
    // A full argon2id verification several times the cost of the rest of a sign-in, so that the
    // cache test can tell a remembered credential from a verified one by its time.
    ARGON2_ITERATIONS: '16',
  });
});
afterAll(() => d?.close());

const a = () => d.instances[0]!;
const b = () => d.instances[1]!;
const client = (url: string, token?: string) => createClient({ url, token });

let accounts = 0;
/** Registers a fresh account on instance `url`; returns its name and password. */
async function registered(url: string, prefix: string) {
  const username = `${prefix}_${(accounts += 1)}`;
  const password = `${username} password`;
  await client(url).account.register.mutate({
    username,
    password,
    email: `${username}@example.com`,
    question: 'q?',
    answer: 'a',
  });
  return { username, password };
}

describe('nginx as deploy/nginx/acct.conf sets it up', () => {
  const HSTS = 'max-age=31536000; includeSubDomains';

  it('redirects plain http to the public origin, and sends HSTS once on every https answer', async () => {
    const redirect = await fetch(`${d.httpUrl}/user/getUserInfo?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`${d.publicUrl}/user/getUserInfo?x=1`);
    // The app sends its own; nginx replaces it (a second one would read "…, max-age=…" here).
    const proxied = await fetch(`${d.publicUrl}/healthz`);
    expect(proxied.status).toBe(200);
    expect(proxied.headers.get('strict-transport-security')).toBe(HSTS);
  });

  it('passes the largest body the server accepts, and answers a larger one itself', async () => {
    // A picture upload's limit (5 MiB + 64 KiB of framing) is the server's largest, and nginx's.
    const LIMIT = 5184 * 1024;
    const upload = (bytes: number) =>
      fetch(`${d.publicUrl}/trpc/picture.upload`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: new Uint8Array(bytes),
      });
    const atLimit = await upload(LIMIT);
    // The server's own answer (JSON: not signed in, or a malformed body), not nginx's 413 page.
    expect(atLimit.headers.get('content-type')).toMatch(/^application\/json/);
    expect(atLimit.status).not.toBe(413);
    const over = await upload(LIMIT + 1);
    expect(over.status).toBe(413);
    expect(await over.text()).toContain('nginx');
    expect(over.headers.get('strict-transport-security')).toBe(HSTS);
  });
});

describe('one account, two instances', () => {
  it('registered on one instance, it signs in on the other over tRPC and both REST dialects', async () => {
    const viaTrpc = await registered(a().url, 'cross');
    const { token } = await client(b().url).auth.login.mutate({ ...viaTrpc, via: 'token' });
    expect(await client(b().url, token!).account.profile.query()).toMatchObject({
      username: viaTrpc.username,
    });
    const entry = await restClient(b().url).call('POST', '/login', {
      json: { username: viaTrpc.username, password: md5(viaTrpc.password) },
    });
    expect(entry.body).toMatchObject({ code: 0, result: { token: expect.any(String) } });

    // The other way round, in the mall dialect, through nginx: its cookie is the https one.
    const mall = restClient(b().url);
    const mallUser = { username: `cross_mall_${(accounts += 1)}`, password: 'mall user password' };
    const mallRegistered = await mall.call('POST', '/user/register', {
      json: { ...mallUser, email: `${mallUser.username}@example.com`, question: 'q?', answer: 'a' },
    });
    expect(mallRegistered.body).toMatchObject({ status: 0 });
    const { token: trpcToken } = await client(a().url).auth.login.mutate({
      ...mallUser,
      via: 'token',
    });
    expect(trpcToken).toEqual(expect.any(String));
    const proxied = restClient(d.publicUrl);
    const login = await proxied.call('POST', '/user/login', { json: mallUser });
    expect(login.body).toMatchObject({ status: 0, data: { username: mallUser.username } });
    expect(login.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^__Host-sid=[^;]+;.*\bSecure\b/),
    ]);
    const info = await proxied.call('GET', '/user/getUserInfo');
    expect(info.body).toMatchObject({ status: 0, data: { username: mallUser.username } });
  });

  it('a session ended on one instance is refused on the other at once', async () => {
    const user = await registered(a().url, 'logout');
    const { token } = await client(a().url).auth.login.mutate({ ...user, via: 'token' });
    expect(await kindOf(client(b().url, token!).account.profile.query())).toBe('succeeded');
    await client(a().url, token!).auth.logout.mutate();
    expect(await kindOf(client(b().url, token!).account.profile.query())).toBe('NOT_LOGGED_IN');

    // The entry dialect: signed in on B, signed out on B, refused on A.
    const entry = await restClient(b().url).call('POST', '/login', {
      json: { username: user.username, password: md5(user.password) },
    });
    const entryToken = (entry.body.result as { token: string }).token;
    const onA = () =>
      restClient(a().url).call('GET', '/user/get_user_info', {
        headers: { authorization: entryToken },
      });
    expect((await onA()).body).toMatchObject({ code: 0 });
    const out = await restClient(b().url).call('POST', '/user/logout', {
      headers: { authorization: entryToken },
    });
    expect(out.body).toMatchObject({ code: 0 });
    expect((await onA()).body).toMatchObject({ code: 3, result: null });
  });
});

describe('the bounds on guessing hold across instances', () => {
  // Each request comes from a real peer address of its own in 127.0.0.0/8, straight to an
  // instance or through nginx, which appends that peer to X-Forwarded-For. Client-written
  // X-Forwarded-For values are not used to stand for clients: from 127.0.0.1, itself in
  // TRUST_PROXY, the server would believe them, which says nothing about real clients.
  const peer = (i: number) => `127.0.${Math.floor(i / 200) + 10}.${(i % 200) + 10}`;
  const targets = () => [a().url, b().url, d.publicUrl];

  it(`a burst of wrong passwords for one account over both instances and three faces: exactly ${ACCOUNT_FAILURES} evaluated`, async () => {
    const victim = await registered(a().url, 'burst');
    const burst = Array.from({ length: 30 }, (_, i) => {
      const face = FACES[i % 3]!;
      return loginThrough(
        face,
        targets()[Math.floor(i / 3) % 3]!,
        { username: victim.username, password: `guess ${i}` },
        { from: peer(i) },
      ).then((answer) => outcomeOf(face, answer));
    });
    const outcomes = await Promise.all(burst);
    expect(outcomes.filter((o) => o === 'WRONG_CREDENTIALS')).toHaveLength(ACCOUNT_FAILURES);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(30 - ACCOUNT_FAILURES);

    // Blocked for every address it never signed in from, on both instances, right password or
    // not. (The block itself begins with the first attempt that finds the window full.)
    for (const [i, base] of targets().entries()) {
      const answer = await loginThrough('trpc', base, victim, { from: peer(100 + i) });
      expect(outcomeOf('trpc', answer)).toBe('RATE_LIMITED');
    }
    // The database agrees: that many failures were checked and logged, and one block began.
    const { rows } = await d.sql.query<{ kind: string; outcome: string; n: string }>(
      `select kind, outcome, count(*) as n from audit_events
        where user_id = (select id from users where username = $1) group by kind, outcome`,
      [victim.username],
    );
    expect(Object.fromEntries(rows.map((r) => [`${r.kind} ${r.outcome}`, Number(r.n)]))).toEqual({
      'register success': 1,
      'login failure': ACCOUNT_FAILURES,
      'lockout refused': 1,
    });
  });

  it(`one client address spraying over both instances: exactly ${ADDRESS_FAILURES} evaluated, whatever X-Forwarded-For it writes`, async () => {
    const sprayer = '127.0.9.9';
    const burst = Array.from({ length: 24 }, (_, i) => {
      const face = FACES[i % 3]!;
      return loginThrough(
        face,
        targets()[Math.floor(i / 3) % 3]!,
        { username: `nobody_${i}`, password: `guess ${i}` },
        // Written by the client: nginx appends the real peer, and the server takes that one.
        { from: sprayer, headers: { 'x-forwarded-for': `203.0.113.${i}` } },
      ).then((answer) => outcomeOf(face, answer));
    });
    const outcomes = await Promise.all(burst);
    expect(outcomes.filter((o) => o === 'WRONG_CREDENTIALS')).toHaveLength(ADDRESS_FAILURES);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(24 - ADDRESS_FAILURES);
    const { rows } = await d.sql.query<{ ip: string; n: string }>(
      `select ip, count(*) as n from audit_events
        where kind = 'login' and outcome = 'failure' and subject like 'nobody\\_%' group by ip`,
    );
    expect(rows.map((r) => [r.ip, Number(r.n)])).toEqual([[sprayer, ADDRESS_FAILURES]]);
  });
});

describe('the credential cache is per instance, keyed by the stored hash', () => {
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1]!;

  it('a password changed on A is refused on B at once, though B had just remembered it', async () => {
    const users = [];
    for (let i = 0; i < 3; i += 1) users.push(await registered(a().url, 'cache'));
    const signIn = async (url: string, user: { username: string; password: string }) => {
      const started = performance.now();
      const kind = await kindOf(client(url).auth.login.mutate({ ...user, via: 'token' }));
      return { kind, ms: performance.now() - started };
    };

    // B verifies each password in full once (argon2id), then answers it from its cache. A
    // sign-in on A first makes this address a familiar one (in the database), so that B's first
    // sign-in writes what every later one does and differs from them only by the hash.
    const full: number[] = [];
    const remembered: number[] = [];
    for (const user of users) {
      expect((await signIn(a().url, user)).kind).toBe('succeeded');
      const first = await signIn(b().url, user);
      expect(first.kind).toBe('succeeded');
      full.push(first.ms);
      for (let i = 0; i < 3; i += 1) {
        const again = await signIn(b().url, user);
        expect(again.kind).toBe('succeeded');
        remembered.push(again.ms);
      }
    }
    // The cache is warm: a remembered sign-in skips the hash, which costs most of a full one
    // (the deployment's argon2id is set slow enough for the gap to be unmistakable).
    expect(median(remembered) * 3).toBeLessThan(median(full));

    for (const user of users) {
      const newPassword = `${user.password} changed`;
      const { token } = await client(a().url).auth.login.mutate({ ...user, via: 'token' });
      await client(a().url, token!).account.changePassword.mutate({
        oldPassword: user.password,
        newPassword,
      });
      // B's entry names the old stored hash, which the change replaced: it matches no more.
      expect((await signIn(b().url, user)).kind).toBe('WRONG_CREDENTIALS');
      expect((await signIn(b().url, { ...user, password: newPassword })).kind).toBe('succeeded');
    }
    console.info(
      `credential cache on B: full sign-in median ${median(full).toFixed(0)} ms, remembered ${median(remembered).toFixed(0)} ms`,
    );
  });
});
