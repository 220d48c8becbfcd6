import { limitMultipart } from '@acct/http';
import type { Dialect } from '../dialect.ts';
import { entryError, entryErrorSchema, entryOk, entryOkSchema } from './envelope.ts';
import { entryInput } from './input.ts';
import { entryLogout } from './logout.ts';
import { entryRoutes } from './routes.ts';

/** The entry-task API: JSON bodies (a picture as multipart), the token in `Authorization`. */
export const entryDialect: Dialect = {
  name: 'entry',
  routes: [...entryRoutes, entryLogout],
  parseBodies: (app) => {
    limitMultipart(app);
    // Multipart stays unread until a multipart route reads it as FormData.
    app.addContentTypeParser('multipart/form-data', (_request, payload, done) =>
      done(null, payload),
    );
  },
  readInput: entryInput,
  ok: (result) => entryOk(result),
  error: entryError,
  openApi: {
    description: 'The entry-task API (token in Authorization, md5 passwords)',
    security: {
      name: 'entryToken',
      scheme: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: 'The token from POST /login',
      },
    },
    mediaTypes: ['application/json'],
    success: (result) => entryOkSchema(result),
    failure: { name: 'EntryError', schema: entryErrorSchema },
  },
};
