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

  it.each(['/nope', '/.git/config', '/.env', '/package.json', '/acct.db', '/secret.key', '/pictures/', '/pictures/..%2facct.db', '/pictures/%2e%2e%2fsecret.key', '/pictures/0123456789abcdef0123456789abcdef.jpg'])(
    '%s is a JSON 404, never a file',
    async (path) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { kind: 'NOT_FOUND', message: 'Not found' } });
    },
  );

  it('an unknown procedure is a 404 in the tRPC envelope', async () => {
    const response = await fetch(`${server.url}/trpc/account.nothing`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { data: { kind: string } } }).error.data.kind).toBe('NOT_FOUND');
  });

  it('a query never reads a session token from the URL', async () => {
    const anonymous = server.client();
    await anonymous.account.register.mutate({ username: 'urlsafe', password: 'url safe pass', email: 'u@example.com', question: 'q', answer: 'a' });
    const { token } = await anonymous.auth.login.mutate({ username: 'urlsafe', password: 'url safe pass', via: 'token' });
    for (const query of [`token=${token}`, `authorization=${token}`]) {
      const response = await fetch(`${server.url}/trpc/account.profile?${query}`);
      expect(response.status).toBe(401);
    }
  });
});
