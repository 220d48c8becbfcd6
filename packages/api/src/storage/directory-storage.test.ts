import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePictureStorage } from '../testing/picture-storage-contract.ts';
import { createDirectoryStorage } from './directory-storage.ts';
import { isScratchName } from './scratch-name.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'acct-pictures-'));

describePictureStorage('the directory storage', async () => {
  const dir = freshDir();
  return {
    storage: createDirectoryStorage(join(dir, 'pictures')),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('the directory storage', () => {
  const root = freshDir();
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let serial = 0;
  const folder = () => join(root, `case-${(serial += 1)}`);
  const name = () => `${randomBytes(16).toString('hex')}.jpg`;

  it('creates its folder, and leaves nothing but the file after a write', async () => {
    const dir = join(folder(), 'nested', 'pictures');
    const storage = createDirectoryStorage(dir);
    const stored = name();
    await storage.write(stored, Buffer.from('jpeg'));
    expect(readdirSync(dir)).toEqual([stored]);
    expect(statSync(join(dir, stored)).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('is shared by every instance on the folder', async () => {
    const dir = folder();
    const [one, other] = [createDirectoryStorage(dir), createDirectoryStorage(dir)];
    const stored = name();
    await one.write(stored, Buffer.from('shared'));
    expect(await other.modifiedAt(stored)).toBe(await one.modifiedAt(stored));
    await other.remove(stored);
    expect(await one.read(stored)).toBeUndefined();
  });

  it('a failed write leaves the name as it was and no scratch file', async () => {
    const dir = folder();
    const storage = createDirectoryStorage(dir);
    const blocked = name();
    mkdirSync(join(dir, blocked));
    await expect(storage.write(blocked, Buffer.from('x'))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([blocked]);
    expect(statSync(join(dir, blocked)).isDirectory()).toBe(true);
  });

  it('lists files of any name, scratch files too, and no folders', async () => {
    const dir = folder();
    const storage = createDirectoryStorage(dir);
    const leftover = `.${name()}.${randomBytes(8).toString('hex')}.tmp`;
    writeFileSync(join(dir, leftover), 'half a write');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    mkdirSync(join(dir, name()));
    const listed = [];
    for await (const batch of storage.list(1)) listed.push(...batch.map((o) => o.name));
    expect(listed.sort()).toEqual([leftover, 'notes.txt'].sort());
    expect(isScratchName(leftover)).toBe(true);
    expect(await storage.modifiedAt('notes.txt')).toBeDefined();
  });

  it('treats a folder under a picture name as no object', async () => {
    const dir = folder();
    const storage = createDirectoryStorage(dir);
    const stored = name();
    mkdirSync(join(dir, stored));
    expect(await storage.read(stored)).toBeUndefined();
    expect(await storage.modifiedAt(stored)).toBeUndefined();
  });

  it.each(['../acct.db', 'a/b.jpg', '..', '.', '', 'a\\b', 'nul\0.jpg'])(
    'refuses %j, which is not a plain name',
    async (bad) => {
      const storage = createDirectoryStorage(folder());
      await expect(storage.read(bad)).rejects.toThrow('Not a plain object name');
      await expect(storage.write(bad, Buffer.from('x'))).rejects.toThrow('Not a plain object name');
    },
  );
});
