import { canonicalPassword } from '@acct/api';
import { SEED_POOL, seedPassword } from '@acct/server/seed';
import type { LibraryCeiling } from './ceilings.ts';
import type { LoginPool } from './random-login.ts';

const luaList = (items: string[]) => `{ ${items.map((s) => JSON.stringify(s)).join(', ')} }`;
// The 16 canonical passwords of the seed scheme: account i uses md5s[i % 16 + 1] (Lua counts from 1).
const canonicalPasswords = Array.from({ length: SEED_POOL }, (_, k) =>
  canonicalPassword(seedPassword(k)),
);
const md5s = luaList(canonicalPasswords);
const plains = luaList(Array.from({ length: SEED_POOL }, (_, k) => seedPassword(k)));

export type Scenario = {
  name: string;
  okMarker: string;
  /** Which ceiling the figure is compared with. */
  ceiling: 'http' | 'argon2' | null;
  /** The library ceiling (a bare server of the same shape) the figure is also compared with. */
  library?: LibraryCeiling;
  target: Target;
} & (
  | { lua: string; loop?: never }
  /**
   * Driven by the bench's closed-loop generator (overload.ts) instead of wrk: POSTs of random-user
   * entry logins to `path`, each connection honouring Retry-After after a 503.
   */
  | { loop: { path: string; pool: LoginPool }; lua?: never }
);

/** What issue 5 asks of a scenario; `errorsAndTailAt` limits the zero-error and p99 parts to one concurrency. */
export interface Target {
  rps?: number;
  ratio?: number;
  zeroErrors?: boolean;
  p99ms?: number;
  /** Issue 15's overload target: refusals are fine, a client left waiting or cut off is not. */
  noTimeoutsOrSocketErrors?: boolean;
  /**
   * Issue 15, for every cheap scenario: p99 within this many times bare node:http's p99 at the
   * same concurrency, measured in the same run.
   */
  tailOfHttp?: number;
  errorsAndTailAt?: number;
}

/** Issue 15: at 1,000 connections, every cheap scenario has zero errors and a p99 near node:http's. */
const CHEAP_AT_1000 = { zeroErrors: true, tailOfHttp: 1.5, errorsAndTailAt: 1000 } as const;

/** Server RSS under 300 MB (not MiB), in every scenario at every concurrency (issue 15). */
export const RSS_TARGET = { bytes: 300e6 };

export const FIXED_USERS = 200;

/** Entry logins of accounts drawn at random from the first `count` seeded ones. */
const entryLogin = (count: number) => `local md5 = ${md5s}
function request()
  local i = math.random(0, ${count - 1})
  return wrk.format("POST", "/login", { ["Content-Type"] = "application/json" },
    string.format('{"username":"seed%08d","password":"%s"}', i, md5[i % ${SEED_POOL} + 1]))
end`;

/**
 * In run order; random-user logins last, since they leave argon2 work queued behind them. Those
 * are driven by the closed-loop generator, not wrk: their target is the p99 of the accepted
 * logins alone, with the clients waiting as a 503's Retry-After asks (see docs/BENCHMARKS.md).
 */
export function scenarios(users: number, tokens: string[]): Scenario[] {
  const tokenList = luaList(tokens);
  /** GETs of `path` as one of the signed-in accounts, the token sent bare (entry) or as `Bearer`. */
  const signedInGet = (path: string, scheme: '' | 'Bearer ') => `local tokens = ${tokenList}
function request()
  return wrk.format("GET", "${path}", { ["Authorization"] = "${scheme}" .. tokens[math.random(#tokens)] })
end`;
  return [
    {
      name: 'entry login, 200 fixed users',
      okMarker: '"code":0',
      ceiling: null,
      target: { rps: 3000, ...CHEAP_AT_1000 },
      lua: entryLogin(FIXED_USERS),
    },
    {
      name: 'entry get_user_info',
      okMarker: '"code":0',
      ceiling: 'http',
      library: 'Fastify + tRPC caller',
      target: { ratio: 0.5, ...CHEAP_AT_1000 },
      lua: signedInGet('/user/get_user_info', ''),
    },
    {
      name: 'entry update_user_info',
      okMarker: '"code":0',
      ceiling: null,
      target: { rps: 3000, ...CHEAP_AT_1000 },
      lua: `local tokens = ${tokenList}
function request()
  return wrk.format("PUT", "/user/update_user_info",
    { ["Authorization"] = tokens[math.random(#tokens)], ["Content-Type"] = "application/json" },
    string.format('{"nickname":"bench %d"}', math.random(1, 1000000)))
end`,
    },
    {
      name: 'mall login, then getUserInfo',
      okMarker: '"status":0',
      ceiling: null,
      target: CHEAP_AT_1000,
      lua: `local plain = ${plains}
local cookie = nil
local login_next = true
function request()
  if login_next or cookie == nil then
    login_next = false
    local i = math.random(0, ${FIXED_USERS - 1})
    return wrk.format("POST", "/user/login", { ["Content-Type"] = "application/json" },
      string.format('{"username":"seed%08d","password":"%s"}', i, plain[i % ${SEED_POOL} + 1]))
  end
  login_next = true
  return wrk.format("GET", "/user/getUserInfo", { ["Cookie"] = cookie })
end
function on_response(status, headers, body)
  local set = headers["Set-Cookie"] or headers["set-cookie"]
  if set then cookie = string.match(set, "^(sid=[^;]+)") or cookie end
end`,
    },
    {
      name: 'tRPC auth.session (current user)',
      okMarker: '"result"',
      ceiling: 'http',
      library: 'Fastify + tRPC adapter',
      target: { ratio: 0.25, ...CHEAP_AT_1000 },
      lua: signedInGet('/trpc/auth.session', 'Bearer '),
    },
    {
      name: `entry login, random of ${users.toLocaleString('en')} users`,
      okMarker: '"code":0',
      ceiling: 'argon2',
      // Issue 15, at 1,000 connections: refusals in time instead of a backlog.
      target: { ratio: 0.9, p99ms: 2000, noTimeoutsOrSocketErrors: true, errorsAndTailAt: 1000 },
      loop: { path: '/login', pool: { users, passwords: canonicalPasswords } },
    },
  ];
}
