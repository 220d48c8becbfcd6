import { enrollTotp, md5 } from '@acct/api/testing';
import { ROLE_ADMIN } from '@acct/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restClient } from './testing/rest-client.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

// The REST faces have no second step: an account with a factor logs in with its code in the same
// request (docs/rest.md, "Accounts with a second factor"). Real server, real clock, both backends.

const STEP_MS = 30_000;
const ENTRY_REQUIRED =
  '{"code":10,"msg":"This account uses two-step verification: send its code as well","result":null}';
const ENTRY_WRONG_CODE = '{"code":2,"msg":"Wrong code","result":null}';
const MALL_REQUIRED =
  '{"status":1,"msg":"该账号已开启两步验证, 请同时提供验证码(code)","data":null}';
const MALL_WRONG_CODE = '{"status":1,"msg":"验证码错误","data":null}';

let server: TestServer;
// Behind a trusted proxy, so that the burst tests can come from many addresses.
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: '127.0.0.1' });
});
afterAll(() => server.close());

type Totp = Awaited<ReturnType<typeof enrollTotp>>;

/** A fresh account with TOTP (enrolled as its owner would), and what it logs in with. */
async function totpAccount(username: string, { admin = false } = {}) {
  const password = `${username} password`;
  const user = await server.addAccount({
    username,
    password,
    ...(admin ? { role: ROLE_ADMIN } : {}),
  });
  const totp = await server.withServices((services) => enrollTotp(services, user.id));
  return { id: user.id, username, password, totp };
}

/**
 * The code of the next step: enrolment spent the current one, and the server accepts one step
 * either side of its clock.
 */
const nextCode = (totp: Totp) => totp.codeAt(Date.now() + STEP_MS);

/** A six-digit code no step the server would accept now shows. */
function wrongCode(totp: Totp) {
  const near = [-2, -1, 0, 1, 2].map((steps) => totp.codeAt(Date.now() + steps * STEP_MS));
  for (let n = 0; ; n += 1) {
    const code = String(123_456 + n).padStart(6, '0');
    if (!near.includes(code)) return code;
  }
}

const sessionsOf = (userId: number) =>
  (server.dump().sessions as { user_id: number }[]).filter((s) => s.user_id === userId).length;

type AuditRow = {
  kind: string;
  outcome: string;
  face: string;
  user_id: number | null;
  detail: string | null;
};
const eventsOf = (userId: number) =>
  (server.dumpAll().audit_events as AuditRow[]).filter((e) => e.user_id === userId);

const entryLogin = (
  account: { username: string; password: string },
  fields: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) =>
  restClient(server.url).call('POST', '/login', {
    json: { username: account.username, password: md5(account.password), ...fields },
    headers,
  });

/** A mall login on a client of its own, so its cookie jar shows what this answer set. */
async function mallLogin(
  path: '/user/login' | '/manage/user/login',
  account: { username: string; password: string },
  fields: Record<string, string> = {},
  { form = false, headers = {} }: { form?: boolean; headers?: Record<string, string> } = {},
) {
  const client = restClient(server.url);
  const body = { username: account.username, password: account.password, ...fields };
  const answer = await client.call(
    'POST',
    path,
    form ? { form: body, headers } : { json: body, headers },
  );
  return { ...answer, client };
}

