import { NOTICE_KINDS, type SecurityNotice, securityNotice } from '@acct/schema';
import type { Services } from '../services.ts';

const MAX_NOTICES = 20;

/**
 * Changes to an account since its previous sign-in (password changed or reset, email changed),
 * read from the audit log, so a user learns of a change they did not make (ASVS 2.2.3, 2.5.5:
 * there is no mail channel). Called before the new sign-in is recorded.
 */
export async function noticesSinceLastSignIn(
  services: Services,
  userId: number,
): Promise<SecurityNotice[]> {
  const { audit } = services.repo;
  const [previous] = await audit.list({
    userId,
    kinds: ['login', 'admin_login'],
    outcome: 'success',
    limit: 1,
  });
  const events = await audit.list({
    userId,
    kinds: NOTICE_KINDS,
    outcome: 'success',
    afterId: previous?.id,
    limit: MAX_NOTICES,
  });
  return events.map((event) =>
    securityNotice.parse({
      kind: event.kind,
      at: new Date(event.at).toISOString(),
      ip: event.ip,
      face: event.face,
    }),
  );
}
