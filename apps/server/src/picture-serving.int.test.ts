import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from './testing/start-server.ts';

// The pictures live apart from DATA_DIR, as on instances that share one folder.
const picturesDir = join(mkdtempSync(join(tmpdir(), 'acct-shared-')), 'pictures');
let server: TestServer;
let url: string;
let name: string;
beforeAll(async () => {
  server = await startTestServer({ PICTURES_DIR: picturesDir });
  await server.client().account.register.mutate({
    username: 'pictured',
    password: 'pictured password',
    email: 'pictured@example.com',
    question: 'q?',
    answer: 'a',
  });
  const { token } = await server
    .client()
    .auth.login.mutate({ username: 'pictured', password: 'pictured password', via: 'token' });
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: 'plum' } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
  const { pictureUrl } = await server.client(token!).picture.upload.mutate(form);
  url = server.localUrl(pictureUrl);
  name = pictureUrl.split('/').pop()!;
});
afterAll(async () => {
  await server.close();
  rmSync(join(picturesDir, '..'), { recursive: true, force: true });
});

const immutable = 'public, max-age=31536000, immutable';

describe('serving a picture', () => {
  // @see issue 13
  it('is stored in PICTURES_DIR, not in DATA_DIR', () => {
    expect(existsSync(join(picturesDir, name))).toBe(true);
    expect(existsSync(join(server.dataDir, 'pictures', name))).toBe(false);
  });

  it('answers the stored bytes as a JPEG, cacheable for a year under its content name', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(readFileSync(join(picturesDir, name)))).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'image/jpeg',
      'content-length': String(bytes.byteLength),
      'cache-control': immutable,
      etag: `"${name.replace('.jpg', '')}"`,
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
    });
  });

  it('answers a revalidation with 304 and no body', async () => {
    const etag = `"${name.replace('.jpg', '')}"`;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await fetch(url, { headers: { 'if-none-match': ifNoneMatch } });
      expect(response.status).toBe(304);
      expect(response.headers.get('etag')).toBe(etag);
      expect(response.headers.get('cache-control')).toBe(immutable);
      expect(await response.text()).toBe('');
    }
    expect((await fetch(url, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('answers HEAD with the length and no body', async () => {
    const { status, headers, body } = await new Promise<{
      status?: number;
      headers: Record<string, unknown>;
      body: string;
    }>((resolve, reject) => {
      const req = request(url, { method: 'HEAD' }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      });
      req.on('error', reject).end();
    });
    expect(status).toBe(200);
    expect(headers['content-length']).toBe(String(readFileSync(join(picturesDir, name)).length));
    expect(body).toBe('');
  });

  it('a picture that is not stored is a 404 that is not cached for a year, revalidated or not', async () => {
    const missing = url.replace(name, '0123456789abcdef0123456789abcdef.jpg');
    const revalidation = { 'if-none-match': '"0123456789abcdef0123456789abcdef"' };
    for (const headers of [{}, revalidation] as Record<string, string>[]) {
      const response = await fetch(missing, { headers });
      expect(response.status).toBe(404);
      expect(response.headers.get('cache-control')).not.toBe(immutable);
      expect(response.headers.get('etag')).toBeNull();
      expect(await response.json()).toEqual({ error: { kind: 'NOT_FOUND', message: 'Not found' } });
    }
  });
});
