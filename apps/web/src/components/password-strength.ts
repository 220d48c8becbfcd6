export type Strength = 'weak' | 'fair' | 'good' | 'strong';

const common =
  /^(password|passw0rd|qwerty|letmein|welcome|admin|iloveyou|monkey|dragon|abc123|123456|111111)/i;

/**
 * A rough guide for the meter (ASVS 2.1.8), not a rule: length counts most, as NIST advises;
 * a little for character variety; common openings and repeats count against.
 */
export function passwordStrength(password: string): Strength {
  const length = [...password].length;
  if (length < 8 || common.test(password) || /^(.)\1+$/.test(password)) return 'weak';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) =>
    re.test(password),
  ).length;
  const score = length + classes * 2;
  if (length >= 15 || score >= 20) return 'strong';
  if (score >= 14) return 'good';
  return 'fair';
}
