import { errors } from '@acct/schema';
import type { Envelope } from '@acct/http';

// The documents' examples spell the field `coode`; their field tables say `code`, which is
// what clients parse and what we send.
export const entryOk = (result: unknown) => ({ code: 0, msg: '', result });

export const entryError: Envelope = ({ kind, message }) => ({
  code: errors[kind].entry,
  msg: message,
  result: null,
});
