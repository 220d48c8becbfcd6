import { mkdirSync } from 'node:fs';
import { type FileHandle, open, opendir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PictureStorage, StoredObject } from './picture-storage.ts';
import { scratchNameFor } from './scratch-name.ts';

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;
/** The errors that mean "no such object": the name is absent, or a part of the path is not a folder. */
const isMissing = (error: unknown) => codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR';

/**
 * Names are the domain's (content-derived, or scratch names), never a client's; refusing anything
 * but a plain file name still keeps a bug elsewhere from reaching outside the folder.
 */
function checkName(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new Error(`Not a plain object name: ${JSON.stringify(name)}`);
  }
  return name;
}

/** fsync of a file or folder by path; for a folder, it makes the renames done in it durable. */
async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Pictures as files in one folder (the default storage). Several instances share it when it is
 * a shared mount (NFS): rename(2) within one folder is atomic there too, and every answer here
 * comes from the file system, never from memory of this process.
 */
export function createDirectoryStorage(dir: string): PictureStorage {
  mkdirSync(dir, { recursive: true });
  const pathOf = (name: string) => join(dir, checkName(name));

  async function modifiedAt(name: string): Promise<number | undefined> {
    try {
      const stats = await stat(pathOf(name));
      return stats.isFile() ? stats.mtimeMs : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The files among `names` with their times; a name removed meanwhile is left out. */
  async function timesOf(names: readonly string[]): Promise<StoredObject[]> {
    const found = await Promise.all(
      names.map(async (name) => {
        const at = await modifiedAt(name);
        return at === undefined ? [] : [{ name, modifiedAt: at }];
      }),
    );
    return found.flat();
  }

  return {
    /**
     * A fresh file under a scratch name, fsynced, then renamed over `name` and the folder fsynced:
     * a reader sees the old file or the new one, and a crash leaves at worst a scratch file, which
     * the sweep removes. Without the fsyncs, a power loss after the row's COMMIT could leave the
     * name pointing at an empty or missing file although the database says it is current.
     */
    async write(name, data) {
      const target = pathOf(name);
      const temp = pathOf(scratchNameFor(name));
      try {
        const handle = await open(temp, 'wx', 0o644);
        try {
          await handle.writeFile(data);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      await syncPath(dir);
    },

    /**
     * Opens the file and streams from that open file: a rename or delete of the name meanwhile
     * changes nothing for this reader, and the size is that of the bytes it sends.
     */
    async read(name) {
      let handle: FileHandle;
      try {
        handle = await open(pathOf(name), 'r');
      } catch (error) {
        if (isMissing(error) || codeOf(error) === 'EISDIR') return undefined;
        throw error;
      }
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) {
          await handle.close();
          return undefined;
        }
        return { size: stats.size, modifiedAt: stats.mtimeMs, stream: handle.createReadStream() };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    modifiedAt,

    /** rename(2): atomic, keeps the mtime; the folder is fsynced so that the move survives a crash. */
    async rename(from, to) {
      try {
        await rename(pathOf(from), pathOf(to));
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
      await syncPath(dir);
      return true;
    },

    /** Not fsynced: a removal lost to a crash leaves a file the sweep removes again. */
    async remove(name) {
      try {
        await unlink(pathOf(name));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    },

    /**
     * Reads the folder as it goes (opendir, never the whole listing at once) and stats a batch
     * at a time, in parallel, which hides the round trips of a network file system. Folders are
     * skipped; entries that are neither files nor folders are dropped by the stat.
     */
    async *list(batchSize) {
      let names: string[] = [];
      for await (const entry of await opendir(dir)) {
        if (entry.isDirectory()) continue;
        names.push(entry.name);
        if (names.length < batchSize) continue;
        const batch = await timesOf(names);
        names = [];
        if (batch.length > 0) yield batch;
      }
      const batch = await timesOf(names);
      if (batch.length > 0) yield batch;
    },
  };
}
