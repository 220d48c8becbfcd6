import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEPLOY_NGINX_CONF } from './testing/nginx.ts';

// docs/deploy.md shows "the configuration the tests used": it must be that file, to the byte.

describe('docs/deploy.md', () => {
  it('shows deploy/nginx/acct.conf exactly as the multi-instance tests run it', () => {
    const doc = readFileSync(new URL('../../../docs/deploy.md', import.meta.url), 'utf8');
    const conf = readFileSync(DEPLOY_NGINX_CONF, 'utf8');
    expect(doc).toContain('```nginx\n' + conf + '```\n');
  });
});
