import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge, MAX_DAYS, readAllowList } from './allowlist.ts';
import { type Advisory, parseAuditOutput } from './audit.ts';

// Shaped like pnpm 10's `pnpm audit --prod --json` (the registry's v1 audit report, passed
// through): three real GHSA advisories, one critical, one high, one moderate, details trimmed.
const report = parseAuditOutput(
  readFileSync(new URL('./fixtures/pnpm-audit-report.json', import.meta.url), 'utf8'),
);
if (report.kind !== 'report') throw new Error('fixture did not parse');
const advisories: Advisory[] = report.advisories;
const TODAY = '2026-12-01';

const entry = (over: Record<string, unknown> = {}) => ({
  advisory: 'GHSA-p6mc-m468-83gw',
  package: 'lodash',
  reason: 'only _.zipObjectDeep is affected and no code path reaches it with outside input',
  expires: '2027-01-31',
  ...over,
});

/** The gate's decision: what fails, given the report and the allow-list file's JSON. */
function gate(entries: unknown[], today = TODAY) {
  const allow = readAllowList({ entries }, today);
  const verdict = judge(advisories, allow.entries);
  return {
    ...verdict,
    problems: allow.problems,
    passes: allow.problems.length === 0 && verdict.blocking.length === 0,
  };
}

const ghsas = (list: Advisory[]) => list.map((a) => a.ghsa).sort();

describe('the audit allow-list', () => {
  it('fails on every high or critical advisory that is not allowed, and only on those', () => {
    const result = gate([]);
    expect(result.passes).toBe(false);
    expect(ghsas(result.blocking)).toEqual(['GHSA-p6mc-m468-83gw', 'GHSA-xvch-5gv4-984h']);
    expect(result.blocking.map((a) => a.severity).sort()).toEqual(['critical', 'high']);
  });

  it('passes when each high and critical advisory is allowed with a reason, and a moderate one never fails', () => {
    const result = gate([
      entry(),
      entry({ advisory: 'GHSA-xvch-5gv4-984h', package: 'minimist', reason: 'build-time only' }),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.blocking).toEqual([]);
    expect(result.passes).toBe(true);
    expect(ghsas(result.allowed.map((a) => a.advisory))).toEqual([
      'GHSA-p6mc-m468-83gw',
      'GHSA-xvch-5gv4-984h',
    ]);
    expect(ghsas(result.other)).toEqual(['GHSA-952p-6rrq-rcjv']);
    expect(result.other[0]?.severity).toBe('moderate');
  });

  it('refuses an entry without a reason, and that entry accepts nothing', () => {
    for (const reason of [undefined, '', '   ']) {
      const result = gate([entry({ reason })]);
      expect(result.passes).toBe(false);
      expect(result.problems).toEqual([
        expect.stringMatching(/^entry 1 \(GHSA-p6mc-m468-83gw\): reason /),
      ]);
      expect(ghsas(result.blocking)).toContain('GHSA-p6mc-m468-83gw');
    }
  });

  it('refuses an expired entry; it is valid through its expiry day', () => {
    expect(gate([entry({ expires: TODAY })]).problems).toEqual([]);
    const result = gate([entry({ expires: '2026-11-30' })]);
    expect(result.passes).toBe(false);
    expect(result.problems).toEqual([expect.stringContaining('expired on 2026-11-30')]);
    expect(ghsas(result.blocking)).toContain('GHSA-p6mc-m468-83gw');
  });

  it(`refuses an expiry more than ${MAX_DAYS} days ahead, a missing or malformed date, and a malformed id`, () => {
    expect(gate([entry({ expires: '2027-05-30' })]).problems).toEqual([]);
    expect(gate([entry({ expires: '2027-05-31' })]).problems).toEqual([
      expect.stringContaining('more than 180 days ahead'),
    ]);
    expect(gate([entry({ expires: '9999-12-31' })]).passes).toBe(false);
    expect(gate([entry({ expires: undefined })]).problems).toEqual([
      expect.stringContaining('expires'),
    ]);
    expect(gate([entry({ expires: '31.01.2027' })]).problems).toEqual([
      expect.stringContaining('expires'),
    ]);
    expect(gate([entry({ advisory: 'CVE-2020-8203' })]).problems).toEqual([
      expect.stringContaining('GHSA id'),
    ]);
  });

  it('matches on the advisory and the package together', () => {
    const result = gate([entry({ package: 'lodash-es' })]);
    expect(ghsas(result.blocking)).toContain('GHSA-p6mc-m468-83gw');
    expect(result.unused).toHaveLength(1);
  });

  it('passes when the report has only advisories below high', () => {
    const moderate = advisories.filter((a) => a.severity === 'moderate');
    expect(moderate).toHaveLength(1);
    expect(judge(moderate, []).blocking).toEqual([]);
  });

  it('is not an allow-list without an entries array', () => {
    expect(readAllowList({ advisories: [] }, TODAY).problems).toEqual([
      expect.stringContaining('not an allow-list'),
    ]);
  });

  it('the committed audit-allowlist.json is a valid allow-list', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../audit-allowlist.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(readAllowList(committed, new Date().toISOString().slice(0, 10)).problems).toEqual([]);
  });
});
