import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A request unanswered this long is a timeout: wrk's default, and the closed-loop generator's. */
export const REQUEST_TIMEOUT_MS = 5000;

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  /** Socket errors, non-2xx/3xx answers, timeouts, and answers the scenario's check refused. */
  errors: number;
  detail: Record<string, number>;
}

// Appended to every scenario: counts answers whose body lacks the success marker, and prints
// one machine-readable line at the end.
const common = (okMarker: string) => `
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  app_errors = 0
  math.randomseed(math.floor(os.clock() * 1000000) + tonumber(tostring({}):sub(8), 16))
end
function response(status, headers, body)
  if not string.find(body, ${JSON.stringify(okMarker)}, 1, true) then app_errors = app_errors + 1 end
  if on_response then on_response(status, headers, body) end
end
function done(summary, latency, requests)
  local app = 0
  for _, t in ipairs(threads) do app = app + (t:get("app_errors") or 0) end
  io.write(string.format('WRK_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"app":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout, app, latency:percentile(50), latency:percentile(99)))
end
`;

/** Runs wrk with a scenario's Lua `request` function against `url` and parses its JSON line. */
export function runWrk(options: {
  url: string;
  lua: string;
  okMarker: string;
  connections: number;
  seconds: number;
  dir: string;
  name: string;
}): Promise<WrkResult> {
  const script = join(options.dir, `${options.name}.lua`);
  writeFileSync(script, `${options.lua}\n${common(options.okMarker)}`);
  // One wrk thread: it shares the 2 cores with the server, and one thread drives 1,000 connections.
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    `${REQUEST_TIMEOUT_MS / 1000}s`,
    '-s',
    script,
    options.url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', (error) =>
      reject(new Error(`wrk could not start (apt-get install wrk): ${error.message}`)),
    );
    child.on('close', () => {
      const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
      if (!line) return reject(new Error(`wrk gave no result:\n${out}`));
      const r = JSON.parse(line.slice('WRK_JSON '.length)) as Record<string, number>;
      const seconds = (r.duration_us ?? 0) / 1e6;
      const detail = {
        connect: r.connect!,
        read: r.read!,
        write: r.write!,
        status: r.status!,
        timeout: r.timeout!,
        app: r.app!,
      };
      resolve({
        requests: r.requests!,
        seconds,
        rps: r.requests! / seconds,
        p50ms: r.p50_us! / 1000,
        p99ms: r.p99_us! / 1000,
        errors: Object.values(detail).reduce((a, b) => a + b, 0),
        detail,
      });
    });
  });
}
