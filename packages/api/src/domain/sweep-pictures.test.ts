import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { type TestInstance, createTestInstance } from '../testing/harness.ts';
import { PICTURE_GRACE_MS, removeUnreferencedPictures, sweepPictures } from './sweep-pictures.ts';

const t = await createTestInstance();
const r = await createTestInstance();
afterAll(() => Promise.all([t.close(), r.close()]));

const hex = () => randomBytes(16).toString('hex');
/** A file in the pictures directory of `on`, last written `ageMs` before its clock's now. */
const plantIn = (on: TestInstance) => (name: string, ageMs: number) => {
  const path = join(on.picturesDir, name);
  writeFileSync(path, 'x');
  const at = new Date(on.services.now() - ageMs);
  utimesSync(path, at, at);
  return name;
};
const dir = t.picturesDir;
const plant = plantIn(t);
const stale = PICTURE_GRACE_MS + 60_000;
const fresh = 60_000;

describe('sweepPictures', () => {
  // @see issue 11 item 7
  it('removes temp files and unreferenced pictures older than the grace, and nothing else', async () => {
    const me = await t.signedIn();
    const form = new FormData();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
      .png()
      .toBuffer();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
    const current = (await me.caller.picture.upload(form)).pictureUrl.split('/').pop()!;
    // The current picture is kept however old it is.
    plant(current, 30 * 24 * 3_600_000);

    const staleTemp = plant(`.${hex()}.jpg.${randomBytes(8).toString('hex')}.tmp`, stale);
    const stalePidTemp = plant(`.${hex()}.jpg.4242.tmp`, stale);
    const staleOrphan = plant(`${hex()}.jpg`, stale);
    const freshOrphan = plant(`${hex()}.jpg`, fresh);
    const freshTemp = plant(`.${hex()}.jpg.${randomBytes(8).toString('hex')}.tmp`, fresh);
    const unrelated = [
      plant('notes.txt', stale),
      plant(`${hex().toUpperCase()}.jpg`, stale),
      plant(`${hex()}.jpeg`, stale),
      plant(`.${hex()}.jpg.tmp`, stale),
      plant('.tmp', stale),
    ];
    const folder = `${hex()}.jpg`;
    mkdirSync(join(dir, folder));
    const listing = () => readdirSync(dir).sort();

    expect(await sweepPictures(t.services)).toEqual({ temps: 2, unreferenced: 1 });
    expect(listing()).not.toContain(staleTemp);
    expect(listing()).not.toContain(stalePidTemp);
    expect(listing()).not.toContain(staleOrphan);
    expect(listing()).toEqual([current, freshOrphan, freshTemp, folder, ...unrelated].sort());

    // The fresh leftovers go once they are older than the grace; the rest stays for good.
    t.clock.advance(PICTURE_GRACE_MS);
    expect(await sweepPictures(t.services)).toEqual({ temps: 1, unreferenced: 1 });
    expect(listing()).toEqual([current, folder, ...unrelated].sort());
    expect(await sweepPictures(t.services)).toEqual({ temps: 0, unreferenced: 0 });
  });
});

describe('removeUnreferencedPictures', () => {
  // Its own instance: these leave files the sweep test above would count.
  const dir = r.picturesDir;
  const plant = plantIn(r);
  // An upload elsewhere acts between the cleanup's first look and its move: the second look keeps the file.
  const racing = (act: (name: string) => Promise<void>) => {
    const { pictures } = r.services;
    const { storage } = pictures;
    let moves = 0;
    const rename = async (from: string, to: string) => {
      // The first rename is the move aside; a second one puts the file back.
      moves += 1;
      if (moves === 1) await act(from);
      return storage.rename(from, to);
    };
    return { ...r.services, pictures: { ...pictures, storage: { ...storage, rename } } };
  };

  // @see issue 11 item 3
  it('puts a file back when an upload made it current after the first look', async () => {
    const me = await r.signedIn();
    const name = plant(`${hex()}.jpg`, stale);
    const commit = async () => {
      await r.repo.pictures.replace({
        name,
        userId: me.profile.id,
        bytes: 1,
        width: 1,
        height: 1,
        createdAt: r.services.now(),
      });
    };
    expect(await removeUnreferencedPictures(racing(commit), [name])).toBe(0);
    expect(readdirSync(dir)).toContain(name);
    expect(readdirSync(dir).filter((n) => n.includes(name) && n !== name)).toEqual([]);
  });

  // @see issue 11 item 3
  it('puts a file back when an upload wrote it again after the first look', async () => {
    const name = plant(`${hex()}.jpg`, stale);
    const rewrite = async () => {
      await r.services.pictures.storage.write(name, Buffer.from('x'));
    };
    expect(await removeUnreferencedPictures(racing(rewrite), [name])).toBe(0);
    expect(readdirSync(dir)).toContain(name);
    expect(readdirSync(dir).filter((n) => n.includes(name) && n !== name)).toEqual([]);
  });
});
