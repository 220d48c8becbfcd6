import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { PICTURE_GRACE_MS, sweepPictures } from '../domain/sweep-pictures.ts';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';

const t = await createTestInstance();
afterAll(() => t.close());

const form = (
  data: Uint8Array | string,
  name = 'avatar.png',
  type = 'image/png',
  field = 'file',
) => {
  const f = new FormData();
  f.append(field, new Blob([data], { type }), name);
  return f;
};

const photoWithGps = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3366cc' } })
    .withExif({ IFD0: { Copyright: 'EXIF-MARKER', ImageDescription: 'GPS-MARKER' } })
    .jpeg()
    .toBuffer();

const stored = () => readdirSync(t.picturesDir).filter((n) => !n.startsWith('.'));

describe('picture.upload', () => {
  it('re-encodes to a bounded JPEG without metadata, under a content-derived name, and returns its absolute URL', async () => {
    const me = await t.signedIn();
    const original = await photoWithGps();
    expect(original.includes('EXIF-MARKER')).toBe(true);
    const { pictureUrl } = await me.caller.picture.upload(form(original, '../../etc/passwd'));
    expect(pictureUrl).toMatch(/^http:\/\/localhost:3000\/pictures\/[0-9a-f]{32}\.jpg$/);
    const name = pictureUrl.split('/').pop()!;
    const bytes = readFileSync(join(t.picturesDir, name));
    expect(bytes.includes('EXIF-MARKER')).toBe(false);
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 512, height: 341 });
    expect(meta.exif).toBeUndefined();
    expect((await me.caller.account.profile()).pictureUrl).toBe(pictureUrl);
  });

  const solid = (background: string) =>
    sharp({ create: { width: 8, height: 8, channels: 3, background } })
      .png()
      .toBuffer();
  const fileOf = (pictureUrl: string) => join(t.picturesDir, pictureUrl.split('/').pop()!);
  const age = (file: string) => {
    const at = new Date(t.services.now() - PICTURE_GRACE_MS - 60_000);
    utimesSync(file, at, at);
  };

  it('keeps only the current picture of a user on disk: a replaced one older than the grace goes at once', async () => {
    const me = await t.signedIn();
    const first = await me.caller.picture.upload(form(await solid('red')));
    age(fileOf(first.pictureUrl));
    const second = await me.caller.picture.upload(
      form(
        await sharp({ create: { width: 8, height: 8, channels: 3, background: 'lime' } })
          .webp()
          .toBuffer(),
      ),
    );
    expect(existsSync(fileOf(first.pictureUrl))).toBe(false);
    expect(existsSync(fileOf(second.pictureUrl))).toBe(true);
  });

  // @see issue 11 item 3
  it('keeps a picture replaced within the grace (an upload of it may be in flight) until a sweep after the grace', async () => {
    const me = await t.signedIn();
    const first = await me.caller.picture.upload(form(await solid('navy')));
    const second = await me.caller.picture.upload(form(await solid('teal')));
    expect(existsSync(fileOf(first.pictureUrl))).toBe(true);
    age(fileOf(first.pictureUrl));
    age(fileOf(second.pictureUrl));
    expect(await sweepPictures(t.services)).toMatchObject({ unreferenced: 1 });
    expect(existsSync(fileOf(first.pictureUrl))).toBe(false);
    expect(existsSync(fileOf(second.pictureUrl))).toBe(true);
    expect((await me.caller.account.profile()).pictureUrl).toBe(second.pictureUrl);
  });

  it.each([
    ['a shell script declared as PNG', () => '#!/bin/sh\necho pwned\n'],
    ['HTML named .jpg', () => '<html><script>alert(1)</script></html>'],
    [
      'an SVG with script',
      () => '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ],
    [
      'a truncated PNG',
      async () =>
        (
          await sharp({ create: { width: 50, height: 50, channels: 3, background: 'red' } })
            .png()
            .toBuffer()
        ).subarray(0, 60),
    ],
    [
      'a TIFF',
      () =>
        sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
          .tiff()
          .toBuffer(),
    ],
  ])('refuses %s as BAD_UPLOAD and writes nothing', async (_, make) => {
    const me = await t.signedIn();
    const before = t.dump();
    const files = stored();
    await expectKind(me.caller.picture.upload(form(await make())), 'BAD_UPLOAD');
    expect(t.dump()).toEqual(before);
    expect(stored()).toEqual(files);
  });

  it('refuses a small file that declares a huge pixel count before decoding it', async () => {
    const me = await t.signedIn();
    // A valid PNG header for 50,000 × 50,000 pixels; the body never needs to be read.
    const bomb = await sharp({ create: { width: 1, height: 1, channels: 3, background: 'red' } })
      .png()
      .toBuffer();
    bomb.writeUInt32BE(50_000, 16);
    bomb.writeUInt32BE(50_000, 20);
    await expectKind(me.caller.picture.upload(form(bomb)), 'BAD_UPLOAD');
  });

  it('refuses an empty file, a missing field and an anonymous caller', async () => {
    const me = await t.signedIn();
    await expectKind(me.caller.picture.upload(form('')), 'BAD_UPLOAD');
    await expectKind(
      me.caller.picture.upload(form('x', 'a.png', 'image/png', 'avatar')),
      'INVALID_ARGUMENT',
    );
    await expectKind(t.client().caller.picture.upload(form('x')), 'NOT_LOGGED_IN');
  });
});
