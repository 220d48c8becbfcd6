export { restPlugin, type RestOptions } from './plugin.ts';
export { restDialectOf } from './dialect-of.ts';
export { entryRoutes } from './entry/routes.ts';
export { mallRoutes } from './mall/routes.ts';
export type { RestRoute } from './route.ts';
export { buildOpenApi } from './openapi.ts';
