import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAccount } from '@acct/api';
import { md5 } from '@acct/api/testing';
import { errorKind } from '@acct/client';
import { errors } from '@acct/schema';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restClient } from './testing/rest-client.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

const ACCOUNTS = 8;
const password = 'a password for a short life';

let server: TestServer;
beforeAll(async () => {
  // Without the credential cache every login waits for its own argon2 check, so a login sent
  // just after its account's deletion reads the account before the deletion commits and
  // finishes after it.
  server = await startTestServer({ CREDENTIAL_CACHE_SIZE: '0' });
});
afterAll(() => server.close());

/** Accounts signed in over tRPC, each with the token of the session that will delete it. */
async function accountsAboutToGo(prefix: string) {
  const usernames = Array.from({ length: ACCOUNTS }, (_, index) => `${prefix}${index}`);
  await server.withServices(async (services) => {
    for (const username of usernames) await createAccount(services, { username, password });
  });
  return Promise.all(
    usernames.map(async (username) => {
      const { token } = await server
        .client()
        .auth.login.mutate({ username, password, via: 'token' });
      return { username, owner: server.client(token!) };
    }),
  );
}

/**
 * The deletion's own password check takes an argon2 job (tens of milliseconds here): a login sent
 * now reads the account before the deletion commits, and its check queues behind the deletion's.
 */
const deletionUnderWay = () => new Promise((resolve) => setTimeout(resolve, 10));

/** A tRPC refusal's kind and HTTP status: a kind mapped only in the body would still be a 500. */
const refusal = (error: unknown) =>
  `${errorKind(error)} ${(error as { data?: { httpStatus?: number } }).data?.httpStatus}`;

const sessionsOf = (usernames: string[]) => {
  const { users, sessions } = server.dump();
  const ids = new Set(
    (users as { id: number; username: string }[])
      .filter((user) => usernames.includes(user.username))
      .map((user) => user.id),
  );
  return (sessions as { user_id: number }[]).filter((session) => ids.has(session.user_id));
};

describe('an account deleted while one of its requests is in flight', () => {
  it('entry /login: the login is refused as wrong credentials, never a server error, and opens no session', async () => {
    const accounts = await accountsAboutToGo('goneentry');
    const outcomes = await Promise.all(
      accounts.map(async ({ username, owner }) => {
        const deleted = owner.account.delete.mutate({ password });
        await deletionUnderWay();
        const login = restClient(server.url).call('POST', '/login', {
          json: { username, password: md5(password) },
        });
        await deleted;
        return (await login).body;
      }),
    );
    for (const body of outcomes)
      expect([0, errors.WRONG_CREDENTIALS.entry]).toContain(body.code as number);
    // Refused either because the login read the account before the erasure and wrote after it
    // (the race) or because it came after: both must be the unknown account's answer.
    expect(outcomes.filter((body) => body.code !== 0).length).toBeGreaterThan(0);
    expect(sessionsOf(accounts.map((account) => account.username))).toEqual([]);
  });

  it('tRPC auth.login: refused with WRONG_CREDENTIALS, and opens no session', async () => {
    const accounts = await accountsAboutToGo('gonetrpc');
    const kinds = await Promise.all(
      accounts.map(async ({ username, owner }) => {
        const deleted = owner.account.delete.mutate({ password });
        await deletionUnderWay();
        const login = server
          .client()
          .auth.login.mutate({ username, password, via: 'token' })
          .then(
            () => 'signed in',
            (error: unknown) => refusal(error),
          );
        await deleted;
        return login;
      }),
    );
    for (const kind of kinds) expect(['signed in', 'WRONG_CREDENTIALS 401']).toContain(kind);
    expect(kinds.filter((kind) => kind !== 'signed in').length).toBeGreaterThan(0);
    expect(sessionsOf(accounts.map((account) => account.username))).toEqual([]);
  });

  it('a picture upload that finishes after the erasure is refused as NOT_LOGGED_IN, and keeps no picture', async () => {
    const accounts = await accountsAboutToGo('gonepicture');
    const png = await sharp({
      create: { width: 1600, height: 1200, channels: 3, background: '#3080c0' },
    })
      .png()
      .toBuffer();
    const kinds = await Promise.all(
      accounts.map(async ({ owner }) => {
        const deleted = owner.account.delete.mutate({ password });
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
        const upload = owner.picture.upload.mutate(form).then(
          () => 'uploaded',
          (error: unknown) => refusal(error),
        );
        await deleted;
        return upload;
      }),
    );
    for (const kind of kinds) expect(['uploaded', 'NOT_LOGGED_IN 401']).toContain(kind);
    const { pictures } = server.dump();
    expect(pictures).toEqual([]);
    expect(readdirSync(join(server.dataDir, 'pictures'))).toEqual([]);
  });
});
