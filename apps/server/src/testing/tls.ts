import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

/**
 * A throwaway self-signed certificate for 127.0.0.1 (P-256, one day), written into `dir` by
 * the openssl command line, and trusted by this process's fetch and https from then on (the
 * default CA list plus this one). Nothing outside this process trusts it.
 */
export function trustedLoopbackCertificate(dir: string) {
  const certificate = join(dir, 'loopback.crt');
  const key = join(dir, 'loopback.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      certificate,
    ],
    { stdio: 'pipe' },
  );
  const pem = readFileSync(certificate, 'utf8');
  setDefaultCACertificates([...getCACertificates('default'), pem]);
  return { certificate, key, pem };
}
