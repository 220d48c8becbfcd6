import { afterAll, describe, expect, it } from 'vitest';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';
import {
  type SoftAuthenticator,
  type SoftAuthenticatorOptions,
  createSoftAuthenticator,
} from '../testing/soft-authenticator.ts';

const t = await createTestInstance();
afterAll(() => t.close());
const anonymous = () => t.client().caller;
// The harness's PUBLIC_URL: the relying party is localhost, the origin http://localhost:3000.
const ORIGIN = 'http://localhost:3000';

type SignedIn = Awaited<ReturnType<typeof t.signedIn>>;

/** A signed-in user with a passkey on a fresh soft authenticator. */
async function withPasskey(authOptions: Partial<SoftAuthenticatorOptions> = {}) {
  const user = await t.signedIn();
  const device = createSoftAuthenticator({ origin: ORIGIN, ...authOptions });
  const info = await addPasskey(user, device, 'Laptop');
  return { user, device, info };
}

async function addPasskey(user: SignedIn, device: SoftAuthenticator, name: string) {
  const { challenge, options } = await user.caller.passkeys.registrationOptions({
    password: user.input.password,
  });
  return user.caller.passkeys.register({ challenge, name, response: device.create(options) });
}

const sessionsOf = async (userId: number) =>
  (await t.repo.sessions.listForUser(userId, t.services.now())).length;

describe('passkeys.registrationOptions / register', () => {
  it('needs the password again, and asks for a discoverable passkey under an opaque user handle', async () => {
    const user = await t.signedIn();
    await expectKind(
      user.caller.passkeys.registrationOptions({ password: 'not the password' }),
      'WRONG_OLD_PASSWORD',
    );
    const { options } = await user.caller.passkeys.registrationOptions({
      password: user.input.password,
    });
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Accounts' },
      user: { name: user.input.username },
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      excludeCredentials: [],
    });
    // An HMAC of the user id: 32 bytes, the same in every ceremony, another for another user.
    const handleOf = async (who: SignedIn) => {
      const again = await who.caller.passkeys.registrationOptions({ password: who.input.password });
      return (again.options.user as { id: string }).id;
    };
    const handle = (options.user as { id: string }).id;
    expect(Buffer.from(handle, 'base64url')).toHaveLength(32);
    expect(await handleOf(user)).toBe(handle);
    expect(await handleOf(await t.signedIn())).not.toBe(handle);
  });

  it('stores the verified passkey and audits its name, never its key', async () => {
    const { user, device, info } = await withPasskey({ synced: true });
    const [credentialId] = [...device.credentials.keys()];
    expect(info).toMatchObject({
      id: credentialId,
      name: 'Laptop',
      lastUsedAt: null,
      synced: true,
    });
    const rows = await t.repo.factors.passkeys(user.profile.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: credentialId,
      counter: 0,
      deviceType: 'multiDevice',
      backedUp: true,
    });
    expect(JSON.parse(rows[0]!.transports!)).toEqual(['internal']);
    const [event] = await t.repo.audit.list({
      userId: user.profile.id,
      kinds: ['passkey_add'],
      limit: 5,
    });
    expect(event).toMatchObject({ outcome: 'success' });
    expect(JSON.parse(event!.detail!)).toEqual({ name: 'Laptop', synced: true });
    // The next ceremony excludes it, so the same authenticator is not added twice.
    const { options } = await user.caller.passkeys.registrationOptions({
      password: user.input.password,
    });
    expect(options.excludeCredentials).toEqual([
      { id: credentialId, type: 'public-key', transports: ['internal'] },
    ]);
  });

  it("refuses an answer made for another origin, and another user's ceremony", async () => {
    const user = await t.signedIn();
    const other = await t.signedIn();
    const device = createSoftAuthenticator({ origin: ORIGIN });
    const { challenge, options } = await user.caller.passkeys.registrationOptions({
      password: user.input.password,
    });
    const phished = device.create(options, { at: 'http://localhost.evil.example' });
    await expectKind(
      user.caller.passkeys.register({ challenge, name: 'x', response: phished }),
      'PASSKEY_FAILED',
    );
    await expectKind(
      other.caller.passkeys.register({ challenge, name: 'x', response: device.create(options) }),
      'BAD_CHALLENGE',
    );
    // Failed tries did not spend it; the right answer does, once.
    const response = device.create(options);
    await user.caller.passkeys.register({ challenge, name: 'Key', response });
    await expectKind(
      user.caller.passkeys.register({ challenge, name: 'Key', response }),
      'BAD_CHALLENGE',
    );
    expect(await t.repo.factors.passkeys(user.profile.id)).toHaveLength(1);
    expect(await t.repo.factors.passkeys(other.profile.id)).toHaveLength(0);
  });

  it('refuses a credential that is registered already (PASSKEY_TAKEN)', async () => {
    const { device, info } = await withPasskey();
    const other = await t.signedIn();
    const { challenge, options } = await other.caller.passkeys.registrationOptions({
      password: other.input.password,
    });
    // The same credential ID presented again (an authenticator that reuses one).
    const response = device.create(options, { id: Buffer.from(info.id, 'base64url') });
    await expectKind(
      other.caller.passkeys.register({ challenge, name: 'x', response }),
      'PASSKEY_TAKEN',
    );
  });
});

