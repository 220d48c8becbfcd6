import { isIPv4, isIPv6 } from 'node:net';

/** IPv6 groups of an address, expanded to eight (an embedded IPv4 tail counts as two). */
function ipv6Groups(ip: string): string[] {
  const [head = '', tail] = ip.split('%')[0]!.split('::') as [string, string?];
  const parts = (text: string) =>
    text === '' ? [] : text.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const zeros =
    tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right];
}

/**
 * The name a client address is throttled under: an IPv4 address as it is, an IPv6 address by
 * its /64. One subscriber commonly holds a whole /64, so counting single IPv6 addresses would
 * give an attacker 2^64 fresh budgets. IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function addressKey(ip: string | null): string {
  if (ip === null || ip === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip) || !isIPv6(ip.split('%')[0]!)) return ip;
  const prefix = ipv6Groups(ip)
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}
