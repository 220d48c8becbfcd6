import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Where the kernel picks ports for `listen(0)` and outgoing connections (Linux's default if unknown). */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
  } catch {
    return 32768;
  }
}

const listens = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A loopback port that is free now and, unlike one from `listen(0)`, below the kernel's ephemeral
 * range: a port that must stay the same (nginx's, an upstream restarted on it) cannot be handed
 * to another process's `listen(0)` or outgoing connection in the moment it is not bound (a run
 * of the suite once lost nginx's https port that way, to a server of another test file).
 */
export async function stablePort(taken: readonly number[] = []): Promise<number> {
  const top = Math.min(ephemeralStart(), 32768);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * (top - 20_000));
    if (!taken.includes(port) && (await listens(port))) return port;
  }
  throw new Error('no free port below the ephemeral range');
}
