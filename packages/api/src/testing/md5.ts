import { createHash } from 'node:crypto';

/**
 * What a mall or entry client sends as the password: lowercase hex md5 of the UTF-8 plaintext.
 * Written here apart from the api's canonicalPassword on purpose: the tests check the server
 * against the documents' rule, not against its own code.
 */
export const md5 = (plaintext: string): string =>
  createHash('md5').update(plaintext, 'utf8').digest('hex');
