/**
 * The audit allow-list (`audit-allowlist.json`): the only way to accept a high or critical
 * advisory. Each entry names the advisory (GHSA id) and the package, says why it is accepted, and
 * expires: at most MAX_DAYS ahead, so an acceptance is looked at again rather than kept forever.
 * An entry without a reason, with a bad date, expired or too far ahead is a failure of its own,
 * and it accepts nothing.
 */
import { z } from 'zod';
import { type Advisory, BLOCKING } from './audit.ts';

export const MAX_DAYS = 180;

const entrySchema = z.object({
  advisory: z
    .string()
    .regex(
      /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/,
      'must be a GHSA id such as GHSA-xvch-5gv4-984h',
    ),
  package: z.string().min(1, 'must name the package'),
  reason: z.string().refine((s) => s.trim().length > 0, 'must say why the advisory is accepted'),
  expires: z.iso.date('must be a date, YYYY-MM-DD'),
});
export type AllowEntry = z.infer<typeof entrySchema>;

const fileSchema = z.object({ $comment: z.string().optional(), entries: z.array(z.unknown()) });

export interface AllowList {
  /** Entries that are well-formed and current: the only ones that accept anything. */
  entries: AllowEntry[];
  problems: string[];
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `today` is a UTC date, YYYY-MM-DD; an entry is valid through its `expires` day. */
export function readAllowList(json: unknown, today: string): AllowList {
  const file = fileSchema.safeParse(json);
  if (!file.success)
    return { entries: [], problems: [`not an allow-list: ${z.prettifyError(file.error)}`] };
  const latest = addDays(today, MAX_DAYS);
  const entries: AllowEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  file.data.entries.forEach((raw, i) => {
    const entry = entrySchema.safeParse(raw);
    const name = (raw as { advisory?: unknown } | null)?.advisory;
    const label = `entry ${i + 1}${typeof name === 'string' ? ` (${name})` : ''}`;
    if (!entry.success) {
      for (const issue of entry.error.issues)
        problems.push(`${label}: ${issue.path.join('.') || 'entry'} ${issue.message}`);
      return;
    }
    const e = entry.data;
    if (e.expires < today)
      problems.push(
        `${label}: expired on ${e.expires}; fix the dependency or renew the entry with a reason`,
      );
    else if (e.expires > latest)
      problems.push(
        `${label}: expires ${e.expires}, more than ${MAX_DAYS} days ahead (latest ${latest})`,
      );
    else if (seen.has(`${e.advisory} ${e.package}`)) problems.push(`${label}: listed twice`);
    else entries.push(e);
    seen.add(`${e.advisory} ${e.package}`);
  });
  return { entries, problems };
}

export interface Judgement {
  /** High or critical, and no current entry accepts it: these fail the check. */
  blocking: Advisory[];
  allowed: { advisory: Advisory; entry: AllowEntry }[];
  /** Below high: reported, never failing. */
  other: Advisory[];
  /** Current entries that match no advisory of this report (the fix may have landed). */
  unused: AllowEntry[];
}

export function judge(advisories: Advisory[], allow: AllowEntry[]): Judgement {
  const result: Judgement = { blocking: [], allowed: [], other: [], unused: [] };
  const used = new Set<AllowEntry>();
  for (const advisory of advisories) {
    const entry = allow.find((e) => e.advisory === advisory.ghsa && e.package === advisory.module);
    if (entry) {
      used.add(entry);
      result.allowed.push({ advisory, entry });
    } else if (BLOCKING.has(advisory.severity)) result.blocking.push(advisory);
    else result.other.push(advisory);
  }
  result.unused = allow.filter((e) => !used.has(e));
  return result;
}
