import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Caller } from './caller.ts';
import type { DialectName } from './dialect.ts';

export type Method = 'GET' | 'POST' | 'PUT';

/**
 * A path both documents have. When the two dialects are mounted at one prefix, the routes that
 * carry the same SharedRoute are served once, and `answeredBy` says whose envelope a request
 * gets (a method only one dialect answers is still that dialect's handler).
 */
export interface SharedRoute {
  answeredBy: (request: FastifyRequest) => DialectName;
  /** The rule in words, for the reference. */
  rule: string;
}

const noFields = z.object({});

/** A success message that depends on the input, so the reference cannot name one. */
export const VARIES: unique symbol = Symbol('the message depends on the input');
export type DocumentedMessage = string | null | typeof VARIES;

/**
 * One documented endpoint: its URL, its documented request fields and response shape (zod,
 * so the same schemas drive validation and the OpenAPI description), and the mapping onto
 * procedures. `run` maps names and shapes only; every rule lives in the procedures.
 */
export interface RouteSpec<In extends z.ZodType, Out extends z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  /** Needs a signed-in caller (documentation; the procedure enforces it). */
  session: boolean;
  /**
   * Request fields; multipart routes take the file as a field. A route without `input` reads
   * nothing of the request: no body or query a client sends can make it fail.
   */
  input?: In;
  /** The documented `result` (entry) or `data` (mall), or the whole answer of a `bare` route. */
  output: Out;
  /** mall: the documented `msg` of a success (it may depend on the input). */
  message?: string | null | ((input: z.output<In>) => string | null);
  /** The body is multipart/form-data rather than JSON/form fields. */
  multipart?: boolean;
  /** The document shows the answer as it is, without the dialect's success envelope. */
  bare?: boolean;
  /**
   * A GET that changes state. Fastify would answer HEAD with the GET's handler; a HEAD (a link
   * prefetch, a monitor, a crawler) must change nothing, so it is refused like any undocumented
   * method.
   */
  refuseHead?: boolean;
  shared?: SharedRoute;
  run: (call: Caller, input: z.output<In>, request: FastifyRequest) => Promise<z.input<Out>>;
}

/** A route with its generic types erased: `handle` parses the raw input with the route's own schema. */
export type RestRoute = Omit<RouteSpec<z.ZodType, z.ZodType>, 'run' | 'message' | 'input'> & {
  input: z.ZodType;
  /** The success message for the reference. */
  documentedMessage: DocumentedMessage;
  /** `readInput` is called only by a route that has an input. */
  handle: (
    call: Caller,
    readInput: () => Promise<unknown>,
    request: FastifyRequest,
  ) => Promise<{ result: unknown; message: string | null }>;
};

export function defineRoute<In extends z.ZodType, Out extends z.ZodType>({
  run,
  message = null,
  input,
  ...spec
}: RouteSpec<In, Out>): RestRoute {
  // Without an input there is nothing to parse: the route sees no fields.
  const parse = async (readInput: () => Promise<unknown>) =>
    (input ? await input.parseAsync(await readInput()) : {}) as z.output<In>;
  return {
    ...spec,
    input: input ?? noFields,
    documentedMessage: typeof message === 'function' ? VARIES : message,
    handle: async (call, readInput, request) => {
      const parsed = await parse(readInput);
      const result = await run(call, parsed, request);
      return { result, message: typeof message === 'function' ? message(parsed) : message };
    },
  };
}
