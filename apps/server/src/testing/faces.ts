import { md5 } from '@acct/api/testing';
import { errors } from '@acct/schema';
import { type LoopbackAnswer, loopbackRequest } from './loopback-request.ts';

export type Face = 'trpc' | 'entry' | 'mall';
export const FACES: readonly Face[] = ['trpc', 'entry', 'mall'];

/**
 * A sign-in as each face's clients send it: tRPC with the plaintext (token in the answer), the
 * entry dialect with the md5 its clients compute, the mall dialect with the plaintext.
 */
export function loginThrough(
  face: Face,
  base: string,
  { username, password }: { username: string; password: string },
  options: { from?: string; headers?: Record<string, string> } = {},
): Promise<LoopbackAnswer> {
  const request = (path: string, json: unknown) =>
    loopbackRequest(`${base}${path}`, { method: 'POST', json, ...options });
  if (face === 'trpc') return request('/trpc/auth.login', { username, password, via: 'token' });
  if (face === 'entry') return request('/login', { username, password: md5(password) });
  return request('/user/login', { username, password });
}

/**
 * How an answer of `face` ended, read off its own envelope: 'succeeded' or the error kind.
 * Only the kinds the tests expect are told apart; anything else is returned as the raw answer.
 */
export function outcomeOf(face: Face, { status, json, text }: LoopbackAnswer): string {
  if (face === 'trpc') {
    const error = json?.error as { data?: { kind?: string } } | undefined;
    if (status === 200 && json?.result !== undefined) return 'succeeded';
    if (error?.data?.kind) return error.data.kind;
  } else if (face === 'entry') {
    const code = json?.code;
    if (status === 200 && code === 0) return 'succeeded';
    if (status === 200 && code === 2) return 'WRONG_CREDENTIALS';
    if (status === 429 && code === 6) return 'RATE_LIMITED';
    if (status === 503 && code === 9) return 'UNAVAILABLE';
    if (status === 503 && code === 6) return 'OVERLOADED';
  } else {
    const mallStatus = json?.status;
    if (status === 200 && mallStatus === 0) return 'succeeded';
    if (status === 200 && mallStatus === 1 && json?.msg === '密码错误') return 'WRONG_CREDENTIALS';
    if (status === 429 && mallStatus === 1) return 'RATE_LIMITED';
    if (status === 503 && mallStatus === 1)
      return json?.msg === errors.OVERLOADED.zh ? 'OVERLOADED' : 'UNAVAILABLE';
  }
  return `HTTP ${status} ${text.slice(0, 200)}`;
}
