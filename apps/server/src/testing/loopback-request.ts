import http from 'node:http';
import https from 'node:https';

export interface LoopbackAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown> | null;
}

/**
 * One request on a connection of its own, from `from` (any 127.0.0.0/8 address: Linux routes
 * the whole block to the loopback interface), so that a test can stand for many clients with
 * distinct real peer addresses, as a proxy sees them. `json` is sent as a JSON body.
 */
export function loopbackRequest(
  url: string,
  {
    method = 'GET',
    headers = {},
    json,
    from = '127.0.0.1',
    timeoutMs = 10_000,
  }: {
    method?: string;
    headers?: Record<string, string>;
    json?: unknown;
    from?: string;
    timeoutMs?: number;
  } = {},
): Promise<LoopbackAnswer> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const transport = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method,
      agent: false,
      localAddress: from,
      timeout: timeoutMs,
      headers: {
        ...(body === undefined
          ? {}
          : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        ...headers,
      },
    });
    request.once('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.once('error', reject);
    request.once('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.once('error', reject);
      response.once('end', () => {
        let parsed: Record<string, unknown> | null = null;
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // not JSON (nginx's own error pages are HTML)
        }
        resolve({ status: response.statusCode!, headers: response.headers, text, json: parsed });
      });
    });
    request.end(body);
  });
}
