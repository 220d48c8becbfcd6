export { restPlugin, type RestOptions } from './plugin.ts';
export { HttpKindError } from './http/errors.ts';
export { plainEnvelope, useErrorEnvelope, type Envelope } from './http/envelope.ts';
export { limitMultipart } from './http/multipart.ts';
export { entryRoutes } from './entry/routes.ts';
export { mallRoutes } from './mall/routes.ts';
export type { RestRoute } from './route.ts';
export { buildOpenApi } from './openapi.ts';
