import { Secret } from 'otpauth';
import { afterAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../domain/totp.ts';
import { enrollTotp } from '../testing/enrol-totp.ts';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';

// The harness clock is the services' clock: moving it moves the TOTP step the server expects.
const t = await createTestInstance();
afterAll(() => t.close());

const STEP_MS = 30_000;

const isBufferJson = (value: unknown): value is { type: 'Buffer'; data: number[] } =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer';

/** A signed-in user with TOTP, and their password step's challenge maker. */
async function totpUser() {
  const me = await t.signedIn();
  const totp = await enrollTotp(t.services, me.profile.id);
  const signIn = async () => {
    const step = await t.client().caller.auth.signIn({
      username: me.input.username,
      password: me.input.password,
    });
    if (step.step !== 'second_factor') throw new Error('expected a second step');
    return step;
  };
  return { ...me, totp, signIn };
}

describe('TOTP enrolment', () => {
  it('shows the key as QR code and text, and guards nothing until a first code confirms it', async () => {
    const me = await t.signedIn();
    await expectKind(me.caller.factors.totpBegin({ password: 'not mine' }), 'WRONG_OLD_PASSWORD');
    const begun = await me.caller.factors.totpBegin({ password: me.input.password });
    expect(begun.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(begun.uri).toContain(`secret=${begun.secret}`);
    expect(begun.uri).toMatch(/^otpauth:\/\/totp\/localhost:/);
    expect(begun.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Unconfirmed: the password alone still signs in.
    const plain = await t.client().caller.auth.signIn({
      username: me.input.username,
      password: me.input.password,
    });
    expect(plain.step).toBe('signed_in');
    expect((await me.caller.factors.status()).totp.enabled).toBe(false);

    await expectKind(me.caller.factors.totpConfirm({ code: '000000' }), 'WRONG_CODE');
    const key = Buffer.from(Secret.fromBase32(begun.secret).bytes);
    const { recoveryCodes } = await me.caller.factors.totpConfirm({
      code: totpCodeAt(key, t.clock.now()),
    });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}$/);
    const status = await me.caller.factors.status();
    expect(status.totp).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    await expectKind(
      me.caller.factors.totpBegin({ password: me.input.password }),
      'TOTP_ALREADY_ENABLED',
    );
  });

  it('stores the key sealed and the recovery codes only as hashes', async () => {
    const me = await totpUser();
    // SQLite's dump holds Buffers (JSON: {type, data}); PostgreSQL's, hex text already.
    const rows = JSON.stringify(t.dumpAll(), (_, value: unknown) =>
      isBufferJson(value) ? Buffer.from(value.data).toString('hex') : value,
    );
    expect(rows).not.toContain(me.totp.key.toString('hex'));
    for (const code of me.totp.recoveryCodes) {
      expect(rows).not.toContain(code);
      expect(rows).not.toContain(code.replaceAll('-', ''));
    }
  });
});

describe('signing in with TOTP', () => {
  it('holds a challenge between the steps, not a session, and takes the code once', async () => {
    const me = await totpUser();
    const sessionsBefore = (t.dumpAll().sessions as unknown[]).length;
    const first = t.client();
    const step = await first.caller.auth.signIn({
      username: me.input.username,
      password: me.input.password,
    });
    expect(step).toMatchObject({ step: 'second_factor', methods: ['totp', 'recovery_code'] });
    expect(first.cookies.size).toBe(0);
    expect((t.dumpAll().sessions as unknown[]).length).toBe(sessionsBefore);
    if (step.step !== 'second_factor') return;

    t.clock.advance(STEP_MS);
    const code = me.totp.codeAt();
    const done = await first.caller.auth.secondFactor({ challenge: step.challenge, code });
    expect(done.user.id).toBe(me.profile.id);
    expect(first.cookies.size).toBe(1);
    // The challenge is spent, and the code cannot be replayed within its window on a new step.
    await expectKind(
      first.caller.auth.secondFactor({ challenge: step.challenge, code }),
      'BAD_CHALLENGE',
    );
    const again = await me.signIn();
    await expectKind(
      t.client().caller.auth.secondFactor({ challenge: again.challenge, code }),
      'WRONG_CODE',
    );
    const [replay] = await t.repo.audit.list({
      userId: me.profile.id,
      kinds: ['second_factor'],
      limit: 1,
    });
    expect(JSON.parse(replay!.detail!)).toEqual({ reason: 'replayed' });
    // Neither is an older code of the window accepted after a newer one.
    await expectKind(
      t.client().caller.auth.secondFactor({
        challenge: again.challenge,
        code: me.totp.codeAt(t.clock.now() - STEP_MS),
      }),
      'WRONG_CODE',
    );
    // The next step's code is.
    t.clock.advance(STEP_MS);
    const next = await t
      .client()
      .caller.auth.secondFactor({ challenge: again.challenge, code: me.totp.codeAt() });
    expect(next.user.id).toBe(me.profile.id);
  });

  it('accepts a code of the neighbouring step (a phone clock a little off) but not two steps away', async () => {
    const me = await totpUser();
    t.clock.advance(10 * STEP_MS);
    const step = await me.signIn();
    await expectKind(
      t.client().caller.auth.secondFactor({
        challenge: step.challenge,
        code: me.totp.codeAt(t.clock.now() - 2 * STEP_MS),
      }),
      'WRONG_CODE',
    );
    const late = await t.client().caller.auth.secondFactor({
      challenge: step.challenge,
      code: me.totp.codeAt(t.clock.now() - STEP_MS),
    });
    expect(late.user.id).toBe(me.profile.id);
  });

  it('accepts one of two parallel requests replaying the same code', async () => {
    const me = await totpUser();
    t.clock.advance(STEP_MS);
    const steps = await Promise.all([me.signIn(), me.signIn(), me.signIn()]);
    const code = me.totp.codeAt();
    const results = await Promise.allSettled(
      steps.map((step) => t.client().caller.auth.secondFactor({ challenge: step.challenge, code })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('takes each recovery code once, whatever its case or dashes', async () => {
    const me = await totpUser();
    const [code] = me.totp.recoveryCodes as [string];
    const typed = code.toUpperCase().replaceAll('-', ' ');
    const done = await t
      .client()
      .caller.auth.secondFactor({ challenge: (await me.signIn()).challenge, code: typed });
    expect(done.user.id).toBe(me.profile.id);
    await expectKind(
      t.client().caller.auth.secondFactor({ challenge: (await me.signIn()).challenge, code }),
      'WRONG_CODE',
    );
    expect((await me.caller.factors.status()).totp.recoveryCodesLeft).toBe(9);
    // Another user's code is no code of this account.
    const other = await totpUser();
    await expectKind(
      t.client().caller.auth.secondFactor({
        challenge: (await me.signIn()).challenge,
        code: other.totp.recoveryCodes[0]!,
      }),
      'WRONG_CODE',
    );
  });

  it('spends a step after a few wrong codes, and when it expires', async () => {
    const me = await totpUser();
    const step = await me.signIn();
    for (let i = 0; i < 5; i += 1)
      await expectKind(
        t.client().caller.auth.secondFactor({ challenge: step.challenge, code: '000000' }),
        'WRONG_CODE',
      );
    t.clock.advance(STEP_MS);
    await expectKind(
      t.client().caller.auth.secondFactor({ challenge: step.challenge, code: me.totp.codeAt() }),
      'BAD_CHALLENGE',
    );
    const slow = await me.signIn();
    t.clock.advance(5 * 60_000 + 1);
    await expectKind(
      t.client().caller.auth.secondFactor({ challenge: slow.challenge, code: me.totp.codeAt() }),
      'BAD_CHALLENGE',
    );
    await expectKind(
      t.client().caller.auth.secondFactor({ challenge: 'x.y', code: '123456' }),
      'BAD_CHALLENGE',
    );
  });

  it('bounds a parallel burst of wrong codes by the account throttle, which a right password does not reset', async () => {
    const me = await totpUser();
    // Eight steps of five tries each: forty guesses, more than the account bound of twenty.
    const steps = [];
    for (let i = 0; i < 8; i += 1) steps.push(await me.signIn());
    const guesses = steps.flatMap((step) =>
      Array.from({ length: 5 }, (_, i) =>
        t.client().caller.auth.secondFactor({
          challenge: step.challenge,
          code: String(100_000 + i),
        }),
      ),
    );
    const results = await Promise.allSettled(guesses);
    const kinds = results.map((r) =>
      r.status === 'rejected' ? (r.reason as { kind?: string }).kind : 'accepted',
    );
    expect(kinds.filter((k) => k === 'WRONG_CODE').length).toBeLessThanOrEqual(20);
    expect(kinds.filter((k) => k === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(20);
    expect(kinds).not.toContain('accepted');
    // Blocked now: even the right code on a fresh step (after a right password) is refused.
    t.clock.advance(STEP_MS);
    await expectKind(
      t.client().caller.auth.secondFactor({
        challenge: (await me.signIn()).challenge,
        code: me.totp.codeAt(),
      }),
      'RATE_LIMITED',
    );
  });
});

describe('one-step login with a factor', () => {
  it('refuses the password alone, and signs in with the code in the same call', async () => {
    const me = await totpUser();
    const login = (code?: string) =>
      t.client().caller.auth.login({
        username: me.input.username,
        password: me.input.password,
        via: 'token',
        ...(code === undefined ? {} : { code }),
      });
    const before = t.dump();
    await expectKind(login(), 'SECOND_FACTOR_REQUIRED');
    await expectKind(login('000000'), 'WRONG_CODE');
    expect(t.dump()).toEqual(before);
    t.clock.advance(STEP_MS);
    const done = await login(me.totp.codeAt());
    expect(done.token).toMatch(/^\d+\./);
  });
});

describe('changing the factor', () => {
  it('disables TOTP only with the password and a code', async () => {
    const me = await totpUser();
    t.clock.advance(STEP_MS);
    await expectKind(
      me.caller.factors.totpDisable({ password: 'wrong', code: me.totp.codeAt() }),
      'WRONG_OLD_PASSWORD',
    );
    await expectKind(
      me.caller.factors.totpDisable({ password: me.input.password, code: '000000' }),
      'WRONG_CODE',
    );
    expect((await me.caller.factors.status()).totp.enabled).toBe(true);
    await me.caller.factors.totpDisable({ password: me.input.password, code: me.totp.codeAt() });
    expect((await me.caller.factors.status()).totp).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
    });
    const plain = await t.client().caller.auth.signIn({
      username: me.input.username,
      password: me.input.password,
    });
    expect(plain.step).toBe('signed_in');
    if (plain.step === 'signed_in')
      expect(plain.notices.map((n) => n.kind)).toContain('totp_disable');
  });

  it('replaces the recovery codes: the old ones stop working', async () => {
    const me = await totpUser();
    t.clock.advance(STEP_MS);
    const { recoveryCodes } = await me.caller.factors.regenerateRecoveryCodes({
      password: me.input.password,
      code: me.totp.codeAt(),
    });
    expect(recoveryCodes).toHaveLength(10);
    await expectKind(
      t.client().caller.auth.secondFactor({
        challenge: (await me.signIn()).challenge,
        code: me.totp.recoveryCodes[0]!,
      }),
      'WRONG_CODE',
    );
    const done = await t.client().caller.auth.secondFactor({
      challenge: (await me.signIn()).challenge,
      code: recoveryCodes[0]!,
    });
    expect(done.user.id).toBe(me.profile.id);
  });
});
