/**
 * ASVS 2.10.2: no default or empty database credentials. A URL without a password, with an empty
 * one, one equal to the user name, or a well-known default is refused before any connection is
 * tried. A Unix-socket host (an absolute path) is allowed without a password: there the operating
 * system vouches for the user (peer authentication), and no password exists to be a default.
 */
const WELL_KNOWN = new Set([
  'postgres',
  'password',
  'passw0rd',
  'admin',
  'root',
  'secret',
  'changeme',
  'acct',
  'test',
  '123456',
  '12345678',
]);

export function credentialProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL (postgres://user:password@host:5432/database)';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    return 'must start with postgres://';
  const socketHost = parsed.searchParams.get('host')?.startsWith('/') ?? false;
  if (socketHost && parsed.hostname === '') return null;
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  if (user === '') return 'names no user';
  if (password === '') return `gives no password for user ${user}`;
  if (password.toLowerCase() === user.toLowerCase() || WELL_KNOWN.has(password.toLowerCase()))
    return `uses a default or well-known password for user ${user}`;
  return null;
}
