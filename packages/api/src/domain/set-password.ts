import type { Services } from '../services.ts';
import { canonicalPassword, normaliseAnswer } from './password.ts';
import { checkNewPassword } from './password-policy.ts';

export interface NewSecrets {
  /** Whose password it is: the policy refuses the username as a password. */
  username: string;
  password: string;
  /** Only when an account is created: its recovery answer, hashed alongside the password. */
  answer?: string | null;
}

export interface Hashes {
  passwordHash: string;
  answerHash: string | null;
}

/**
 * The one way a new password is set (registration, user:add, password change, recovery):
 * the policy first, so that a refused password costs no throttle attempt and no hashing; then
 * admission to the hasher, before anything else, so that an operation refused for overload
 * (OVERLOADED) has changed nothing; then `guard`, what the caller must pass before the costly
 * hash (an allowance, a free name, the current password, the throttle); then the hash, `write`,
 * and the account's remembered credential is forgotten, so that no sign-in is answered from the
 * cache with the old password.
 */
export async function setNewPassword<Guarded, Written extends { id: number } | undefined>(
  services: Services,
  secrets: NewSecrets,
  steps: {
    guard: () => Promise<Guarded>;
    /** Stores the hashes; returns the account they now belong to, or undefined if none. */
    write: (hashes: Hashes, guarded: Guarded) => Promise<Written>;
  },
): Promise<Written> {
  const { passwords, credentials } = services;
  checkNewPassword(secrets.username, secrets.password);
  // The password's hash, and the answer's: each is a job. (A guard that checks a password is
  // admitted again for its own job, see authenticate.)
  const jobs = secrets.answer ? 2 : 1;
  return passwords.admit(async () => {
    const guarded = await steps.guard();
    const [passwordHash, answerHash] = await Promise.all([
      passwords.hash(canonicalPassword(secrets.password)),
      secrets.answer ? passwords.hash(normaliseAnswer(secrets.answer)) : null,
    ]);
    const written = await steps.write({ passwordHash, answerHash }, guarded);
    if (written) credentials.forget(written.id);
    return written;
  }, jobs);
}
