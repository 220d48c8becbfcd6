import { accountRouter } from './router/account.ts';
import { adminRouter } from './router/admin.ts';
import { authRouter } from './router/auth.ts';
import { factorsRouter } from './router/factors.ts';
import { passkeysRouter } from './router/passkeys.ts';
import { pictureRouter } from './router/picture.ts';
import { recoveryRouter } from './router/recovery.ts';
import { securityRouter } from './router/security.ts';
import { sessionsRouter } from './router/sessions.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  picture: pictureRouter,
  recovery: recoveryRouter,
  sessions: sessionsRouter,
  security: securityRouter,
  factors: factorsRouter,
  admin: adminRouter,
  passkeys: passkeysRouter,
});

export type AppRouter = typeof appRouter;
/** Server-side calls (the REST adapter, tests) through the same procedures. */
export const createCaller = createCallerFactory(appRouter);
