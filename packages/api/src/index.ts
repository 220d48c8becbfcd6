import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.ts';

export { appRouter, createCaller, type AppRouter } from './root.ts';
export {
  createContext,
  nodeHeaders,
  type Client,
  type Context,
  type HeaderReader,
  type RequestInfo,
} from './context.ts';
export { createServices, type ApiConfig, type Services } from './services.ts';
export type { Observer } from './domain/observer.ts';
export { AppError, describeError, fail, type Issue } from './errors.ts';
export { OWASP_ARGON2, canonicalPassword, type Argon2Params } from './domain/password.ts';
export { createAccount, type NewAccount } from './domain/create-account.ts';
export { sweepExpired } from './domain/housekeeping.ts';
export { audit } from './domain/audit.ts';
export {
  DEFAULT_THROTTLE,
  THROTTLE_SCOPES,
  type ThrottleConfig,
  type ThrottleScope,
} from './domain/throttle.ts';
export { createDirectoryStorage } from './storage/directory-storage.ts';
export type { PictureStorage, StoredBody, StoredObject } from './storage/picture-storage.ts';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
