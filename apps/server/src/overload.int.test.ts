import { md5 } from '@acct/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Face } from './testing/faces.ts';
import { type LoopbackAnswer, loopbackRequest } from './testing/loopback-request.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

// Issue 15: when the queued argon2 work would not finish within the budget, a password check is
// refused at once, 503 with Retry-After in each face's envelope, and the refusal changes nothing.
// A budget of 1 ms admits one password operation at a time, so a burst of parallel logins gets
// some refusals on any machine; the burst's names are unknown, so that no cache answers them.

const BURST = 30;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PASSWORD_QUEUE_BUDGET_MS: '1', METRICS_PORT: '0' });
  await server.client().account.register.mutate({
    username: 'regular',
    password: 'regular password',
    email: 'regular@example.com',
    question: 'q?',
    answer: 'Blue',
  });
});
afterAll(() => server.close());

/** A sign-in as the face's clients send it; tRPC through the interactive `auth.signIn`. */
function signIn(face: Face, username: string, password: string): Promise<LoopbackAnswer> {
  const post = (path: string, json: unknown) =>
    loopbackRequest(`${server.url}${path}`, { method: 'POST', json });
  if (face === 'trpc') return post('/trpc/auth.signIn', { username, password });
  if (face === 'entry') return post('/login', { username, password: md5(password) });
  return post('/user/login', { username, password });
}

/** The face's own envelope for each outcome a login of an unknown name may have. */
const envelopes: Record<Face, { overloaded: unknown; wrong: unknown; wrongStatus: number }> = {
  entry: {
    overloaded: { code: 6, msg: 'The service is busy; try again in a moment', result: null },
    wrong: { code: 2, result: null },
    wrongStatus: 200,
  },
  mall: {
    overloaded: { status: 1, msg: '服务繁忙, 请稍后再试', data: null },
    wrong: { status: 1, msg: '密码错误', data: null },
    wrongStatus: 200,
  },
  trpc: {
    overloaded: {
      error: {
        message: 'The service is busy; try again in a moment',
        data: { kind: 'OVERLOADED', code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
      },
    },
    wrong: { error: { data: { kind: 'WRONG_CREDENTIALS', httpStatus: 401 } } },
    wrongStatus: 401,
  },
};

/** Audit events and throttle hits, as they are in the database. */
function ledger() {
  const tables = server.dumpAll();
  // Failed sign-ins of unknown names are logged under the name they tried.
  const subjects = (tables.audit_events as { subject: string | null }[])
    .map((e) => e.subject)
    .filter((subject) => subject !== null);
  const keys = (tables.throttle_hits as { key: string }[]).map((h) => h.key);
  return { subjects, keys };
}

async function scrapeRefusals(): Promise<number> {
  const exposition = await (await fetch(server.metricsUrl!)).text();
  const line = /^acct_argon2_refusals_total (\d+)$/m.exec(exposition);
  expect(line, 'acct_argon2_refusals_total in the exposition').not.toBeNull();
  return Number(line![1]);
}

describe('a burst of password checks over budget', () => {
  let refusedSoFar = 0;

  it.each<Face>(['entry', 'mall', 'trpc'])(
    '%s: some are refused at once with 503, Retry-After and the face envelope; the rest answered as usual, and a refusal leaves no trace',
    async (face) => {
      const names = Array.from({ length: BURST }, (_, i) => `ghost_${face}_${i}`);
      const before = ledger();
      // A repeated, right login in the middle of the burst: its credential is remembered, so it
      // costs no argon2 and is never refused for it (overload.test.ts in packages/api holds the
      // queue full to show it deterministically).
      await signIn(face, 'regular', 'regular password');
      const [answers, remembered] = await Promise.all([
        Promise.all(names.map((name) => signIn(face, name, 'wrong password'))),
        new Promise((resolve) => setTimeout(resolve, 5)).then(() =>
          signIn(face, 'regular', 'regular password'),
        ),
      ]);

      expect(remembered.status).toBe(200);
      const refused = names.filter((_, i) => answers[i]!.status === 503);
      const evaluated = names.filter((_, i) => answers[i]!.status !== 503);
      expect(refused.length).toBeGreaterThan(0);
      expect(evaluated.length).toBeGreaterThan(0);
      const { overloaded, wrong, wrongStatus } = envelopes[face];
      for (const answer of answers) {
        if (answer.status === 503) {
          expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
          expect(answer.json).toMatchObject(overloaded as object);
        } else {
          expect(answer.status).toBe(wrongStatus);
          expect(answer.json).toMatchObject(wrong as object);
        }
      }

      // Each evaluated name has its failure audited and counted; a refused one has neither.
      const after = ledger();
      const newSubjects = after.subjects.slice(before.subjects.length);
      expect(new Set(newSubjects)).toEqual(new Set(evaluated));
      const accountKeys = after.keys.filter((key) => key.startsWith('login:account:ghost_'));
      for (const name of refused) expect(accountKeys, name).not.toContain(`login:account:${name}`);
      for (const name of evaluated) expect(accountKeys, name).toContain(`login:account:${name}`);
      const addressHits = (keys: string[]) =>
        keys.filter((k) => k.startsWith('credential:address:'));
      expect(addressHits(after.keys).length - addressHits(before.keys).length).toBe(
        evaluated.length,
      );

      refusedSoFar += refused.length;
      expect(await scrapeRefusals()).toBe(refusedSoFar);
    },
  );

  it('admits again once the burst is over', async () => {
    const answer = await signIn('mall', 'ghost_after', 'wrong password');
    expect([answer.status, answer.json]).toEqual([200, { status: 1, msg: '密码错误', data: null }]);
  });
});
