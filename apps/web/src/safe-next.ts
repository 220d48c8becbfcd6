/** Where to go after sign-in: only a path on this origin (never `//host` or a full URL). */
export function safeNext(next: string | null | undefined, fallback = '/profile'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return fallback;
  try {
    const url = new URL(next, 'http://same.origin');
    return url.origin === 'http://same.origin'
      ? `${url.pathname}${url.search}${url.hash}`
      : fallback;
  } catch {
    return fallback;
  }
}
