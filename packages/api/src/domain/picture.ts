import { createHash } from 'node:crypto';
import { PICTURE_FORMATS, PICTURE_MAX_BYTES, PICTURE_MAX_PIXELS, PICTURE_SIZE } from '@acct/schema';
import sharp from 'sharp';
import { fail } from '../errors.ts';
import type { PictureStorage } from '../storage/picture-storage.ts';

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
 * The pictures of this service over a storage: content-derived names, and the absolute URLs the
 * API returns. Nothing from the client reaches a name.
 */
export function createPictureStore(storage: PictureStorage, publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    storage,
    /** Content-derived and per-user, so a user's file is never shared or overwritten by another's. */
    nameFor: (userId: number, data: Buffer) =>
      `${createHash('sha256').update(`${userId}:`).update(data).digest('hex').slice(0, 32)}.jpg`,
    urlFor: (name: string) => `${base}/pictures/${name}`,
  };
}
