import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployment, startDeployment } from './testing/deployment.ts';
import { type LoadRecord, type LoadResult, runLoad } from './testing/load.ts';

// Losing and restarting instances behind the real nginx of deploy/nginx/acct.conf, under load
// (issue 13). The companion of multi-instance.pg.int.test.ts, apart because it stops servers.

/** Load of the kill case: this many writers (registrations) and as many readers. */
const WRITERS = 3;

let d: Deployment;
let token: string;
beforeAll(async () => {
  d = await startDeployment({ THROTTLE_ADDRESS_REGISTRATIONS: '100000' });
  const reader = { username: 'reader', password: 'reader password' };
  await post('/trpc/account.register', {
    ...reader,
    email: 'r@example.com',
    question: 'q?',
    answer: 'a',
  });
  const login = await post('/trpc/auth.login', { ...reader, via: 'token' });
  token = ((await login.json()) as { result: { data: { token: string } } }).result.data.token;
});
afterAll(() => d?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A POST through nginx, as any client makes it (keep-alive connections, a 10 s timeout). */
const post = (path: string, json: unknown) =>
  fetch(`${d.publicUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(json),
    signal: AbortSignal.timeout(10_000),
  });

let registrations = 0;
/** A registration through nginx, on tRPC or the mall dialect by turns; ok only when acknowledged. */
async function register(prefix: string): Promise<LoadResult> {
  const username = `${prefix}_${(registrations += 1)}`;
  const fields = { username, password: `${username} password`, email: `${username}@example.com` };
  const viaMall = registrations % 2 === 0;
  try {
    const answer = viaMall
      ? await post('/user/register', { ...fields, question: 'q?', answer: 'a' })
      : await post('/trpc/account.register', { ...fields, question: 'q?', answer: 'a' });
    const text = await answer.text();
    const ok =
      answer.status === 200 && (viaMall ? /^\{"status":0,/.test(text) : /"result"/.test(text));
    return { label: `register ${username}`, status: answer.status, ok, detail: text.slice(0, 200) };
  } catch (error) {
    return { label: `register ${username}`, status: 0, ok: false, detail: String(error) };
  }
}

/** A read through nginx: the reader's profile over tRPC (a GET, which nginx may retry). */
async function readProfile(): Promise<LoadResult> {
  try {
    const answer = await fetch(`${d.publicUrl}/trpc/account.profile`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await answer.text();
    return {
      label: 'profile',
      status: answer.status,
      ok: answer.status === 200,
      detail: text.slice(0, 200),
    };
  } catch (error) {
    return { label: 'profile', status: 0, ok: false, detail: String(error) };
  }
}

/**
 * The registrations of a load run as the database holds them: those acknowledged but missing
 * (`lost`: there must be none), and how many that failed were stored all the same (committed
 * by an instance that died before its answer reached the client).
 */
async function checkRegistrations(records: LoadRecord[]) {
  const name = (r: LoadRecord) => r.label.slice('register '.length);
  const registrations = records.filter((r) => r.label.startsWith('register '));
  const { rows } = await d.sql.query<{ username: string }>(
    'select username from users where username = any($1)',
    [registrations.map(name)],
  );
  const stored = new Set(rows.map((r) => r.username));
  const acknowledged = registrations.filter((r) => r.ok);
  return {
    acknowledged: acknowledged.length,
    lost: acknowledged.filter((r) => !stored.has(name(r))).map(name),
    failedButStored: registrations.filter((r) => !r.ok && stored.has(name(r))).length,
  };
}

/** nginx access-log lines from `mark` on: how many were retried on another instance, and each status. */
function proxyLog(mark: number) {
  const lines = d.nginx.accessLog().slice(mark);
  return {
    lines,
    retried: lines.filter((l) => /^\d+ "[^"]+, /.test(l)).length,
    servedBy: (port: number) => lines.filter((l) => l.startsWith(`200 "127.0.0.1:${port}"`)).length,
  };
}

/** Resolves once nginx has sent a request to `port` first and got 200 (the instance is back in rotation). */
async function backInRotation(port: number, mark: number, ms = 10_000) {
  const started = Date.now();
  while (proxyLog(mark).servedBy(port) === 0) {
    if (Date.now() - started > ms) throw new Error(`nginx sent nothing to ${port} within ${ms} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}

describe('instances lost and restarted behind nginx', () => {
  it('SIGKILL of one instance under load: only requests in flight on it may fail, every later one succeeds', async () => {
    const mark = d.nginx.accessLog().length;
    // Each worker keeps to one kind of request, so that nginx's round robin cannot line the
    // writes up on one instance and the reads on the other.
    const load = runLoad(2 * WRITERS, (worker) =>
      worker < WRITERS ? register('kill') : readProfile(),
    );
    await sleep(1_500);
    const victim = d.instances[0]!;
    const killedAt = Date.now();
    expect(await victim.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const goneAt = Date.now();
    // Past nginx's fail_timeout (2 s), so that it also tries the dead instance again, and is refused.
    await sleep(3_000);
    const records = await load.stop();

    const before = records.filter((r) => r.endedAt < killedAt);
    const inFlight = records.filter((r) => r.startedAt < goneAt && r.endedAt >= killedAt);
    const after = records.filter((r) => r.startedAt >= goneAt);
    expect(before.filter((r) => !r.ok)).toEqual([]);
    expect(after.filter((r) => !r.ok)).toEqual([]);
    // What nginx had already sent to the dead instance: a POST is not replayed (nginx's answer is
    // 502), a GET is retried on the other instance. So at most one write per writer fails.
    const failed = inFlight.filter((r) => !r.ok);
    expect(failed.length).toBeLessThanOrEqual(WRITERS);
    for (const r of failed) {
      expect(r.label).toMatch(/^register /);
      expect(r.status).toBe(502);
    }
    const { acknowledged, lost, failedButStored } = await checkRegistrations(records);
    expect(lost).toEqual([]);
    const log = proxyLog(mark);
    expect(log.retried).toBeGreaterThan(0);
    console.info(
      `SIGKILL: ${records.length} requests (${before.length} before, ${inFlight.length} in flight, ${after.length} after); ` +
        `${failed.length} failed, all in flight and 502 (${failedButStored} of them stored: committed, answer lost); ` +
        `${acknowledged} registrations acknowledged, all stored; nginx retried ${log.retried} on the other instance`,
    );

    await d.relaunch(0);
  });

  it('a rolling restart under writes: every acknowledged write is stored, and none fails', async () => {
    const mark = d.nginx.accessLog().length;
    const load = runLoad(4, () => register('roll'));
    await sleep(500);
    const steps: string[] = [];
    for (const i of [0, 1]) {
      const old = d.instances[i]!;
      const signalled = Date.now();
      // SIGTERM drains: requests in flight are answered, then the process exits 0.
      expect(await old.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      const drained = Date.now() - signalled;
      const relaunched = Date.now();
      const fresh = await d.relaunch(i);
      const ready = Date.now() - relaunched;
      // nginx marked the instance failed when its connection was refused; it sends to it again
      // only after fail_timeout. Stopping the other one before that would leave no live upstream.
      const rejoined = await backInRotation(fresh.port, d.nginx.accessLog().length);
      steps.push(
        `#${i + 1} drained in ${drained} ms, ready in ${ready} ms, back in rotation ${rejoined} ms later`,
      );
    }
    await sleep(500);
    const records = await load.stop();

    expect(records.filter((r) => !r.ok)).toEqual([]);
    const { acknowledged, lost } = await checkRegistrations(records);
    expect(lost).toEqual([]);
    const log = proxyLog(mark);
    console.info(
      `rolling restart: ${steps.join('; ')}; ${acknowledged} registrations acknowledged of ${records.length}, ` +
        `all stored; nginx retried ${log.retried} on the other instance`,
    );
  });
});
