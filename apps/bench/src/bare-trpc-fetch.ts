import { createServer } from 'node:http';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import { ceilingPort } from './config.ts';
import { ceilingContext, ceilingRouter } from './trpc-ceiling-router.ts';

// A library ceiling: tRPC's fetch adapter behind node:http, the request converted by tRPC's own
// incomingMessageToRequest, the answer's body read whole with Response.text() and ended in one
// write (no web stream piped into node's response): whether streaming the body is the cost.
createServer((req, res) => {
  void (async () => {
    const response = await fetchRequestHandler({
      endpoint: '/trpc',
      req: incomingMessageToRequest(req, res, { maxBodySize: null }),
      router: ceilingRouter,
      createContext: ({ req: request }) =>
        ceilingContext({ authorization: request.headers.get('authorization') ?? undefined }),
    });
    const body = await response.text();
    res.statusCode = response.status;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.end(body);
  })();
}).listen(ceilingPort(), '127.0.0.1');
