import type { ListenOptions, Server } from 'node:net';

/** `server.listen(options)` as a promise, which rejects with the listen's error (EADDRINUSE, …). */
export const listen = (server: Server, options: ListenOptions) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => {
      server.off('error', reject);
      resolve();
    });
  });
