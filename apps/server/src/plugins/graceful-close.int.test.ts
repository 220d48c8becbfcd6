import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/start-server.ts';

// The client runs on its own thread, so it can send while the server's event loop is held, as
// a busy server's is: each request below reaches the kernel before the server has taken it.
const client = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { port, fresh } = workerData;
const flag = new Int32Array(workerData.flag);
const get = 'GET /healthz HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n';
const answers = [];
function open(onConnect) {
  const socket = net.connect(port, '127.0.0.1');
  const answer = { raw: '', error: null, closed: false };
  answers.push(answer);
  socket.setEncoding('utf8').on('data', (chunk) => (answer.raw += chunk));
  socket.on('error', (error) => (answer.error = error.code));
  socket.on('close', () => {
    answer.closed = true;
    if (answers.length === fresh + 1 && answers.every((a) => a.closed)) parentPort.postMessage(answers);
  });
  socket.once('connect', () => onConnect(socket, answer));
}
// A kept-alive connection that has served one request; on 'go', a second request on it and
// new connections, each with a request; the server's thread is told once all are sent.
open((kept, answer) => {
  kept.write(get);
  kept.on('data', function first() {
    if (!answer.raw.endsWith('}')) return;
    kept.off('data', first);
    answer.raw = '';
    parentPort.postMessage('ready');
    parentPort.once('message', () => {
      let pending = fresh + 1;
      const sent = () => --pending === 0 && (Atomics.store(flag, 0, 1), Atomics.notify(flag, 0));
      kept.write(get, sent);
      for (let i = 0; i < fresh; i += 1) open((socket) => socket.write(get, sent));
    });
  });
});
`;

describe('closing under a busy event loop', () => {
  // @see issue 11 item 6
  it('answers what clients had sent: a request unread on a kept-alive connection, connections not yet accepted', async () => {
    const server = await startTestServer();
    let closed: Promise<void> | undefined;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(client, {
      eval: true,
      workerData: { port: Number(new URL(server.url).port), fresh: 3, flag: flag.buffer },
    });
    try {
      await new Promise((resolve) => worker.once('message', resolve));
      const answers = new Promise<{ raw: string; error: string | null }[]>((resolve) =>
        worker.once('message', resolve),
      );
      worker.postMessage('go');
      // Held: no accept, no read, until every request is in the kernel; then close at once.
      expect(Atomics.wait(flag, 0, 0, 10_000)).not.toBe('timed-out');
      closed = server.close();

      const results = await answers;
      expect(results.map((a) => a.error)).toEqual([null, null, null, null]);
      for (const { raw } of results) {
        expect(raw).toMatch(/^HTTP\/1\.1 200 /);
        expect(raw.toLowerCase()).toContain('\r\nconnection: close\r\n');
        expect(raw).toMatch(/\r\n\r\n\{"status":"ok"\}$/);
      }
    } finally {
      await worker.terminate();
      await (closed ?? server.close());
    }
  });
});
