import { errorKinds, errors } from '@acct/schema';
import { z } from 'zod';
import { entryRoutes } from './entry/routes.ts';
import { mallRoutes } from './mall/routes.ts';
import type { RestRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;
type Dialect = 'entry' | 'mall';

// Generated from the same zod schemas the adapter validates with: never written by hand.
const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

const entryEnvelope = (result: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { code: { type: 'integer', const: 0 }, msg: { type: 'string', const: '' }, result },
  required: ['code', 'msg', 'result'],
});
const mallEnvelope = (data: JsonSchema, message: string | null | 'varies'): JsonSchema => ({
  type: 'object',
  properties: {
    status: { type: 'integer', const: 0 },
    msg: message === 'varies' ? { type: ['string', 'null'] } : { const: message },
    data,
  },
  required: ['status', 'msg', 'data'],
});

const errorTable = () =>
  [
    '| kind | entry `code` | mall `status` | HTTP | mall `msg` |',
    '|---|---|---|---|---|',
    ...errorKinds.map((kind) => {
      const e = errors[kind];
      return `| ${kind} | ${e.entry} | ${e.mall} | ${e.http ?? 200} | ${e.zh} |`;
    }),
  ].join('\n');

function operation(dialect: Dialect, route: RestRoute) {
  const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const input = schemaOf(route.input, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const properties = input.properties ?? {};
  const bodyFields = Object.keys(properties).filter((name) => !pathParams.includes(name));
  const parameters = pathParams.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: properties[name] ?? { type: 'string' },
  }));
  const bodySchema = {
    ...input,
    properties: Object.fromEntries(bodyFields.map((f) => [f, properties[f]])),
  };

  const media = route.multipart
    ? { 'multipart/form-data': { schema: bodySchema } }
    : dialect === 'mall'
      ? {
          'application/json': { schema: bodySchema },
          'application/x-www-form-urlencoded': { schema: bodySchema },
        }
      : { 'application/json': { schema: bodySchema } };
  const output = schemaOf(route.output, 'output');
  const success =
    dialect === 'entry' ? entryEnvelope(output) : mallEnvelope(output, route.documentedMessage);
  const failure = {
    $ref: `#/components/schemas/${dialect === 'entry' ? 'EntryError' : 'MallError'}`,
  };

  return {
    tags: [dialect],
    summary: route.summary,
    operationId: `${dialect}_${route.method.toLowerCase()}_${route.path.replace(/[/:]+/g, '_').replace(/^_/, '')}`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.method !== 'GET' && bodyFields.length > 0
      ? { requestBody: { required: true, content: media } }
      : {}),
    security: route.session ? [{ [dialect === 'entry' ? 'entryToken' : 'mallCookie']: [] }] : [],
    responses: {
      '200': {
        description: 'Success, or a documented failure in the same envelope (see the error table)',
        content: { 'application/json': { schema: { oneOf: [success, failure] } } },
      },
      '429': {
        description:
          'Too many attempts from this address or on this account (RATE_LIMITED); see SECURITY.md for the limits',
        headers: {
          'Retry-After': {
            description: 'Seconds until the refusal ends',
            schema: { type: 'integer', minimum: 1 },
          },
        },
        content: { 'application/json': { schema: failure } },
      },
      default: {
        description: 'Protocol-level failure (400, 405, 411, 413, 415, 500)',
        content: { 'application/json': { schema: failure } },
      },
    },
  };
}

const logoutOperation = (dialect: Dialect, method: 'post' | 'get') => ({
  tags: [dialect],
  summary:
    dialect === 'entry'
      ? 'Log out (a request carrying Authorization is answered in the entry envelope)'
      : method === 'get'
        ? 'Log out by GET, as the reference implementation served it (refused when the browser marks it cross-site)'
        : 'Log out; the session cookie is cleared. Answers exactly {"status":0}',
  operationId: `${dialect}_${method}_user_logout`,
  security: [{ [dialect === 'entry' ? 'entryToken' : 'mallCookie']: [] }],
  responses: {
    '200': {
      description: 'Logged out, or NOT_LOGGED_IN in the envelope',
      content: {
        'application/json': {
          schema:
            dialect === 'entry'
              ? entryEnvelope({ const: '' })
              : { type: 'object', properties: { status: { const: 0 } }, required: ['status'] },
        },
      },
    },
  },
});

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** OpenAPI 3.1 for both REST dialects at their prefixes. */
export function buildOpenApi({
  entryPrefix,
  mallPrefix,
  serverUrl,
}: {
  entryPrefix: string;
  mallPrefix: string;
  serverUrl: string;
}) {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, op: unknown) => {
    const at = toOpenApiPath(path);
    paths[at] = { ...paths[at], [method]: op };
  };
  for (const route of entryRoutes)
    add(entryPrefix + route.path, route.method.toLowerCase(), operation('entry', route));
  for (const route of mallRoutes)
    add(mallPrefix + route.path, route.method.toLowerCase(), operation('mall', route));
  const shared = entryPrefix === mallPrefix;
  add(
    `${entryPrefix}/user/logout`,
    'post',
    shared
      ? {
          ...logoutOperation('mall', 'post'),
          summary:
            'Log out: with Authorization → entry envelope {code,msg,result}; otherwise mall → {"status":0}, cookie cleared',
          security: [{ entryToken: [] }, { mallCookie: [] }],
        }
      : logoutOperation('entry', 'post'),
  );
  if (!shared) add(`${mallPrefix}/user/logout`, 'post', logoutOperation('mall', 'post'));
  add(`${mallPrefix}/user/logout`, 'get', logoutOperation('mall', 'get'));

  return {
    openapi: '3.1.0',
    info: {
      title: 'Account service — REST dialects',
      version: '1.0.0',
      description: [
        'Two REST dialects over one account service. **entry**: envelope `{code, msg, result}`, the session token in',
        '`Authorization` (bare or `Bearer`), passwords sent as the lowercase hex md5 of the plaintext. **mall**: envelope',
        '`{status, msg, data}`, an HttpOnly session cookie, plaintext passwords, inputs as JSON, form or (non-secret)',
        'query string. Documented business outcomes answer HTTP 200 inside the envelope.',
        '',
        errorTable(),
      ].join('\n'),
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'entry', description: 'The entry-task API (token in Authorization, md5 passwords)' },
      { name: 'mall', description: 'The mall user module (cookie session, plaintext passwords)' },
    ],
    paths,
    components: {
      securitySchemes: {
        entryToken: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'The token from POST /login',
        },
        mallCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'sid',
          description: '`__Host-sid` behind https',
        },
      },
      schemas: {
        EntryError: {
          type: 'object',
          properties: {
            code: { type: 'integer', minimum: 1 },
            msg: { type: 'string' },
            result: { type: 'null' },
          },
          required: ['code', 'msg', 'result'],
        },
        MallError: {
          type: 'object',
          properties: {
            status: { type: 'integer', enum: [1, 2, 10, 20] },
            msg: { type: 'string' },
            data: { type: 'null' },
          },
          required: ['status', 'msg', 'data'],
        },
      },
    },
  };
}
