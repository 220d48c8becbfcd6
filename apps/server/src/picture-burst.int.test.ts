import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { sweepExpired } from '@acct/api';
import { md5 } from '@acct/api/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';
import { openServices } from './services.ts';
import { restClient } from './testing/rest-client.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const picturesDir = () => join(server.dataDir, 'pictures');
const image = (background: string) =>
  sharp({ create: { width: 64, height: 64, channels: 3, background } })
    .png()
    .toBuffer();
const formOf = (png: Buffer) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
  return form;
};

/** Runs the housekeeping sweep as the server does, on its data directory, once every file is a day old. */
async function sweepADayLater() {
  const dir = picturesDir();
  const dayAgo = new Date(Date.now() - 24 * 3_600_000);
  for (const name of readdirSync(dir)) utimesSync(join(dir, name), dayAgo, dayAgo);
  const services = await openServices(
    parseEnv({ DATA_DIR: server.dataDir, ...server.backendEnv, LOG_LEVEL: 'silent' }),
  );
  try {
    return await sweepExpired(services);
  } finally {
    await services.repo.close();
  }
}

describe('a burst of picture uploads by one user', () => {
  // @see issue 11 item 3
  it('answers every upload, leaves the profile on a picture that is served, and keeps only that file', async () => {
    const password = 'burst password';
    await server.client().account.register.mutate({
      username: 'burster',
      password,
      email: 'burst@example.com',
      question: 'q?',
      answer: 'a',
    });
    const http = restClient(server.url);
    const login = await http.call('POST', '/login', {
      json: { username: 'burster', password: md5(password) },
    });
    const token = (login.body.result as { token: string }).token;
    const trpc = server.client(token);
    const images = await Promise.all([image('red'), image('blue')]);

    // 12 at once, alternating the two images, half through the entry route and half through tRPC.
    // Settled, not Promise.all: every upload has finished before anything is asserted.
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, async (_, i) => {
        const form = formOf(images[i % 2]!);
        if ((i >> 1) % 2 === 1)
          return { face: 'trpc', url: (await trpc.picture.upload.mutate(form)).pictureUrl };
        const put = await http.call('PUT', '/user/update_user_profile_picture', {
          raw: form,
          headers: { authorization: token },
        });
        return { face: 'entry', status: put.status, body: put.body };
      }),
    );
    expect(settled.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
    const answers = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    // The entry dialect answers '' (as documented); tRPC answers the URL.
    const entry = answers.filter((a) => a.face === 'entry');
    expect(entry).toEqual(
      Array(6).fill({ face: 'entry', status: 200, body: { code: 0, msg: '', result: '' } }),
    );
    const urls = new Set(answers.flatMap((a) => (a.url ? [a.url] : [])));
    expect(urls.size).toBe(2);
    for (const url of urls)
      expect(url).toMatch(/^http:\/\/accounts\.test\/pictures\/[0-9a-f]{32}\.jpg$/);

    const current = async () => {
      const info = await http.call('GET', '/user/get_user_info', {
        headers: { authorization: token },
      });
      return (info.body.result as { profile_picture: string }).profile_picture;
    };
    const url = await current();
    expect(urls).toContain(url);
    expect((await fetch(server.localUrl(url))).status).toBe(200);
    // Every temp file was renamed into place. Both images were written within the grace, so the
    // one replaced last is still there (an upload in flight might have been about to use it).
    expect(readdirSync(picturesDir()).sort()).toEqual(
      [...urls].map((u) => u.split('/').pop()).sort(),
    );

    expect((await sweepADayLater()).pictures).toEqual({ temps: 0, unreferenced: 1 });
    expect(readdirSync(picturesDir())).toEqual([url.split('/').pop()]);
    expect(await current()).toBe(url);
    expect((await fetch(server.localUrl(url))).status).toBe(200);
  });
});
