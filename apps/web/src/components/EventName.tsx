import type { AuditFace, AuditKind, AuditOutcome } from '@acct/schema';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';

// Typed against the message table: a kind, outcome or face added to @acct/schema without its
// words in both languages fails to compile here.
export const eventKey = (kind: AuditKind): MessageKey => `event.${kind}`;
const outcomeKey = (outcome: AuditOutcome): MessageKey => `outcome.${outcome}`;
export const faceKey = (face: AuditFace): MessageKey => `face.${face}`;

/** What happened, readable: the kind's name and a tag for how it ended. */
export function EventName({ kind, outcome }: { kind: AuditKind; outcome: AuditOutcome }) {
  const { t } = useI18n();
  return (
    <>
      <span className="event-name">{t(eventKey(kind))}</span>{' '}
      <span className={`tag tag-${outcome}`}>{t(outcomeKey(outcome))}</span>
    </>
  );
}
