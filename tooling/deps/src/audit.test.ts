import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditConfigIgnores, parseAuditOutput } from './audit.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('reading pnpm audit --json', () => {
  it('reads a report: GHSA id, package, severity, installed versions and paths', () => {
    const outcome = parseAuditOutput(fixture('pnpm-audit-report.json'));
    expect(outcome.kind).toBe('report');
    if (outcome.kind !== 'report') return;
    expect(outcome.dependencies).toBe(182);
    const lodash = outcome.advisories.find((a) => a.module === 'lodash');
    expect(lodash).toMatchObject({
      ghsa: 'GHSA-p6mc-m468-83gw',
      severity: 'high',
      versions: ['4.17.15'],
      paths: ['packages__api>example-lib>lodash', 'packages__rest>example-lib>lodash'],
      patchedVersions: '>=4.17.19',
    });
  });

  it("takes the GHSA id from the URL when the advisory has no github_advisory_id (pnpm 11's bulk-endpoint shape)", () => {
    const bulk = {
      advisories: {
        '1096302': {
          id: 1096302,
          module_name: 'lodash',
          severity: 'high',
          title: 'Prototype Pollution in lodash',
          url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw',
          vulnerable_versions: '>=3.7.0 <4.17.19',
          findings: [{ version: '4.17.15', paths: ['.>lodash'] }],
        },
      },
      metadata: { vulnerabilities: { high: 1 } },
    };
    const outcome = parseAuditOutput(JSON.stringify(bulk));
    expect(outcome.kind === 'report' && outcome.advisories[0]?.ghsa).toBe('GHSA-p6mc-m468-83gw');
  });

  it('reads an empty report as no advisories', () => {
    const outcome = parseAuditOutput(
      JSON.stringify({ actions: [], advisories: {}, muted: [], metadata: { dependencies: 3 } }),
    );
    expect(outcome).toEqual({ kind: 'report', advisories: [], dependencies: 3 });
  });

  it('says the audit did not run when the endpoint fails (recorded on this machine: the registry refuses the POST)', () => {
    const outcome = parseAuditOutput(fixture('pnpm-audit-unavailable.json'));
    expect(outcome.kind).toBe('unavailable');
    expect(outcome.kind === 'unavailable' && outcome.reason).toMatch(
      /^ERR_PNPM_AUDIT_BAD_RESPONSE: .*405/,
    );
  });

  it('says the audit did not run on output that is not a report, rather than passing', () => {
    expect(parseAuditOutput('').kind).toBe('unavailable');
    expect(parseAuditOutput('ERR_PNPM_FETCH timeout').kind).toBe('unavailable');
    expect(parseAuditOutput('{"advisories": {"1": {"id": 1}}}').kind).toBe('unavailable');
  });

  it("flags advisories hidden by pnpm's own auditConfig, which has no reason or expiry", () => {
    expect(
      auditConfigIgnores([{ name: 'pnpm-workspace.yaml', settings: { packages: ['apps/*'] } }]),
    ).toEqual([]);
    expect(auditConfigIgnores([{ name: 'package.json', settings: null }])).toEqual([]);
    expect(
      auditConfigIgnores([
        {
          name: 'pnpm-workspace.yaml',
          settings: { auditConfig: { ignoreGhsas: ['GHSA-p6mc-m468-83gw'] } },
        },
      ]),
    ).toEqual([expect.stringContaining('ignores GHSA-p6mc-m468-83gw')]);
  });
});
