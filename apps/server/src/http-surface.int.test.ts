import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from './testing/start-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the HTTP surface', () => {
  it('GET /healthz answers ok without versions', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('server')).toBeNull();
  });

  it('GET /readyz is ready while the database answers with every migration, else 503', async () => {
    const own = await startTestServer();
    try {
      const ready = await fetch(`${own.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
      // As if the code were newer than the database: its last migration is not applied.
      const table =
        own.store.backend === 'postgres' ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';
      await own.store.execute(
        `delete from ${table} where created_at = (select max(created_at) from ${table})`,
      );
      const behind = await fetch(`${own.url}/readyz`);
      expect([behind.status, behind.headers.get('retry-after'), await behind.json()]).toEqual([
        503,
        '1',
        { status: 'unavailable' },
      ]);
      // Liveness is another question: the process still answers.
      expect((await fetch(`${own.url}/healthz`)).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('sends the security headers on every response', async () => {
    for (const path of ['/healthz', '/nope', '/trpc/auth.session']) {
      const { headers } = await fetch(`${server.url}${path}`);
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
  });

  it.each([
    '/nope',
    '/.git/config',
    '/.env',
    '/package.json',
    '/acct.db',
    '/secret.key',
    '/pictures/',
    '/pictures/..%2facct.db',
    '/pictures/%2e%2e%2fsecret.key',
    '/pictures/0123456789abcdef0123456789abcdef.jpg',
  ])('%s is a JSON 404, never a file', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { kind: 'NOT_FOUND', message: 'Not found' } });
  });

  it('an unknown procedure is a 404 in the tRPC envelope', async () => {
    const response = await fetch(`${server.url}/trpc/account.nothing`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { data: { kind: string } } }).error.data.kind).toBe(
      'NOT_FOUND',
    );
  });

  // @see issue 11 item 7
  it('labels every tRPC answer JSON with its charset, the ones tRPC refuses before any procedure too', async () => {
    const json = (init: RequestInit) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...init,
    });
    const answers = {
      query: await fetch(`${server.url}/trpc/auth.session`),
      batch: await fetch(`${server.url}/trpc/auth.session,auth.session?batch=1&input=%7B%7D`),
      procedureError: await fetch(`${server.url}/trpc/account.profile`),
      malformed: await fetch(`${server.url}/trpc/account.register`, json({ body: '{' })),
      // Refused by Fastify, then by tRPC itself (Fastify's text/plain parser lets it through).
      unsupportedXml: await fetch(
        `${server.url}/trpc/account.register`,
        json({ headers: { 'content-type': 'text/xml' }, body: '<a/>' }),
      ),
      unsupportedText: await fetch(
        `${server.url}/trpc/account.register`,
        json({ headers: { 'content-type': 'text/plain' }, body: 'a' }),
      ),
      overTheCap: await fetch(
        `${server.url}/trpc/${Array(11).fill('auth.session').join(',')}?batch=1&input=%7B%7D`,
      ),
      overTheCapPost: await fetch(
        `${server.url}/trpc/${Array(11).fill('auth.logout').join(',')}?batch=1`,
        json({ body: '{}' }),
      ),
    };
    const statuses = Object.fromEntries(
      Object.entries(answers).map(([name, r]) => [name, r.status]),
    );
    expect(statuses).toEqual({
      query: 200,
      batch: 200,
      procedureError: 401,
      malformed: 400,
      unsupportedXml: 415,
      unsupportedText: 415,
      overTheCap: 400,
      overTheCapPost: 400,
    });
    for (const [name, response] of Object.entries(answers)) {
      expect(response.headers.get('content-type'), name).toBe('application/json; charset=utf-8');
      await expect(response.json(), name).resolves.toBeDefined();
    }
  });

  it('a query never reads a session token from the URL', async () => {
    const anonymous = server.client();
    await anonymous.account.register.mutate({
      username: 'urlsafe',
      password: 'url safe pass',
      email: 'u@example.com',
      question: 'q',
      answer: 'a',
    });
    const { token } = await anonymous.auth.login.mutate({
      username: 'urlsafe',
      password: 'url safe pass',
      via: 'token',
    });
    for (const query of [`token=${token}`, `authorization=${token}`]) {
      const response = await fetch(`${server.url}/trpc/account.profile?${query}`);
      expect(response.status).toBe(401);
    }
  });
});
