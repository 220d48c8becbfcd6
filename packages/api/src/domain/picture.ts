import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PICTURE_FORMATS, PICTURE_MAX_BYTES, PICTURE_MAX_PIXELS, PICTURE_SIZE } from '@acct/schema';
import sharp from 'sharp';
import { fail } from '../errors.ts';

export interface ProcessedPicture {
  data: Buffer;
  width: number;
  height: number;
}

const acceptedFormats: ReadonlySet<string> = new Set(PICTURE_FORMATS);

/**
 * Decides by content, never by name or declared type: only JPEG, PNG, WebP and GIF are
 * decoded (SVG, TIFF, PDF, HEIF are refused before decoding), the pixel count is bounded
 * before decoding, and the result is re-encoded as a fresh JPEG, which drops every
 * metadata block (EXIF, GPS, XMP, text chunks) and anything hidden in the original bytes.
 */
export async function processPicture(input: Uint8Array): Promise<ProcessedPicture> {
  if (input.byteLength === 0) fail('BAD_UPLOAD', 'The file is empty');
  if (input.byteLength > PICTURE_MAX_BYTES) fail('PAYLOAD_TOO_LARGE');
  const options = { limitInputPixels: PICTURE_MAX_PIXELS, failOn: 'error' } as const;
  const meta = await sharp(input, options)
    .metadata()
    .catch(() => fail('BAD_UPLOAD'));
  if (!meta.format || !acceptedFormats.has(meta.format)) fail('BAD_UPLOAD');
  if (!meta.width || !meta.height || meta.width * meta.height > PICTURE_MAX_PIXELS) {
    fail('BAD_UPLOAD', 'The image is too large in pixels');
  }
  const { data, info } = await sharp(input, options)
    .autoOrient()
    .resize(PICTURE_SIZE, PICTURE_SIZE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85, mozjpeg: true })
    .toBuffer({ resolveWithObject: true })
    .catch(() => fail('BAD_UPLOAD'));
  return { data, width: info.width, height: info.height };
}

/**
 * Temp names are `.<stored name>.<hex>.tmp`: a random suffix per write since issue 11 (before,
 * the pid, whose decimal digits this also matches, so the sweep finds leftovers of either kind).
 */
const tempPattern = /^\.[0-9a-f]{32}\.jpg\.[0-9a-f]{1,32}\.tmp$/;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** When the file at `path` was last written (ms since the epoch); undefined if there is none. */
async function lastWritten(path: string): Promise<number | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.mtimeMs : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Pictures on disk under one folder, named by content; nothing from the client reaches a path. */
export function createPictureStore(dir: string, publicUrl: string) {
  mkdirSync(dir, { recursive: true });
  const base = publicUrl.replace(/\/+$/, '');
  const tempFor = (name: string) => `.${name}.${randomBytes(8).toString('hex')}.tmp`;
  return {
    dir,
    /** Content-derived and per-user, so a user's file is never shared or overwritten by another's. */
    nameFor: (userId: number, data: Buffer) =>
      `${createHash('sha256').update(`${userId}:`).update(data).digest('hex').slice(0, 32)}.jpg`,
    /**
     * Writes a fresh file and renames it into place, even when `name` exists: its new mtime is
     * what keeps cleanup away from a file about to become current again (see sweep-pictures.ts).
     * The temp name is unique per write: concurrent uploads of one image by one user (one
     * name) used to share `.<name>.<pid>.tmp` and rename it from under each other (ENOENT).
     */
    async write(name: string, data: Buffer): Promise<void> {
      const temp = join(dir, tempFor(name));
      try {
        await writeFile(temp, data, { mode: 0o644, flag: 'wx' });
        await rename(temp, join(dir, name));
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    exists: async (name: string) => (await lastWritten(join(dir, name))) !== undefined,
    isTemp: (name: string) => tempPattern.test(name),
    /** Whether the file `name` (stored or temp) was last written before `before`; false if it is gone. */
    writtenBefore: async (name: string, before: number) => {
      const at = await lastWritten(join(dir, name));
      return at !== undefined && at < before;
    },
    /** Renames the stored picture `name` to a fresh temp name, returned; undefined if it is gone. */
    async moveAside(name: string): Promise<string | undefined> {
      const aside = tempFor(name);
      try {
        await rename(join(dir, name), join(dir, aside));
        return aside;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    /**
     * Undoes moveAside. Anything written to `name` since has the same content (same name). The
     * aside keeps its mtime, so another instance's sweep may have removed it as a stale temp file
     * first: then it was older than the grace, so no upload in flight wrote it (clocks agreeing).
     */
    async putBack(aside: string, name: string): Promise<void> {
      try {
        await rename(join(dir, aside), join(dir, name));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    },
    /** Deletes a temp file (or one moved aside). */
    removeTemp: (name: string) => rm(join(dir, name), { force: true }),
    urlFor: (name: string) => `${base}/pictures/${name}`,
  };
}
