import type { Envelope } from '@acct/http';
import type { AuditFace } from '@acct/schema';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DocumentedMessage, RestRoute } from './route.ts';

/** The dialect a request came through is the face the audit log records. */
export type DialectName = Extract<AuditFace, 'entry' | 'mall'>;

export type JsonSchema = Record<string, unknown>;

/**
 * Everything that makes one REST dialect. The plugin and the OpenAPI builder read only this:
 * nothing outside a dialect's folder knows what its envelope or its session looks like.
 */
export interface Dialect {
  name: DialectName;
  /** Every documented endpoint, logout included. */
  routes: RestRoute[];
  /** Installs the parsers for the body types its clients send (anything else is a 415). */
  parseBodies: (app: FastifyInstance) => Promise<void> | void;
  /** Where a route's raw input comes from. */
  readInput: (request: FastifyRequest, route: RestRoute) => Promise<unknown>;
  /** Wraps a success (`message` is the mall's documented `msg`). */
  ok: (result: unknown, message: string | null) => unknown;
  error: Envelope;
  openApi: {
    /** The tag's description. */
    description: string;
    security: { name: string; scheme: JsonSchema };
    /** The body types a route with input fields is documented with. */
    mediaTypes: string[];
    /** The schema of `ok(result, message)`. */
    success: (result: JsonSchema, message: DocumentedMessage) => JsonSchema;
    /** The schema of `error(…)`, as a named component. */
    failure: { name: string; schema: JsonSchema };
  };
}
