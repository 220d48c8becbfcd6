/**
 * The body of an entry login of an account drawn at random from the first `users` seeded ones,
 * with its canonical (md5) password: the same request as the Lua `entryLogin` in scenarios.ts,
 * for the closed-loop generator. `passwords[k]` is the canonical password of seed password k
 * (account i uses k = i mod the pool's size); the caller computes them, so that the generator's
 * process loads none of the server's modules.
 */
export interface LoginPool {
  users: number;
  passwords: string[];
}

/** Account i's login body; the username is `seedUsername(i)` of apps/server/src/seed.ts. */
export const loginBody = (i: number, { passwords }: LoginPool) =>
  JSON.stringify({
    username: `seed${String(i).padStart(8, '0')}`,
    password: passwords[i % passwords.length],
  });

export const randomLoginBody = (pool: LoginPool) =>
  loginBody(Math.floor(Math.random() * pool.users), pool);
