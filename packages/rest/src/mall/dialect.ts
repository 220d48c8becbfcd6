import formbody from '@fastify/formbody';
import type { Dialect } from '../dialect.ts';
import { mallError, mallErrorSchema, mallOk, mallOkSchema } from './envelope.ts';
import { mallInput } from './input.ts';
import { mallLogout } from './logout.ts';
import { mallRoutes } from './routes.ts';

/** The mall user module: JSON or form bodies (non-secret fields in the query too), a cookie session. */
export const mallDialect: Dialect = {
  name: 'mall',
  routes: [...mallRoutes, ...mallLogout],
  parseBodies: async (app) => {
    await app.register(formbody);
  },
  readInput: async (request) => mallInput(request),
  ok: (data, message) => mallOk(message, data),
  error: mallError,
  openApi: {
    description: 'The mall user module (cookie session, plaintext passwords)',
    security: {
      name: 'mallCookie',
      scheme: {
        type: 'apiKey',
        in: 'cookie',
        name: 'sid',
        description: '`__Host-sid` behind https',
      },
    },
    mediaTypes: ['application/json', 'application/x-www-form-urlencoded'],
    success: mallOkSchema,
    failure: { name: 'MallError', schema: mallErrorSchema },
  },
};
