/**
 * The cookies a browser would keep for one site, by name: host-only, no paths, no expiry.
 * A Map, so tests can ask for a cookie or count them.
 */
export class CookieJar extends Map<string, string> {
  /** Keeps the cookie one Set-Cookie header sets; an empty value is the server clearing it. */
  keep(setCookie: string): void {
    const [pair = ''] = setCookie.split(';');
    const [name = '', value = ''] = pair.split('=');
    if (value === '') this.delete(name);
    else this.set(name, value);
  }

  /** The Cookie request header that sends them all back. */
  header(): string {
    return [...this].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
