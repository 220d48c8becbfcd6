import type { Envelope } from '@acct/http';
import { entryCodes, errors } from '@acct/schema';
import type { JsonSchema } from '../dialect.ts';

// The documents' examples spell the field `coode`; their field tables say `code`, which is
// what clients parse and what we send.
export const entryOk = (result: unknown) => ({ code: 0, msg: '', result });

export const entryError: Envelope = ({ kind, message }) => ({
  code: errors[kind].entry,
  msg: message,
  result: null,
});

// The schemas of the two envelopes above, for the reference.
export const entryOkSchema = (result: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { code: { type: 'integer', const: 0 }, msg: { type: 'string', const: '' }, result },
  required: ['code', 'msg', 'result'],
});

export const entryErrorSchema: JsonSchema = {
  type: 'object',
  properties: {
    code: { type: 'integer', enum: Object.values(entryCodes) },
    msg: { type: 'string' },
    result: { type: 'null' },
  },
  required: ['code', 'msg', 'result'],
};
