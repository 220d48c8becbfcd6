import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The command as CI runs it, on the real repository, with only the registry replaced: a `pnpm`
// first on PATH that answers `pnpm audit` with a recorded or shaped output.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakePnpm(fixture: string): string {
  const bin = mkdtempSync(join(dir, 'bin-'));
  writeFileSync(
    join(bin, 'pnpm'),
    `#!/bin/sh\n[ "$1" = audit ] || exit 99\ncat '${join(fixtures, fixture)}'\nexit 1\n`,
  );
  chmodSync(join(bin, 'pnpm'), 0o755);
  return bin;
}

function allowList(entries: unknown[]): string {
  const path = join(dir, `allow-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ entries }));
  return path;
}

function run(fixture: string, args: string[]) {
  const result = spawnSync(
    join(root, 'node_modules/.bin/tsx'),
    ['tooling/deps/src/audit-cli.ts', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${fakePnpm(fixture)}:${process.env['PATH']}` },
    },
  );
  return { status: result.status, out: result.stdout + result.stderr };
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('pnpm audit:deps', () => {
  it('exits 1 and names each high or critical advisory that is not allowed', () => {
    const { status, out } = run('pnpm-audit-report.json', ['--allowlist', allowList([])]);
    expect(status).toBe(1);
    expect(out).toMatch(/NOT ALLOWED +CRITICAL +GHSA-xvch-5gv4-984h minimist@1\.2\.5/);
    expect(out).toMatch(/NOT ALLOWED +HIGH +GHSA-p6mc-m468-83gw lodash@4\.17\.15/);
    expect(out).toMatch(/below high +MODERATE +GHSA-952p-6rrq-rcjv/);
    expect(out).toContain('audit:deps: FAILED');
  });

  it('exits 0 when the allow-list accepts each of them with a reason', () => {
    const reason = 'reached only from a build script, never with outside input';
    const entries = [
      { advisory: 'GHSA-xvch-5gv4-984h', package: 'minimist', reason, expires: inDays(30) },
      { advisory: 'GHSA-p6mc-m468-83gw', package: 'lodash', reason, expires: inDays(30) },
    ];
    const { status, out } = run('pnpm-audit-report.json', ['--allowlist', allowList(entries)]);
    expect(out).toContain(`until ${inDays(30)}: ${reason}`);
    expect(status).toBe(0);
  });

  it('exits 2 when the audit did not run, and 0 with a banner under --if-unavailable warn', () => {
    const failing = run('pnpm-audit-unavailable.json', ['--allowlist', allowList([])]);
    expect(failing.status).toBe(2);
    expect(failing.out).toContain('pnpm audit --prod: DID NOT RUN: ERR_PNPM_AUDIT_BAD_RESPONSE');
    const warned = run('pnpm-audit-unavailable.json', [
      '--allowlist',
      allowList([]),
      '--if-unavailable',
      'warn',
    ]);
    expect(warned.status).toBe(0);
    expect(warned.out).toContain('THE DEPENDENCY AUDIT DID NOT RUN');
  });

  it('still exits 1 on a bad allow-list entry when the audit did not run', () => {
    const entries = [
      { advisory: 'GHSA-p6mc-m468-83gw', package: 'lodash', reason: 'x', expires: inDays(-1) },
    ];
    const { status, out } = run('pnpm-audit-unavailable.json', [
      '--allowlist',
      allowList(entries),
      '--if-unavailable',
      'warn',
    ]);
    expect(status).toBe(1);
    expect(out).toContain(`expired on ${inDays(-1)}`);
  });
});
