import type { Envelope } from '@acct/http';
import { errors, mallStatus } from '@acct/schema';
import type { JsonSchema } from '../dialect.ts';
import { type DocumentedMessage, VARIES } from '../route.ts';

export const mallOk = (msg: string | null, data: unknown) => ({ status: 0, msg, data });

/** Documented Chinese messages; an illegal argument also names the offending fields. */
export const mallError: Envelope = ({ kind, issues }) => {
  const fields = issues?.map((issue) => issue.path).filter(Boolean) ?? [];
  const msg =
    fields.length > 0 ? `${errors[kind].zh}: ${[...new Set(fields)].join(', ')}` : errors[kind].zh;
  return { status: errors[kind].mall, msg, data: null };
};

// The schemas of the two envelopes above, for the reference.
export const mallOkSchema = (data: JsonSchema, message: DocumentedMessage): JsonSchema => ({
  type: 'object',
  properties: {
    status: { type: 'integer', const: 0 },
    msg: message === VARIES ? { type: ['string', 'null'] } : { const: message },
    data,
  },
  required: ['status', 'msg', 'data'],
});

export const mallErrorSchema: JsonSchema = {
  type: 'object',
  properties: {
    status: {
      type: 'integer',
      enum: Object.values(mallStatus).filter((status) => status !== mallStatus.SUCCESS),
    },
    msg: { type: 'string' },
    data: { type: 'null' },
  },
  required: ['status', 'msg', 'data'],
};
