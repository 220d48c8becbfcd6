import { AppError } from '@acct/api';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

// Passwords, answers, tokens and second-factor codes are never taken from a URL, where logs and
// history keep them.
const SECRET_FIELDS = new Set([
  'password',
  'code',
  'passwordOld',
  'passwordNew',
  'paswordNew',
  'answer',
  'forgetToken',
  'token',
]);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (path: string, message: string) =>
  new AppError('INVALID_ARGUMENT', message, [{ path, message }]);

/**
 * The mall dialect's input: path parameters, the body (JSON or form-urlencoded) and, for
 * non-secret fields, the query string. A field given twice (`a=1&a=2`, or in both query and
 * body) is refused rather than guessed at; the route's schema then types every field.
 */
export function mallInput(request: FastifyRequest): Record<string, unknown> {
  const query = request.query as Record<string, unknown>;
  const body = request.body ?? {};
  if (!isPlainObject(body)) throw invalid('body', 'The body must be a JSON object or a form');
  for (const key of Object.keys(query)) {
    if (SECRET_FIELDS.has(key))
      throw invalid(key, `${key} is never accepted in the URL; send it in the body`);
    if (Object.hasOwn(body, key)) throw invalid(key, `${key} is given twice`);
  }
  return { ...query, ...body, ...(request.params as Record<string, string>) };
}

/** Form fields left empty mean "not given": a field may be '' or what `schema` accepts. */
export const orEmpty = <T extends z.ZodType<string>>(schema: T) => z.union([z.literal(''), schema]);

export const emptyToUndefined = (value: string | undefined) => (value === '' ? undefined : value);