describe('entry POST /login for an account with TOTP', () => {
  it('refuses the password alone with code 10, and gives no token and no session', async () => {
    const me = await totpAccount('entry_factor');
    for (const fields of [{}, { code: '' }]) {
      const refused = await entryLogin(me, fields);
      expect(refused.status).toBe(200);
      expect(refused.text).toBe(ENTRY_REQUIRED);
    }
    expect(sessionsOf(me.id)).toBe(0);
    expect(
      eventsOf(me.id)
        .filter((e) => e.kind === 'login')
        .map((e) => e.outcome),
    ).toEqual(['refused', 'refused']);
  });

  it('refuses a wrong code (and counts it), logs in with the right one once, and a recovery code once', async () => {
    const me = await totpAccount('entry_codes');
    const wrong = await entryLogin(me, { code: wrongCode(me.totp) });
    expect(wrong.text).toBe(ENTRY_WRONG_CODE);
    expect(sessionsOf(me.id)).toBe(0);
    expect(eventsOf(me.id)).toContainEqual(
      expect.objectContaining({ kind: 'second_factor', outcome: 'failure', face: 'entry' }),
    );
    const hits = server.dumpAll().throttle_hits as { key: string }[];
    expect(hits.filter((h) => h.key.startsWith('code:account:entry_codes'))).toHaveLength(1);

    const code = nextCode(me.totp);
    const done = await entryLogin(me, { code });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ code: 0, msg: '', result: { username: 'entry_codes' } });
    const { token } = done.body.result as { token: string };
    expect(sessionsOf(me.id)).toBe(1);
    const info = await restClient(server.url).call('GET', '/user/get_user_info', {
      headers: { authorization: token },
    });
    expect(info.body).toMatchObject({ code: 0, result: { username: 'entry_codes' } });

    // The same code again: refused, even with the right password.
    expect((await entryLogin(me, { code })).text).toBe(ENTRY_WRONG_CODE);
    expect(sessionsOf(me.id)).toBe(1);

    const [recovery] = me.totp.recoveryCodes;
    expect((await entryLogin(me, { code: recovery })).body).toMatchObject({ code: 0 });
    expect(sessionsOf(me.id)).toBe(2);
    expect((await entryLogin(me, { code: recovery })).text).toBe(ENTRY_WRONG_CODE);
    expect(sessionsOf(me.id)).toBe(2);
  });

  it('refuses a code with a wrong password as a wrong password, without looking at the code', async () => {
    const me = await totpAccount('entry_bad_password');
    const answer = await entryLogin(
      { ...me, password: 'not the password' },
      { code: nextCode(me.totp) },
    );
    expect(answer.body).toMatchObject({ code: 2, result: null });
    expect(answer.body.msg).not.toBe('Wrong code');
    // The code was not spent: it still logs in.
    expect((await entryLogin(me, { code: nextCode(me.totp) })).body).toMatchObject({ code: 0 });
  });

  it('answers a code that is not a string as an invalid parameter', async () => {
    const me = await totpAccount('entry_numeric');
    const answer = await entryLogin(me, { code: 123456 });
    expect(answer.body).toMatchObject({ code: 1, result: null });
    expect(sessionsOf(me.id)).toBe(0);
  });
});

describe('mall logins for an account with TOTP', () => {
  it('refuses the password alone with status 1 and its message, and sets no cookie', async () => {
    const me = await totpAccount('mall_factor');
    for (const fields of [{}, { code: '' }] as Record<string, string>[]) {
      const refused = await mallLogin('/user/login', me, fields);
      expect(refused.status).toBe(200);
      expect(refused.text).toBe(MALL_REQUIRED);
      expect(refused.headers.getSetCookie()).toEqual([]);
    }
    const form = await mallLogin('/user/login', me, { code: '' }, { form: true });
    expect(form.text).toBe(MALL_REQUIRED);
    expect(sessionsOf(me.id)).toBe(0);
  });

  it('refuses a wrong code, logs in with the right one once (JSON or form), and a recovery code once', async () => {
    const me = await totpAccount('mall_codes');
    const wrong = await mallLogin('/user/login', me, { code: wrongCode(me.totp) });
    expect(wrong.text).toBe(MALL_WRONG_CODE);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    expect(eventsOf(me.id)).toContainEqual(
      expect.objectContaining({ kind: 'second_factor', outcome: 'failure', face: 'mall' }),
    );

    const code = nextCode(me.totp);
    const done = await mallLogin('/user/login', me, { code }, { form: true });
    expect(done.body).toMatchObject({
      status: 0,
      msg: '登录成功',
      data: { username: 'mall_codes' },
    });
    expect(done.headers.getSetCookie()).toHaveLength(1);
    expect((await done.client.call('GET', '/user/getUserSession')).body).toMatchObject({
      status: 0,
      data: { username: 'mall_codes' },
    });
    expect(sessionsOf(me.id)).toBe(1);

    const replayed = await mallLogin('/user/login', me, { code });
    expect(replayed.text).toBe(MALL_WRONG_CODE);
    expect(replayed.headers.getSetCookie()).toEqual([]);

    const [, recovery] = me.totp.recoveryCodes;
    expect((await mallLogin('/user/login', me, { code: recovery! })).body).toMatchObject({
      status: 0,
    });
    expect((await mallLogin('/user/login', me, { code: recovery! })).text).toBe(MALL_WRONG_CODE);
    expect(sessionsOf(me.id)).toBe(2);
  });

  it('never takes the code from the query string', async () => {
    const me = await totpAccount('mall_query');
    const client = restClient(server.url);
    const answer = await client.call('POST', `/user/login?code=${nextCode(me.totp)}`, {
      json: { username: me.username, password: me.password },
    });
    expect(answer.body).toEqual({
      status: 2,
      msg: '参数错误: code',
      data: null,
    });
    expect(sessionsOf(me.id)).toBe(0);
  });

  it('POST /manage/user/login: an administrator with TOTP needs the code too', async () => {
    const chief = await totpAccount('chief_factor', { admin: true });
    const refused = await mallLogin('/manage/user/login', chief);
    expect(refused.text).toBe(MALL_REQUIRED);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(
      (await mallLogin('/manage/user/login', chief, { code: wrongCode(chief.totp) })).text,
    ).toBe(MALL_WRONG_CODE);
    expect(sessionsOf(chief.id)).toBe(0);
    const done = await mallLogin('/manage/user/login', chief, { code: nextCode(chief.totp) });
    expect(done.body).toMatchObject({
      status: 0,
      msg: '登录成功',
      data: { username: 'chief_factor', role: 1 },
    });
    expect(sessionsOf(chief.id)).toBe(1);
  });
});

