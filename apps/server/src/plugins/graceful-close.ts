import { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { listeningSockets, siblingConnectionsEnded } from '../listening-sockets.ts';

/** How long a closing server may go on taking the connections the kernel has completed. */
const ACCEPT_MS = 1_000;
/** How long it then reads what open connections had already sent (network latency). */
const SETTLE_MS = 100;

/** Resolves after the event loop has polled for I/O again (accepting, reading sockets). */
const nextIoPoll = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Closing without resetting anyone. From the moment `app.close()` begins, every answer says
 * `Connection: close`, so each connection ends after the request it carries and no client
 * queues another on it. The server takes the connections the kernel has already completed,
 * stops accepting, reads what open connections had already sent, and only then lets Fastify
 * close: idle connections closed, the others awaited.
 */
export const gracefulClose = fp(async (app: FastifyInstance) => {
  let closing = false;
  let accepted = 0;
  app.server.on('connection', () => {
    accepted += 1;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('preClose', async () => {
    closing = true;
    if (!app.server.listening) return;
    // Under load the event loop lags, and both closing steps of http.Server#close() reset
    // requests a client did send. Closing a listening socket resets the connections still
    // waiting in the kernel's queue, and libuv takes only one of them per socket per turn: take
    // them first (while turns bring some, within ACCEPT_MS). Then stop accepting, but without
    // destroying at once every connection that looks idle, which includes one whose next
    // request sits unread in its socket: read for SETTLE_MS, then let Fastify close.
    const until = Date.now() + ACCEPT_MS;
    for (let before = -1; accepted !== before && Date.now() < until;) {
      before = accepted;
      await nextIoPoll();
    }
    for (const socket of listeningSockets(app.server)) Server.prototype.close.call(socket);
    await sleep(SETTLE_MS);
    // The timer may fire right after a long busy turn: one more poll reads what is buffered.
    await nextIoPoll();
  });
  // Fastify's close awaits the connections the HTTP server accepted itself; the others too, before
  // the hooks registered earlier (the database's) run. A socket left listening (preClose found
  // the server's own closed already) is closed first, or its 'close' would never come.
  app.addHook('onClose', async () => {
    for (const socket of listeningSockets(app.server)) {
      if (socket.listening) Server.prototype.close.call(socket);
    }
    await siblingConnectionsEnded(app.server);
  });
});
