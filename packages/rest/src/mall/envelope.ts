import { errors } from '@acct/schema';
import type { Envelope } from '@acct/http';

export const mallOk = (msg: string | null, data: unknown) => ({ status: 0, msg, data });

/** Documented Chinese messages; an illegal argument also names the offending fields. */
export const mallError: Envelope = ({ kind, issues }) => {
  const fields = issues?.map((issue) => issue.path).filter(Boolean) ?? [];
  const msg =
    fields.length > 0 ? `${errors[kind].zh}: ${[...new Set(fields)].join(', ')}` : errors[kind].zh;
  return { status: errors[kind].mall, msg, data: null };
};
