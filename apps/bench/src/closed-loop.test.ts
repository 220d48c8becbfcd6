import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClosedLoopOptions, retryAfterSeconds, runClosedLoop } from './closed-loop.ts';

// A small local server of known answers, so that each count the generator makes is checked
// against what was really sent (the bench itself drives the real server).
let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(null));
  server = null;
});

interface Seen {
  connections: number;
  requests: { body: string; at: number }[];
}
async function serve(
  answer: (body: string, res: ServerResponse, req: IncomingMessage) => void,
): Promise<{ url: string; seen: Seen }> {
  const seen: Seen = { connections: 0, requests: [] };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.requests.push({ body, at: performance.now() });
      answer(body, res, req);
    });
  });
  server.on('connection', () => (seen.connections += 1));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (res: ServerResponse, status: number, body: unknown, headers = {}) =>
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));

const options = (url: string, more: Partial<ClosedLoopOptions>): ClosedLoopOptions => ({
  url,
  path: '/login',
  connections: 1,
  seconds: 1,
  timeoutMs: 5000,
  okMarker: '"code":0',
  nextBody: () => '{}',
  ...more,
});

describe('the closed-loop load generator', () => {
  it('holds one keep-alive connection per loop and counts each accepted answer with its latency', async () => {
    const { url, seen } = await serve((_, res) => setTimeout(() => json(res, 200, { code: 0 }), 5));
    const tally = await runClosedLoop(options(url, { connections: 4, seconds: 0.5 }));
    expect(seen.connections).toBe(4);
    expect(tally.acceptedMs.length).toBeGreaterThan(20);
    expect(tally.acceptedMs.every((ms) => ms >= 4 && ms < 500)).toBe(true);
    expect(tally).toMatchObject({ timeouts: 0, socketErrors: 0, otherErrors: 0, refusedMs: [] });
  });

  it('counts a 200 without the success code and any other status as other errors', async () => {
    let n = 0;
    const { url } = await serve((_, res) => {
      n += 1;
      if (n % 2) json(res, 200, { code: 2, msg: 'wrong password' });
      else json(res, 500, { code: 9 });
    });
    const tally = await runClosedLoop(options(url, { seconds: 0.3 }));
    expect(tally.acceptedMs).toEqual([]);
    expect(tally.otherErrors).toBeGreaterThan(2);
  });

  it('after a 503 waits Retry-After, plus at most as long again, before the next request', async () => {
    const { url, seen } = await serve((body, res) => {
      if (body === 'first') json(res, 503, { code: 6 }, { 'retry-after': '1' });
      else json(res, 200, { code: 0 });
    });
    let sent = 0;
    const nextBody = () => (sent++ === 0 ? 'first' : 'then');
    const tally = await runClosedLoop(options(url, { seconds: 3, nextBody }));
    expect(tally.refusedMs).toHaveLength(1);
    const [refusal, after] = seen.requests;
    expect(after!.at - refusal!.at).toBeGreaterThanOrEqual(1000);
    // At most twice Retry-After, and some slack for a busy machine.
    expect(after!.at - refusal!.at).toBeLessThan(2600);
    expect(tally.acceptedMs.length).toBeGreaterThan(0);
  });

  it('gives up on a request after the timeout, closes its connection, and goes on with a new one', async () => {
    const { url, seen } = await serve(() => {}); // never answers
    const tally = await runClosedLoop(options(url, { seconds: 1, timeoutMs: 150 }));
    expect(tally.timeouts).toBeGreaterThanOrEqual(3);
    expect(seen.connections).toBeGreaterThanOrEqual(tally.timeouts);
    expect(tally.acceptedMs).toEqual([]);
  });

  it('counts a connection closed before the answer as a socket error', async () => {
    const { url } = await serve((_, res, req) => req.socket.destroy());
    const tally = await runClosedLoop(options(url, { seconds: 0.3 }));
    expect(tally.socketErrors).toBeGreaterThan(0);
    expect(tally.acceptedMs.length + tally.otherErrors + tally.timeouts).toBe(0);
  });

  it('cuts the requests still in flight when the window closes, counting them neither way', async () => {
    const { url } = await serve((_, res) => setTimeout(() => json(res, 200, { code: 0 }), 3000));
    const startedAt = performance.now();
    const tally = await runClosedLoop(options(url, { connections: 3, seconds: 0.3 }));
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(tally).toMatchObject({ cutAtEnd: 3, acceptedMs: [], timeouts: 0, socketErrors: 0 });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('3')).toBe(3);
    expect(retryAfterSeconds(undefined)).toBe(1);
    expect(retryAfterSeconds('soon')).toBe(1);
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(retryAfterSeconds('Wed, 02 Dec 2026 10:00:02 GMT', now)).toBe(2);
  });
});
