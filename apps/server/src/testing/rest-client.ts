import { CookieJar } from '@acct/api/testing';

/** A small HTTP client for the REST faces that keeps cookies like a browser (host-only, no expiry logic). */
export function restClient(baseUrl: string) {
  const jar = new CookieJar();

  async function call(
    method: string,
    path: string,
    options: {
      json?: unknown;
      form?: Record<string, string>;
      raw?: BodyInit;
      headers?: Record<string, string>;
    } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = new URLSearchParams(options.form);
    } else if (options.raw !== undefined) {
      body = options.raw;
    }
    if (jar.size > 0 && !('cookie' in headers)) headers.cookie = jar.header();
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    for (const cookie of response.headers.getSetCookie()) jar.keep(cookie);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: JSON.parse(text) as Record<string, unknown>,
    };
  }

  return { call, jar };
}

export type RestClient = ReturnType<typeof restClient>;
