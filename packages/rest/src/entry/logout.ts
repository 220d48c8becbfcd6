import { z } from 'zod';
import { sharedLogout } from '../shared-logout.ts';
import { defineRoute } from '../route.ts';

/** Logout takes no body fields: whatever a client sends, the session in `Authorization` ends. */
export const entryLogout = defineRoute({
  method: 'POST',
  path: '/user/logout',
  summary: 'Log out; the token stops working',
  session: true,
  output: z.literal(''),
  shared: sharedLogout,
  run: async (call) => {
    await call.auth.logout();
    return '' as const;
  },
});