describe('passkeys.signIn on its own (discoverable)', () => {
  it('signs in with no username or password, requiring user verification', async () => {
    const { user, device, info } = await withPasskey();
    const browser = t.client();
    const { challenge, options } = await browser.caller.passkeys.signInOptions({});
    expect(options).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(options.allowCredentials ?? []).toEqual([]);
    const out = await browser.caller.passkeys.signIn({ challenge, response: device.get(options) });
    expect(out.user.username).toBe(user.input.username);
    expect(out.token).toBeNull();
    expect((await browser.caller.account.profile()).username).toBe(user.input.username);
    const [row] = await t.repo.factors.passkeys(user.profile.id);
    expect(row).toMatchObject({ id: info.id, counter: 1 });
    expect(row!.lastUsedAt).not.toBeNull();
    const [login] = await t.repo.audit.list({
      userId: user.profile.id,
      kinds: ['login'],
      limit: 1,
    });
    expect(JSON.parse(login!.detail!)).toEqual({ via: 'cookie', factor: 'passkey' });
  });

  it('hands over a token with via=token', async () => {
    const { user, device } = await withPasskey();
    const { challenge, options } = await anonymous().passkeys.signInOptions({ via: 'token' });
    const out = await anonymous().passkeys.signIn({ challenge, response: device.get(options) });
    expect((await t.client({ token: out.token! }).caller.account.profile()).id).toBe(
      user.profile.id,
    );
  });

  it('refuses a passkey whose user was not verified (it is only a second factor)', async () => {
    const { device } = await withPasskey({ userVerified: false });
    const { challenge, options } = await anonymous().passkeys.signInOptions({});
    await expectKind(
      anonymous().passkeys.signIn({ challenge, response: device.get(options) }),
      'PASSKEY_FAILED',
    );
  });

  it('refuses an unknown credential', async () => {
    const stranger = createSoftAuthenticator({ origin: ORIGIN });
    const user = await t.signedIn();
    // Registered nowhere: made for a ceremony, never sent to register.
    const reg = await user.caller.passkeys.registrationOptions({ password: user.input.password });
    stranger.create(reg.options);
    const { challenge, options } = await anonymous().passkeys.signInOptions({});
    await expectKind(
      anonymous().passkeys.signIn({ challenge, response: stranger.get(options) }),
      'PASSKEY_FAILED',
    );
  });

  it('refuses a disabled account', async () => {
    const { user, device } = await withPasskey();
    await t.repo.users.setDisabled(user.profile.id, t.services.now(), t.services.now());
    const { challenge, options } = await anonymous().passkeys.signInOptions({});
    await expectKind(
      anonymous().passkeys.signIn({ challenge, response: device.get(options) }),
      'ACCOUNT_DISABLED',
    );
  });
});

