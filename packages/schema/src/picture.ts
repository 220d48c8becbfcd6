import { z } from 'zod';

/** Largest upload accepted, before decoding. */
export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
/** Decoded pixels allowed, against decompression bombs (a 50,000² PNG is tiny on disk). */
export const PICTURE_MAX_PIXELS = 40_000_000;
/** Stored pictures fit inside this square, re-encoded. */
export const PICTURE_SIZE = 512;
export const PICTURE_FORMATS = ['jpeg', 'png', 'webp', 'gif'] as const;

/** Stored names are content-derived: hex digest plus the re-encoded format's extension. */
export const pictureName = z.string().regex(/^[0-9a-f]{32}\.jpg$/);

export const uploadPictureOutput = z.object({ pictureUrl: z.string() });
