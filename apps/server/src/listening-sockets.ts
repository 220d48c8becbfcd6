import type { Server as HttpServer } from 'node:http';
import { type AddressInfo, type ListenOptions as NetListenOptions, Server } from 'node:net';
import type { FastifyInstance, FastifyListenOptions } from 'fastify';
import { listen } from './listen.ts';

export interface ListenOptions {
  host: string;
  port: number;
  /** Each socket's accept queue. */
  backlog?: number;
  /** Listening sockets on the port, the HTTP server's own included. */
  sockets?: number;
}

// Sockets on the public port: each event-loop turn accepts one connection per socket (see
// listenOnSockets below), and a saturated server's turn lasts as long as the requests it holds
// take. A burst of 1,000 new connections, measured at 10M accounts: with one socket 40-60
// timed out at 5 s; with 32, none for reads but 5-28 for logins (turns of ~300 ms); with 128,
// none in any scenario, at the same req/s (docs/BENCHMARKS.md, "1,000 connections").
const LISTEN_SOCKETS = 128;
// Each socket's queue of connections the kernel has completed and the server not yet taken.
// Node's default (511) on one socket let the kernel drop handshakes of a 1,000-connection burst,
// each retried by the client after 1 s, 3 s. 512 on each of 128 sockets queues 65,536 in all,
// which the kernel spreads (a burst of 1,000 overflowed none even at 64 each); more would only
// let a flood of handshakes hold more of the kernel's memory. The kernel caps it at
// net.core.somaxconn.
const LISTEN_BACKLOG = 512;

interface Sibling {
  socket: Server;
  /** Its 'close', which net.Server emits once it is closed and its connections have ended. */
  ended: Promise<unknown>;
}

/** The further listening sockets of each HTTP server, which graceful-close.ts closes with it. */
const siblingsByServer = new WeakMap<HttpServer, Sibling[]>();
const siblingsOf = (server: HttpServer) => siblingsByServer.get(server) ?? [];

/** Every socket `server` accepts connections on. */
export const listeningSockets = (server: HttpServer): Server[] => [
  server,
  ...siblingsOf(server).map((sibling) => sibling.socket),
];

/**
 * Resolves when the connections the further sockets accepted have ended, once those sockets are
 * closed. `server` serves them, but its own close callback counts only the connections it
 * accepted itself.
 */
export const siblingConnectionsEnded = async (server: HttpServer): Promise<void> => {
  await Promise.all(siblingsOf(server).map((sibling) => sibling.ended));
};

/**
 * Listens on several sockets bound to one port (SO_REUSEPORT), all serving one HTTP server.
 * libuv (1.45 on, Node 20 on) accepts one connection per listening socket per event-loop turn,
 * and a saturated server's turn lasts as long as the requests it holds take (70-300 ms at 1,000
 * connections): one socket took a few new connections a second, and in a burst of 1,000 the
 * last waited in the kernel's queue past their clients' timeouts. The kernel spreads a port's
 * new connections over its sockets, so each turn accepts up to `sockets` of them.
 *
 * SO_REUSEPORT would also let a second instance started on the same port join the group and
 * take its share of the connections; a plain bind first refuses a port already in use
 * (EADDRINUSE), as a single socket did.
 */
export async function listenOnSockets(app: FastifyInstance, options: ListenOptions) {
  const { host, port, backlog = LISTEN_BACKLOG, sockets = LISTEN_SOCKETS } = options;
  if (port !== 0) await refuseIfInUse(host, port);
  // Fastify hands its listen options to net.Server#listen, whose reusePort its type leaves out.
  const primary: FastifyListenOptions & Pick<NetListenOptions, 'reusePort'> = {
    host,
    port,
    backlog,
    reusePort: true,
  };
  await app.listen(primary);
  const bound = app.server.address() as AddressInfo;
  const opened = await Promise.allSettled(
    Array.from({ length: sockets - 1 }, () =>
      listenSibling(app.server, { host: bound.address, port: bound.port, backlog }),
    ),
  );
  const siblings = opened.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  siblingsByServer.set(app.server, siblings);
  const failed = opened.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A socket on `server`'s port whose connections `server` serves, as if it had accepted them. */
async function listenSibling(
  server: HttpServer,
  address: { host: string; port: number; backlog: number },
): Promise<Sibling> {
  // As http.Server does by default (Fastify leaves it so): no Nagle delay on answers.
  const socket = new Server({ noDelay: true }, (connection) =>
    server.emit('connection', connection),
  );
  const ended = new Promise((resolve) => socket.once('close', resolve));
  await listen(socket, { ...address, reusePort: true });
  // An accept that fails (EMFILE) is the HTTP server's error, as on its own socket.
  socket.on('error', (error) => server.emit('error', error));
  return { socket, ended };
}

async function refuseIfInUse(host: string, port: number) {
  const probe = new Server();
  await listen(probe, { host, port });
  await new Promise((resolve) => probe.close(resolve));
}
