import type { UserRow } from '@acct/db';
import type { ErrorKind } from '@acct/schema';
import type { Client } from '../context.ts';
import { fail } from '../errors.ts';
import type { Services } from '../services.ts';
import { type AuditEntry, audit } from './audit.ts';
import { type CredentialScope, startCredentialCheck } from './throttle.ts';

/** A failed check: the kind to answer, and the event to log unless the answer itself says it all. */
export interface Refusal {
  refused: ErrorKind;
  audit?: AuditEntry;
}

/**
 * One throttled check of a secret offered for an account (a password, a re-entered password, a
 * recovery answer). The throttle is asked first, so a costly check's attempt is reserved before
 * its work; `attempt` then does the work and returns the account it proved, or a refusal. A
 * refusal counts as a failure towards a block, is audited, and is thrown as its kind; a success
 * releases the reservation and starts the account's count over.
 */
export async function checkCredential(
  services: Services,
  client: Client,
  guard: {
    scope: CredentialScope;
    account: { name: string; userId: number | null };
    /** False only for a proof that costs nothing to check (a remembered credential). */
    costly: boolean;
  },
  attempt: () => Promise<UserRow | Refusal>,
): Promise<UserRow> {
  const { scope, account, costly } = guard;
  const check = await startCredentialCheck(services, client, scope, account, { costly });
  const outcome = await attempt();
  if ('refused' in outcome) {
    await check.failed();
    if (outcome.audit) await audit(services, client, outcome.audit);
    return fail(outcome.refused);
  }
  await check.succeeded();
  return outcome;
}
