import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestInstance } from '../testing/harness.ts';
import { processPicture } from './picture.ts';
import { savePicture } from './save-picture.ts';

const t = await createTestInstance();
afterAll(() => t.close());

describe('savePicture', () => {
  // @see issue 11 item 3
  it('writes its file again when a cleanup elsewhere took it before the commit', async () => {
    const me = await t.signedIn();
    const picture = await processPicture(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: 'olive' } })
        .png()
        .toBuffer(),
    );
    const { repo } = t.services;
    // Another instance's cleanup, which saw no row for the name yet, takes the file just before the commit.
    const replace: typeof repo.pictures.replace = (row) => {
      rmSync(join(t.picturesDir, row.name));
      return repo.pictures.replace(row);
    };
    const services = { ...t.services, repo: { ...repo, pictures: { ...repo.pictures, replace } } };
    const url = await savePicture(services, me.profile.id, picture);
    expect(existsSync(join(t.picturesDir, url.split('/').pop()!))).toBe(true);
    expect((await me.caller.account.profile()).pictureUrl).toBe(url);
  });
});
