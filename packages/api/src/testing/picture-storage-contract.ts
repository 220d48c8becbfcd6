import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PictureStorage, StoredBody } from '../storage/picture-storage.ts';

/** A fresh, empty storage for one test, and how to dispose of it. */
export interface StorageUnderTest {
  storage: PictureStorage;
  close(): Promise<void>;
}

const nameOf = () => `${randomBytes(16).toString('hex')}.jpg`;
const bytesOf = async (body: StoredBody | undefined) =>
  body ? Buffer.concat((await body.stream.toArray()) as Buffer[]) : undefined;

/**
 * What every PictureStorage must do, run against a real instance (a temp folder for the
 * directory storage; a test bucket for an object store one day). `clockSkewMs` is how far the
 * storage's clock may be from this process's; `tickMs`, how long its times take to move (S3's
 * LastModified has whole seconds).
 */
export function describePictureStorage(
  label: string,
  open: () => Promise<StorageUnderTest>,
  { clockSkewMs = 2_000, tickMs = 20 }: { clockSkewMs?: number; tickMs?: number } = {},
) {
  describe(`${label} (the PictureStorage contract)`, () => {
    let under: StorageUnderTest;
    let storage: PictureStorage;
    beforeEach(async () => {
      under = await open();
      storage = under.storage;
    });
    afterEach(() => under.close());

    const listAll = async (batchSize = 100) => {
      const batches = [];
      for await (const batch of storage.list(batchSize)) batches.push(batch);
      return batches;
    };

    it('reads back what was written, with its size and a time of now', async () => {
      const name = nameOf();
      const data = randomBytes(70_000);
      const started = Date.now();
      await storage.write(name, data);
      const body = await storage.read(name);
      expect(body?.size).toBe(data.byteLength);
      expect(await bytesOf(body)).toEqual(data);
      const at = await storage.modifiedAt(name);
      expect(at).toBe(body?.modifiedAt);
      expect(at).toBeGreaterThanOrEqual(started - clockSkewMs);
      expect(at).toBeLessThanOrEqual(Date.now() + clockSkewMs);
    });

    it('answers undefined for a name that was never written', async () => {
      expect(await storage.read(nameOf())).toBeUndefined();
      expect(await storage.modifiedAt(nameOf())).toBeUndefined();
    });

    it('replaces an object, and a rewrite of the same bytes is a fresh write', async () => {
      const name = nameOf();
      await storage.write(name, Buffer.from('first'));
      await storage.write(name, Buffer.from('second'));
      expect(await bytesOf(await storage.read(name))).toEqual(Buffer.from('second'));

      const first = (await storage.modifiedAt(name))!;
      await new Promise((resolve) => setTimeout(resolve, tickMs));
      await storage.write(name, Buffer.from('second'));
      expect(await storage.modifiedAt(name)).toBeGreaterThan(first);
    });

    it('removes an object; removing a missing one is no error', async () => {
      const name = nameOf();
      await storage.write(name, Buffer.from('x'));
      await storage.remove(name);
      expect(await storage.read(name)).toBeUndefined();
      expect(await storage.modifiedAt(name)).toBeUndefined();
      await storage.remove(name);
      expect(await listAll()).toEqual([]);
    });

    it('renames with the bytes and the time, replacing the target; false when the source is gone', async () => {
      const [from, to] = [nameOf(), nameOf()];
      await storage.write(from, Buffer.from('moved'));
      await storage.write(to, Buffer.from('replaced'));
      const at = await storage.modifiedAt(from);
      await new Promise((resolve) => setTimeout(resolve, tickMs));
      expect(await storage.rename(from, to)).toBe(true);
      expect(await storage.modifiedAt(from)).toBeUndefined();
      expect(await storage.modifiedAt(to)).toBe(at);
      expect(await bytesOf(await storage.read(to))).toEqual(Buffer.from('moved'));
      expect(await storage.rename(from, nameOf())).toBe(false);
    });

    it('lists every object once, with its time, in batches no larger than asked', async () => {
      const names = Array.from({ length: 7 }, nameOf);
      for (const name of names) await storage.write(name, Buffer.from(name));
      const batches = await listAll(3);
      for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(3);
      const listed = batches.flat();
      expect(listed.map((o) => o.name).sort()).toEqual([...names].sort());
      for (const { name, modifiedAt } of listed)
        expect(modifiedAt).toBe(await storage.modifiedAt(name));
    });

    it('lists nothing when empty', async () => {
      expect(await listAll()).toEqual([]);
    });

    it('never shows part of an object under its name while it is written', async () => {
      const name = nameOf();
      // Large enough that a write is many system calls; sizes that differ, so that the size
      // alone tells which one a reader got, and a look costs little, so many fit into one write.
      const before = Buffer.alloc(8 * 1024 * 1024, 'a');
      const after = Buffer.alloc(before.byteLength + 1, 'b');
      await storage.write(name, before);
      let done = false;
      const writing = storage.write(name, after).finally(() => {
        done = true;
      });
      const sizes: (number | undefined)[] = [];
      while (!done) {
        const body = await storage.read(name);
        body?.stream.destroy();
        sizes.push(body?.size);
        const listed = (await listAll()).flat().filter((o) => o.name === name);
        expect(listed).toHaveLength(1);
      }
      await writing;
      expect(
        sizes.filter((size) => size !== before.byteLength && size !== after.byteLength),
      ).toEqual([]);
      // Buffer.equals: toEqual compares 8 MiB element by element, for half a minute.
      expect((await bytesOf(await storage.read(name)))?.equals(after)).toBe(true);
    });
  });
}
