import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { enrollTotp } from '../testing/enrol-totp.ts';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';

const t = await createTestInstance();
afterAll(() => t.close());

const picture = async () => {
  const png = await sharp({
    create: { width: 64, height: 64, channels: 3, background: '#cc6633' },
  })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
  return form;
};
const files = () => readdirSync(t.picturesDir).filter((name) => !name.startsWith('.'));

/** Columns that name an account by id. */
const ID_COLUMNS = ['user_id', 'actor_id'];

/** Every row of every table that still mentions the account, by id or by name. */
function rowsAbout(id: number, username: string) {
  const found: { table: string; row: Record<string, unknown> }[] = [];
  for (const [table, rows] of Object.entries(t.dumpAll())) {
    for (const row of rows as Record<string, unknown>[]) {
      const byId =
        ID_COLUMNS.some((column) => Number(row[column]) === id) ||
        (table === 'users' && Number(row.id) === id);
      const byName = JSON.stringify(row).toLowerCase().includes(username.toLowerCase());
      if (byId || byName) found.push({ table, row });
    }
  }
  return found;
}

/** An account with something in every table: sessions, TOTP, a passkey, a picture, a reset token, failures, a pending step. */
async function busyAccount() {
  const me = await t.signedIn();
  const { username, password } = me.input;
  await me.caller.picture.upload(await picture());
  await t.client().caller.recovery.checkAnswer({ username, answer: 'blue' });
  await expect(
    t.client({ ip: '192.0.2.9' }).caller.auth.login({ username, password: 'wrong guess' }),
  ).rejects.toThrow();
  const totp = await enrollTotp(t.services, me.profile.id);
  await t.services.repo.factors.addPasskey({
    id: `cred-${me.profile.id}`,
    userId: me.profile.id,
    name: 'Laptop',
    publicKey: Buffer.from('public key'),
    counter: 0,
    transports: '["internal"]',
    deviceType: 'singleDevice',
    backedUp: false,
    createdAt: t.clock.now(),
  });
  await t.client().caller.auth.signIn({ username, password }); // left at its second step
  return { ...me, totp };
}

describe('account.delete', () => {
  it('needs the password, and a code when TOTP guards the account; a refusal changes nothing', async () => {
    const me = await busyAccount();
    const before = t.dump();
    await expectKind(me.caller.account.delete({ password: 'not mine' }), 'WRONG_OLD_PASSWORD');
    await expectKind(
      me.caller.account.delete({ password: me.input.password }),
      'SECOND_FACTOR_REQUIRED',
    );
    await expectKind(
      me.caller.account.delete({ password: me.input.password, code: '000000' }),
      'WRONG_CODE',
    );
    expect(t.dump()).toEqual(before);
  });

  it('leaves nothing of the account in the database but its tombstone, removes its pictures, and frees the name', async () => {
    const bystander = await busyAccount();
    const me = await busyAccount();
    const { username } = me.input;
    const filesBefore = files();
    const bystanderRows = rowsAbout(bystander.profile.id, bystander.input.username).length;
    expect(rowsAbout(me.profile.id, username).length).toBeGreaterThan(10);

    t.clock.advance(30_000);
    const client = t.client({ token: me.token });
    expect(
      await client.caller.account.delete({ password: me.input.password, code: me.totp.codeAt() }),
    ).toEqual({ deleted: true });

    const left = rowsAbout(me.profile.id, username);
    expect(left).toEqual([
      {
        table: 'audit_events',
        row: expect.objectContaining({
          kind: 'account_delete',
          outcome: 'success',
          ip: null,
          user_agent: null,
          subject: null,
          detail: null,
        }),
      },
    ]);
    // Its sessions are over, its picture file is gone, everyone else's data is untouched.
    expect(await client.caller.auth.session()).toBeNull();
    expect(files().length).toBe(filesBefore.length - 1);
    expect(rowsAbout(bystander.profile.id, bystander.input.username).length).toBe(bystanderRows);
    // The name can be taken again, by a new account with a new id.
    const again = await t.client().caller.account.register(t.newUser({ username }));
    expect(again.id).toBeGreaterThan(me.profile.id);
    await expectKind(
      t.client().caller.auth.login({ username, password: me.input.password }),
      'WRONG_CREDENTIALS',
    );
  });

  it('refuses to erase the last active administrator', async () => {
    const admin = await t.signedIn();
    await t.services.repo.users.setRole(admin.profile.id, 1, t.clock.now());
    // Other admins of this shared instance are demoted first, so this one is the last.
    for (const row of t.dumpAll().users as { id: number; role: number }[])
      if (row.role === 1 && Number(row.id) !== admin.profile.id)
        await t.services.repo.users.setRole(Number(row.id), 0, t.clock.now());
    await expectKind(admin.caller.account.delete({ password: admin.input.password }), 'LAST_ADMIN');
    expect(await admin.caller.auth.session()).not.toBeNull();
  });
});

describe('security.exportData', () => {
  it('holds the profile, sessions, factors and events, and never a secret or a hash', async () => {
    const me = await busyAccount();
    const data = await me.caller.security.exportData();
    expect(data.profile).toMatchObject({ id: me.profile.id, username: me.input.username });
    expect(data.sessions.some((s) => s.current)).toBe(true);
    expect(data.factors.totp).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(data.factors.passkeys).toEqual([expect.objectContaining({ name: 'Laptop' })]);
    expect(data.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['register', 'login', 'recovery_answer']),
    );

    const text = JSON.stringify(data);
    const user = (t.dumpAll().users as Record<string, unknown>[]).find(
      (row) => Number(row.id) === me.profile.id,
    )!;
    const secrets = [
      '$argon2',
      String(user.password_hash),
      String(user.answer_hash),
      me.token,
      me.token.split('.')[1]!,
      me.totp.key.toString('hex'),
      me.totp.key.toString('base64'),
      ...me.totp.recoveryCodes,
      'public key',
      Buffer.from('public key').toString('base64'),
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
    for (const key of [
      'passwordHash',
      'answerHash',
      'tokenHash',
      'sealedSecret',
      'codeHash',
      'publicKey',
    ])
      expect(text).not.toContain(key);
    expect((await me.caller.security.events({})).events[0]).toMatchObject({ kind: 'data_export' });
  });
});