describe('passkeys.signIn as the second step', () => {
  async function passwordStep(user: SignedIn) {
    const browser = t.client();
    const step = await browser.caller.auth.signIn({
      username: user.input.username,
      password: user.input.password,
    });
    if (step.step !== 'second_factor') throw new Error('expected a second step');
    return { browser, step };
  }

  it('offers the passkey after the password, and signs in with it', async () => {
    const { user, device, info } = await withPasskey();
    const { browser, step } = await passwordStep(user);
    expect(step.methods).toEqual(['passkey']);
    // The password alone gave no session.
    await expectKind(browser.caller.account.profile(), 'NOT_LOGGED_IN');
    const { challenge, options } = await browser.caller.passkeys.signInOptions({
      challenge: step.challenge,
    });
    expect(challenge).toBe(step.challenge);
    expect(options).toMatchObject({
      userVerification: 'preferred',
      allowCredentials: [{ id: info.id, type: 'public-key', transports: ['internal'] }],
    });
    await browser.caller.passkeys.signIn({ challenge, response: device.get(options) });
    expect((await browser.caller.account.profile()).id).toBe(user.profile.id);
  });

  it('accepts a key without user verification here', async () => {
    const { user, device } = await withPasskey({ userVerified: false });
    const { browser, step } = await passwordStep(user);
    const { options } = await browser.caller.passkeys.signInOptions({ challenge: step.challenge });
    await browser.caller.passkeys.signIn({
      challenge: step.challenge,
      response: device.get(options),
    });
    expect((await browser.caller.account.profile()).id).toBe(user.profile.id);
  });

  it("refuses another user's passkey for this user's step", async () => {
    const a = await withPasskey();
    const b = await withPasskey();
    const { browser, step } = await passwordStep(a.user);
    const { options } = await browser.caller.passkeys.signInOptions({ challenge: step.challenge });
    const [bId] = [...b.device.credentials.keys()];
    const forged = b.device.get(options, { credentialId: bId });
    await expectKind(
      browser.caller.passkeys.signIn({ challenge: step.challenge, response: forged }),
      'PASSKEY_FAILED',
    );
    await expectKind(browser.caller.account.profile(), 'NOT_LOGGED_IN');
    const [failure] = await t.repo.audit.list({
      userId: a.user.profile.id,
      kinds: ['second_factor'],
      limit: 1,
    });
    expect(failure).toMatchObject({ outcome: 'failure' });
  });

  it('needs the ceremony begun, and a live step', async () => {
    const { user, device } = await withPasskey();
    const { browser, step } = await passwordStep(user);
    const { options } = await anonymous().passkeys.signInOptions({});
    // No signInOptions on this step yet: no WebAuthn challenge to answer.
    await expectKind(
      browser.caller.passkeys.signIn({ challenge: step.challenge, response: device.get(options) }),
      'BAD_CHALLENGE',
    );
    await expectKind(
      anonymous().passkeys.signInOptions({ challenge: '1.nonsense' }),
      'BAD_CHALLENGE',
    );
  });
});

