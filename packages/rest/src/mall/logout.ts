import { HttpKindError } from '@acct/http';
import { z } from 'zod';
import type { Caller } from '../caller.ts';
import { sharedLogout } from '../shared-logout.ts';
import { defineRoute } from '../route.ts';

// The mall document's logout answer is exactly this: no msg, no data.
const loggedOut = z.object({ status: z.literal(0) });

const logout = {
  path: '/user/logout',
  session: true,
  output: loggedOut,
  bare: true,
  shared: sharedLogout,
} as const;

async function endSession(call: Caller) {
  await call.auth.logout();
  return { status: 0 } as const;
}

/**
 * Logout takes no fields: whatever a client sends, the session cookie ends. The document says
 * POST, but the API's reference implementation only ever served GET, so existing clients may use
 * either; a GET that a browser marks cross-site is refused (no logging out by a foreign link).
 */
export const mallLogout = [
  defineRoute({
    ...logout,
    method: 'POST',
    summary: 'Log out; the session cookie is cleared. Answers exactly {"status":0}',
    run: endSession,
  }),
  defineRoute({
    ...logout,
    method: 'GET',
    summary:
      'Log out by GET, as the reference implementation served it (refused when the browser marks it cross-site)',
    refuseHead: true,
    run: async (call, _input, request) => {
      if (request.headers['sec-fetch-site'] === 'cross-site')
        throw new HttpKindError('FORBIDDEN', 403, 'Cross-site logout refused');
      return endSession(call);
    },
  }),
];
