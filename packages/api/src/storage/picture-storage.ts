import type { Readable } from 'node:stream';

/** An object as a listing reports it. */
export interface StoredObject {
  name: string;
  /** When it was last written, ms since the epoch, by the storage's clock. */
  modifiedAt: number;
}

/** An object opened for serving. */
export interface StoredBody {
  size: number;
  modifiedAt: number;
  /** Its bytes; the one who opened it must consume or destroy it. */
  stream: Readable;
}

/**
 * Where picture bytes live: flat names, no folders. The pictures domain (save-picture.ts,
 * sweep-pictures.ts) and the serving route use nothing else, so a deployment can swap the
 * directory (createDirectoryStorage, the default; shared over NFS by several instances) for
 * another store. docs/decisions.md ("Picture storage") says what an object store needs.
 *
 * Several processes may use one storage at once; each operation is safe against the others, and
 * the sweep's protocol (sweep-pictures.ts) builds on exactly these guarantees.
 */
export interface PictureStorage {
  /**
   * Stores `data` under `name`, replacing what is there. Atomic: a reader sees the old object or
   * the new one whole, never part of one. Durable: once it resolves, the object survives a crash
   * or power loss, so a database row committed after it never names bytes that can vanish.
   * Always a fresh write, even of the same bytes: `modifiedAt` becomes now, which is what keeps
   * the sweep away from an object an upload is about to make current.
   */
  write(name: string, data: Uint8Array): Promise<void>;
  /** Opens `name` for serving; undefined if there is none. */
  read(name: string): Promise<StoredBody | undefined>;
  /** When `name` was last written; undefined if there is none. */
  modifiedAt(name: string): Promise<number | undefined>;
  /**
   * Moves `from` to `to` (replacing `to`), keeping its bytes and its `modifiedAt`, durably;
   * false if `from` is gone. Once it resolves, `from` is gone as of some moment after the call.
   * The sweep moves a picture aside before its last look, so an upload that checks afterwards
   * sees it gone and writes it again.
   */
  rename(from: string, to: string): Promise<boolean>;
  /** Removes `name`; nothing happens if it is gone. */
  remove(name: string): Promise<void>;
  /**
   * Every object, in batches of at most `batchSize`, in no particular order; an object written
   * or removed while the listing runs may or may not be in it. Bounded batches keep a sweep
   * over millions of objects in constant memory.
   */
  list(batchSize: number): AsyncIterable<StoredObject[]>;
}