describe('accounts without a factor, and with passkeys only', () => {
  it('log in as before when a client sends an empty code; a code is not looked at', async () => {
    const plain = { username: 'no_factor', password: 'no_factor password' };
    await server.addAccount(plain);
    expect((await entryLogin(plain, { code: '' })).body).toMatchObject({ code: 0 });
    expect((await entryLogin(plain, { code: '123456' })).body).toMatchObject({ code: 0 });
    const mall = await mallLogin('/user/login', plain, { code: '' }, { form: true });
    expect(mall.body).toMatchObject({ status: 0, msg: '登录成功' });
  });

  it('an account with passkeys only cannot log in here, with or without a code', async () => {
    const password = 'passkey_only password';
    const user = await server.addAccount({ username: 'passkey_only', password });
    await server.withServices((services) =>
      services.repo.factors.addPasskey({
        id: `cred-${user.id}`,
        userId: user.id,
        name: 'Laptop',
        publicKey: Buffer.from('public key'),
        counter: 0,
        transports: '["internal"]',
        deviceType: 'singleDevice',
        backedUp: false,
        createdAt: Date.now(),
      }),
    );
    const me = { username: 'passkey_only', password };
    expect((await entryLogin(me)).text).toBe(ENTRY_REQUIRED);
    expect((await entryLogin(me, { code: '123456' })).text).toBe(ENTRY_REQUIRED);
    expect((await mallLogin('/user/login', me, { code: '123456' })).text).toBe(MALL_REQUIRED);
    expect(sessionsOf(user.id)).toBe(0);
  });
});

let next = 0;
const anotherAddress = () => ({
  'x-forwarded-for': `198.19.${Math.floor((next += 1) / 250)}.${next % 250}`,
});

/**
 * Bursts of parallel wrong codes (the right password each time, each request from its own
 * address, as a distributed guesser's) until the account's code count blocks: at most the
 * account bound of 20 is ever evaluated, every other answer is a 429 with Retry-After.
 */
async function burstUntilBlocked(
  login: (
    code: string,
    headers: Record<string, string>,
  ) => Promise<{ status: number; text: string; headers: Headers; body: Record<string, unknown> }>,
  wrongText: string,
  me: { totp: Totp },
) {
  const answers = [];
  for (let wave = 0; wave < 4; wave += 1) {
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => login(wrongCode(me.totp), anotherAddress())),
    );
    answers.push(...burst);
    if (burst.every((a) => a.status === 429)) break;
  }
  const evaluated = answers.filter((a) => a.text === wrongText);
  expect(evaluated.length).toBeGreaterThan(0);
  expect(evaluated.length).toBeLessThanOrEqual(20);
  for (const answer of answers.filter((a) => a.text !== wrongText)) {
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  // Blocked: now even the right code is refused.
  const right = await login(nextCode(me.totp), anotherAddress());
  expect(right.status).toBe(429);
  return right;
}

describe('the code throttle under parallel guesses', () => {
  it('entry: bounds a burst of wrong codes by the account bound', async () => {
    const me = await totpAccount('entry_burst');
    // One refusal first: the password is then remembered, so the burst reaches the code check at once.
    expect((await entryLogin(me)).text).toBe(ENTRY_REQUIRED);
    const right = await burstUntilBlocked(
      (code, headers) => entryLogin(me, { code }, headers),
      ENTRY_WRONG_CODE,
      me,
    );
    expect(right.body).toMatchObject({ code: 6, result: null });
    expect(sessionsOf(me.id)).toBe(0);
  });

  it('mall: the same, in the mall envelope, with no cookie set', async () => {
    const me = await totpAccount('mall_burst');
    expect((await mallLogin('/user/login', me)).text).toBe(MALL_REQUIRED);
    const right = await burstUntilBlocked(
      async (code, headers) => {
        const answer = await mallLogin('/user/login', me, { code }, { headers });
        expect(answer.headers.getSetCookie()).toEqual([]);
        return answer;
      },
      MALL_WRONG_CODE,
      me,
    );
    expect(right.text).toBe('{"status":1,"msg":"请求过于频繁, 请稍后再试","data":null}');
    expect(sessionsOf(me.id)).toBe(0);
  });
});