describe('passkeys.signIn refusals', () => {
  it('refuses a replayed assertion: the spent ceremony, and a new one it was not made for', async () => {
    const { device } = await withPasskey();
    const first = await anonymous().passkeys.signInOptions({});
    const response = device.get(first.options);
    await anonymous().passkeys.signIn({ challenge: first.challenge, response });
    await expectKind(
      anonymous().passkeys.signIn({ challenge: first.challenge, response }),
      'BAD_CHALLENGE',
    );
    const second = await anonymous().passkeys.signInOptions({});
    await expectKind(
      anonymous().passkeys.signIn({ challenge: second.challenge, response }),
      'PASSKEY_FAILED',
    );
  });

  it('refuses an assertion made on another origin (phishing)', async () => {
    const { user, device } = await withPasskey();
    const { challenge, options } = await anonymous().passkeys.signInOptions({});
    await expectKind(
      anonymous().passkeys.signIn({
        challenge,
        response: device.get(options, { at: 'http://phish.example' }),
      }),
      'PASSKEY_FAILED',
    );
    const [failure] = await t.repo.audit.list({
      userId: user.profile.id,
      kinds: ['second_factor'],
      limit: 1,
    });
    expect(failure).toMatchObject({ outcome: 'failure' });
    expect(JSON.parse(failure!.detail!)).toEqual({ factor: 'passkey' });
  });

  it('refuses a counter that does not move forward (a cloned authenticator)', async () => {
    const { user, device } = await withPasskey();
    const login = async (counter?: number) => {
      const { challenge, options } = await anonymous().passkeys.signInOptions({});
      return anonymous().passkeys.signIn({ challenge, response: device.get(options, { counter }) });
    };
    await login(5);
    await expectKind(login(3), 'PASSKEY_FAILED');
    await expectKind(login(5), 'PASSKEY_FAILED');
    await login(6);
    expect((await t.repo.factors.passkeys(user.profile.id))[0]!.counter).toBe(6);
  });

  it('spends the ceremony after a few wrong answers', async () => {
    const { device } = await withPasskey();
    const { challenge, options } = await anonymous().passkeys.signInOptions({});
    for (let i = 0; i < 5; i++)
      await expectKind(
        anonymous().passkeys.signIn({
          challenge,
          response: device.get(options, { at: 'http://phish.example' }),
        }),
        'PASSKEY_FAILED',
      );
    await expectKind(
      anonymous().passkeys.signIn({ challenge, response: device.get(options) }),
      'BAD_CHALLENGE',
    );
  });

  it('gives one session to two racing copies of one assertion (single use)', async () => {
    for (const counterStep of [1, 0]) {
      const { user, device } = await withPasskey({ counterStep });
      const { challenge, options } = await anonymous().passkeys.signInOptions({ via: 'token' });
      const response = device.get(options);
      const before = await sessionsOf(user.profile.id);
      const results = await Promise.allSettled([
        anonymous().passkeys.signIn({ challenge, response }),
        anonymous().passkeys.signIn({ challenge, response }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await sessionsOf(user.profile.id)).toBe(before + 1);
    }
  });
});

describe('passkeys.rename / remove', () => {
  it("renames the caller's own passkey only", async () => {
    const { user, info } = await withPasskey();
    const other = await t.signedIn();
    expect(await user.caller.passkeys.rename({ id: info.id, name: '  Phone  ' })).toMatchObject({
      id: info.id,
      name: 'Phone',
    });
    await expectKind(
      other.caller.passkeys.rename({ id: info.id, name: 'Mine' }),
      'PASSKEY_NOT_FOUND',
    );
    await expectKind(
      user.caller.passkeys.rename({ id: 'nope', name: 'Mine' }),
      'PASSKEY_NOT_FOUND',
    );
    expect((await t.repo.factors.passkey(info.id))!.name).toBe('Phone');
  });

  it("removes after the password again, audited; another user's id is not found", async () => {
    const { user, device, info } = await withPasskey();
    const other = await t.signedIn();
    await expectKind(
      user.caller.passkeys.remove({ id: info.id, password: 'not the password' }),
      'WRONG_OLD_PASSWORD',
    );
    await expectKind(
      other.caller.passkeys.remove({ id: info.id, password: other.input.password }),
      'PASSKEY_NOT_FOUND',
    );
    expect(await t.repo.factors.passkeys(user.profile.id)).toHaveLength(1);
    expect(
      await user.caller.passkeys.remove({ id: info.id, password: user.input.password }),
    ).toEqual({
      removed: true,
    });
    expect(await t.repo.factors.passkeys(user.profile.id)).toHaveLength(0);
    const [event] = await t.repo.audit.list({
      userId: user.profile.id,
      kinds: ['passkey_remove'],
      limit: 1,
    });
    expect(JSON.parse(event!.detail!)).toEqual({ name: 'Laptop' });
    // A removed passkey signs in no more.
    const { challenge, options } = await anonymous().passkeys.signInOptions({});
    await expectKind(
      anonymous().passkeys.signIn({ challenge, response: device.get(options) }),
      'PASSKEY_FAILED',
    );
  });
});
