import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Caller } from './caller.ts';

export type Method = 'GET' | 'POST' | 'PUT';

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
  /** Request fields; multipart routes take the file as a field. */
  input: In;
  /** The documented `result` (entry) or `data` (mall). */
  output: Out;
  /** mall: the documented `msg` of a success (it may depend on the input). */
  message?: string | null | ((input: z.output<In>) => string | null);
  /** The body is multipart/form-data rather than JSON/form fields. */
  multipart?: boolean;
  run: (call: Caller, input: z.output<In>, request: FastifyRequest) => Promise<z.input<Out>>;
}

/** A route with its generic types erased: `handle` parses the raw input with the route's own schema. */
export type RestRoute = Omit<RouteSpec<z.ZodType, z.ZodType>, 'run' | 'message'> & {
  /** The success message for the reference ('varies' when it depends on the input). */
  documentedMessage: string | null | 'varies';
  handle: (
    call: Caller,
    raw: unknown,
    request: FastifyRequest,
  ) => Promise<{ result: unknown; message: string | null }>;
};

export function defineRoute<In extends z.ZodType, Out extends z.ZodType>({
  run,
  message = null,
  ...spec
}: RouteSpec<In, Out>): RestRoute {
  return {
    ...spec,
    documentedMessage: typeof message === 'function' ? 'varies' : message,
    handle: async (call, raw, request) => {
      const input = await spec.input.parseAsync(raw);
      const result = await run(call, input, request);
      return { result, message: typeof message === 'function' ? message(input) : message };
    },
  };
}
