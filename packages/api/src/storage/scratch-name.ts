import { randomBytes } from 'node:crypto';

/**
 * Scratch names are `.<stored name>.<hex>.tmp`: a write in progress (the directory storage writes
 * under one before renaming it into place) or a picture the sweep moved aside. Both are listed
 * like any object, so the sweep finds what an interrupted write or cleanup left. The suffix is
 * random per use since issue 11 (before, the pid, whose decimal digits the pattern also matches,
 * so leftovers of either kind are found): concurrent uploads of one image by one user (one name)
 * used to share `.<name>.<pid>.tmp` and rename it from under each other (ENOENT).
 */
export const scratchNameFor = (name: string) => `.${name}.${randomBytes(8).toString('hex')}.tmp`;

const scratchPattern = /^\.[0-9a-f]{32}\.jpg\.[0-9a-f]{1,32}\.tmp$/;

export const isScratchName = (name: string) => scratchPattern.test(name);
