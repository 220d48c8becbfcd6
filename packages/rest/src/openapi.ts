import { entryCodes, errorKinds, errors, mallStatus } from '@acct/schema';
import { z } from 'zod';
import type { Dialect, JsonSchema } from './dialect.ts';
import {
  type Served,
  type SharedPath,
  dialectsOf,
  layOut,
  methodsOf,
  placeDialects,
} from './placement.ts';

// Generated from the same zod schemas the adapter validates with: never written by hand.
const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

/** `1 invalid parameter, 2 wrong credentials, …`, read off a codes table. */
const codesSentence = (codes: Record<string, number>) =>
  Object.entries(codes)
    .filter(([, code]) => code !== 0)
    .map(([name, code]) => `${code} ${name.toLowerCase().replaceAll('_', ' ')}`)
    .join(', ');

const errorTable = () =>
  [
    '| kind | entry `code` | mall `status` | HTTP | mall `msg` |',
    '|---|---|---|---|---|',
    ...errorKinds.map((kind) => {
      const e = errors[kind];
      return `| ${kind} | ${e.entry} | ${e.mall} | ${e.http ?? 200} | ${e.zh} |`;
    }),
  ].join('\n');

/** Path parameters and the request body of a route, from its input schema. */
function requestOf({ dialect, route }: Served) {
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
  const schema = {
    ...input,
    properties: Object.fromEntries(bodyFields.map((f) => [f, properties[f]])),
  };
  const mediaTypes = route.multipart ? ['multipart/form-data'] : dialect.openApi.mediaTypes;
  const content = Object.fromEntries(mediaTypes.map((type) => [type, { schema }]));
  return {
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.method !== 'GET' && bodyFields.length > 0
      ? { requestBody: { required: true, content } }
      : {}),
  };
}

const successOf = ({ dialect, route }: Served) => {
  const output = schemaOf(route.output, 'output');
  return route.bare ? output : dialect.openApi.success(output, route.documentedMessage);
};

const failureOf = (dialect: Dialect) => ({
  $ref: `#/components/schemas/${dialect.openApi.failure.name}`,
});

const oneOrOneOf = (schemas: JsonSchema[]) =>
  schemas.length === 1 ? schemas[0]! : { oneOf: schemas };

/**
 * The operation for routes that answer one path and method: one route, or the routes of a
 * shared path. `answering` are the dialects whose envelopes a failure may come in.
 */
/** A refusal that says when to try again: its envelope, and the `Retry-After` header. */
const refusedUntilLater = (description: string, wait: string, failure: unknown) => ({
  description,
  headers: { 'Retry-After': { description: wait, schema: { type: 'integer', minimum: 1 } } },
  content: { 'application/json': { schema: failure } },
});

function operation(routes: Served[], answering: Dialect[], note?: string) {
  const [first] = routes;
  if (!first) throw new Error('an operation needs a route');
  const { method, path } = first.route;
  const names = routes.map(({ dialect }) => dialect.name);
  const failure = oneOrOneOf(answering.map(failureOf));
  return {
    tags: answering.map((dialect) => dialect.name),
    summary:
      routes.length === 1
        ? first.route.summary
        : routes.map(({ dialect, route }) => `${dialect.name}: ${route.summary}`).join('; '),
    ...(note ? { description: note } : {}),
    operationId: `${names.join('_')}_${method.toLowerCase()}_${path.replace(/[/:]+/g, '_').replace(/^_/, '')}`,
    // The routes of a shared path take the same input (logout: none).
    ...requestOf(first),
    security: routes
      .filter(({ route }) => route.session)
      .map(({ dialect }) => ({ [dialect.openApi.security.name]: [] })),
    responses: {
      '200': {
        description: 'Success, or a documented failure in the same envelope (see the error table)',
        content: {
          'application/json': {
            schema: { oneOf: [...routes.map(successOf), ...answering.map(failureOf)] },
          },
        },
      },
      '429': refusedUntilLater(
        'Too many attempts from this address or on this account (RATE_LIMITED); see SECURITY.md for the limits',
        'Seconds until the refusal ends',
        failure,
      ),
      '503': refusedUntilLater(
        'Busy: more password work is queued than finishes in time (OVERLOADED, refused before any change), or the database cannot serve now (UNAVAILABLE)',
        'Seconds to wait before trying again',
        failure,
      ),
      default: {
        description: 'Protocol-level failure (400, 405, 411, 413, 415, 500)',
        content: { 'application/json': { schema: failure } },
      },
    },
  };
}

function sharedOperation(group: SharedPath, method: string) {
  const dialects = dialectsOf(group);
  return operation(
    group.members.filter(({ route }) => route.method === method),
    dialects,
    `Served for ${dialects.map(({ name }) => name).join(' and ')} at this prefix: ${group.share.rule}.`,
  );
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** OpenAPI 3.1 for both REST dialects at their prefixes, read off the dialects' route tables. */
export function buildOpenApi({
  entryPrefix,
  mallPrefix,
  serverUrl,
}: {
  entryPrefix: string;
  mallPrefix: string;
  serverUrl: string;
}) {
  const placements = placeDialects({ entryPrefix, mallPrefix });
  const dialects = placements.map(({ dialect }) => dialect);
  const { own, shared } = layOut(placements);
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, op: unknown) => {
    const at = toOpenApiPath(path);
    paths[at] = { ...paths[at], [method.toLowerCase()]: op };
  };
  for (const { dialect, prefix, routes } of own)
    for (const route of routes)
      add(prefix + route.path, route.method, operation([{ dialect, route }], [dialect]));
  for (const group of shared)
    for (const method of methodsOf(group))
      add(group.prefix + group.path, method, sharedOperation(group, method));

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
        'An account with a second factor logs in with its code in the same request (`code`: a TOTP or',
        'recovery code); without it the login is refused with SECOND_FACTOR_REQUIRED. An account with',
        'passkeys only cannot log in through these dialects.',
        '',
        `Entry codes: ${codesSentence(entryCodes)}. Mall statuses: ${codesSentence(mallStatus)}.`,
        '',
        errorTable(),
      ].join('\n'),
    },
    servers: [{ url: serverUrl }],
    tags: dialects.map((dialect) => ({
      name: dialect.name,
      description: dialect.openApi.description,
    })),
    paths,
    components: {
      securitySchemes: Object.fromEntries(
        dialects.map(({ openApi: { security } }) => [security.name, security.scheme]),
      ),
      schemas: Object.fromEntries(
        dialects.map(({ openApi: { failure } }) => [failure.name, failure.schema]),
      ),
    },
  };
}
