import { Agent, type ClientRequest, request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A closed-loop load generator over node:http, for the scenario wrk cannot measure (see
 * docs/BENCHMARKS.md, method): N connections, each its own keep-alive connection sending one
 * request at a time. An accepted answer records its latency; a refusal (503) records its latency
 * and the connection waits `Retry-After` plus a random jitter of up to as long again before its
 * next request, as a polite client does; a request unanswered after `timeoutMs` is a timeout and
 * its connection is closed, as a client that gives up closes it.
 *
 * Only what happens inside the measured window counts, as with wrk: answers completed, timeouts
 * fired and errors raised before its end. Requests still in flight at the end are cut and counted
 * apart (`cutAtEnd`), neither accepted nor failed.
 */
export interface ClosedLoopOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:3900`. */
  url: string;
  path: string;
  connections: number;
  seconds: number;
  /** Per request, from sending to the end of the answer (wrk's default is 5 s). */
  timeoutMs: number;
  /** An HTTP 200 counts as accepted only when its body contains this (the dialect's success code). */
  okMarker: string;
  /** The JSON body of each POST. */
  nextBody: () => string;
}

export interface ClosedLoopTally {
  /** Length of the measured window. */
  seconds: number;
  /** Latency of each accepted request, in ms. */
  acceptedMs: number[];
  /** Latency of each refusal (503), in ms. */
  refusedMs: number[];
  timeouts: number;
  /** The connection failed: refused, reset, or closed before the answer ended. */
  socketErrors: number;
  /** Any other answer: another status, or a 200 without the success marker. */
  otherErrors: number;
  /** Requests in flight when the window closed. */
  cutAtEnd: number;
}

type Outcome =
  | { kind: 'accepted' | 'other' | 'timeout' | 'socket'; at: number; ms: number }
  | { kind: 'refused'; at: number; ms: number; retryAfterSeconds: number }
  | { kind: 'cut' };

/** Seconds a `Retry-After` header asks for (delta-seconds or an HTTP date); 1 when absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number {
  if (header === undefined) return 1;
  if (/^\s*\d+\s*$/.test(header)) return Number(header);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1 : Math.max(0, (date - now) / 1000);
}

export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopTally> {
  const { hostname, port } = new URL(options.url);
  const tally: ClosedLoopTally = {
    seconds: options.seconds,
    acceptedMs: [],
    refusedMs: [],
    timeouts: 0,
    socketErrors: 0,
    otherErrors: 0,
    cutAtEnd: 0,
  };
  // Each request's way to settle it as cut when the window closes.
  const inFlight = new Map<ClientRequest, () => void>();
  const windowOver = new AbortController();
  const startedAt = performance.now();
  const endsAt = startedAt + options.seconds * 1000;

  /** One request on `agent`'s connection; settles exactly once, whichever event comes first. */
  const send = (agent: Agent): Promise<Outcome> =>
    new Promise((resolve) => {
      const body = options.nextBody();
      const sentAt = performance.now();
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        inFlight.delete(req);
        resolve(outcome);
      };
      const finish = (kind: 'accepted' | 'other' | 'timeout' | 'socket') => {
        const at = performance.now();
        settle({ kind, at, ms: at - sentAt });
      };
      const req = request(
        {
          agent,
          hostname,
          port,
          path: options.path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('error', () => finish('socket'));
          res.on('end', () => {
            if (!res.complete) return finish('socket');
            if (res.statusCode === 503) {
              const at = performance.now();
              return settle({
                kind: 'refused',
                at,
                ms: at - sentAt,
                retryAfterSeconds: retryAfterSeconds(res.headers['retry-after']),
              });
            }
            finish(
              res.statusCode === 200 && text.includes(options.okMarker) ? 'accepted' : 'other',
            );
          });
        },
      );
      // The client gives up: counted, and its connection closed (the agent opens a new one).
      const timer = setTimeout(() => {
        finish('timeout');
        req.destroy();
      }, options.timeoutMs);
      inFlight.set(req, () => {
        settle({ kind: 'cut' });
        req.destroy();
      });
      req.on('error', () => finish('socket'));
      req.end(body);
    });

  const connection = async () => {
    // One socket per loop: the loop owns its connection, as each of wrk's connections does.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (!windowOver.signal.aborted) {
        const outcome = await send(agent);
        if (outcome.kind === 'cut' || outcome.at >= endsAt) break;
        if (outcome.kind === 'refused') {
          tally.refusedMs.push(outcome.ms);
          // Retry-After, and up to as long again at random, so refused clients do not return in step.
          const waitMs = outcome.retryAfterSeconds * 1000 * (1 + Math.random());
          await delay(waitMs, undefined, { signal: windowOver.signal }).catch(() => undefined);
        } else if (outcome.kind === 'accepted') tally.acceptedMs.push(outcome.ms);
        else if (outcome.kind === 'other') tally.otherErrors += 1;
        else if (outcome.kind === 'timeout') tally.timeouts += 1;
        else tally.socketErrors += 1;
      }
    } finally {
      agent.destroy();
    }
  };

  const closeWindow = setTimeout(
    () => {
      tally.cutAtEnd = inFlight.size;
      windowOver.abort();
      for (const cut of [...inFlight.values()]) cut();
    },
    Math.max(0, endsAt - performance.now()),
  );
  try {
    await Promise.all(Array.from({ length: options.connections }, connection));
  } finally {
    clearTimeout(closeWindow);
  }
  return tally;
}
