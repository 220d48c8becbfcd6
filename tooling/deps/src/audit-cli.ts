/**
 * `pnpm audit:deps [--allowlist audit-allowlist.json] [--if-unavailable fail|warn]`: the
 * dependency gate (ASVS 14.2.1, 14.2.4). Run from the repository root, as the root script does.
 *
 * 1. pnpm-lock.yaml: every package from the npm registry with a SHA-512 integrity (14.2.4).
 * 2. The allow-list: every entry well-formed, with a reason, not expired; pnpm's auditConfig ignores none.
 * 3. `pnpm audit --prod --json`: any high or critical advisory that no entry accepts fails.
 *
 * Exit 0: all passed. Exit 1: a finding, a lockfile problem or an allow-list problem. Exit 2: the
 * audit could not run (endpoint refused or unreachable) while everything else passed; that is a
 * failure by default, because "could not look" is not "nothing found". `--if-unavailable warn`
 * turns only that case into a loud warning and exit 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { judge, MAX_DAYS, readAllowList } from './allowlist.ts';
import { type Advisory, auditConfigIgnores, runPnpmAudit } from './audit.ts';
import { readLockfile } from './lockfile.ts';
import { registryProblems } from './registry-check.ts';

const { values } = parseArgs({
  options: {
    allowlist: { type: 'string', default: 'audit-allowlist.json' },
    'if-unavailable': { type: 'string', default: 'fail' },
  },
});
const ifUnavailable = values['if-unavailable'];
if (ifUnavailable !== 'fail' && ifUnavailable !== 'warn') {
  console.error(`audit:deps: --if-unavailable must be fail or warn, not ${ifUnavailable}`);
  process.exit(1);
}
const root = process.cwd();
const today = new Date().toISOString().slice(0, 10);
const problems: string[] = [];
const line = (s = ''): void => console.log(s);
const readText = (path: string): string =>
  existsSync(resolve(root, path)) ? readFileSync(resolve(root, path), 'utf8') : '';

// 1. Where every package comes from.
const { lockfile } = readLockfile(join(root, 'pnpm-lock.yaml'));
const fromRegistry = registryProblems(lockfile, readText('.npmrc'));
problems.push(...fromRegistry.map((p) => `lockfile: ${p}`));
line(
  fromRegistry.length === 0
    ? `lockfile: all ${Object.keys(lockfile.packages).length} packages resolve from registry.npmjs.org with a sha512 integrity`
    : `lockfile: ${fromRegistry.length} problems`,
);

// 2. The allow-list, and nothing that bypasses it.
problems.push(
  ...auditConfigIgnores([
    { name: 'pnpm-workspace.yaml', settings: parse(readText('pnpm-workspace.yaml')) },
    {
      name: 'package.json',
      settings: (JSON.parse(readText('package.json')) as { pnpm?: unknown }).pnpm ?? null,
    },
  ]),
);
const allow = ((): ReturnType<typeof readAllowList> => {
  const text = readText(values.allowlist);
  if (text === '') return { entries: [], problems: ['is missing or empty'] };
  try {
    return readAllowList(JSON.parse(text), today);
  } catch (error) {
    return { entries: [], problems: [`is not JSON: ${(error as Error).message}`] };
  }
})();
problems.push(...allow.problems.map((p) => `${values.allowlist}: ${p}`));
line(
  `allow-list: ${values.allowlist}, ${allow.entries.length} current entries (each expires within ${MAX_DAYS} days), ${allow.problems.length} problems`,
);

// 3. The audit itself.
const show = (a: Advisory): string =>
  `${a.severity.toUpperCase().padEnd(8)} ${a.ghsa} ${a.module}@${a.versions.join(',') || '?'}: ${a.title} (${a.url})` +
  (a.patchedVersions ? `; fixed in ${a.patchedVersions}` : '') +
  (a.paths[0]
    ? `; via ${a.paths[0]}${a.paths.length > 1 ? ` and ${a.paths.length - 1} more` : ''}`
    : '');
const outcome = runPnpmAudit(root);
let unavailable = false;
if (outcome.kind === 'unavailable') {
  unavailable = true;
  line(`pnpm audit --prod: DID NOT RUN: ${outcome.reason}`);
} else {
  const verdict = judge(outcome.advisories, allow.entries);
  line(
    `pnpm audit --prod: ${outcome.advisories.length} advisories${outcome.dependencies ? ` over ${outcome.dependencies} dependencies` : ''}`,
  );
  for (const a of verdict.blocking) line(`  NOT ALLOWED  ${show(a)}`);
  for (const { advisory, entry } of verdict.allowed)
    line(
      `  allowed      ${show(advisory)}\n               until ${entry.expires}: ${entry.reason}`,
    );
  for (const a of verdict.other) line(`  below high   ${show(a)}`);
  for (const e of verdict.unused)
    line(
      `  note: allow-list entry ${e.advisory} (${e.package}) matches no advisory now; remove it`,
    );
  problems.push(
    ...verdict.blocking.map(
      (a) => `${a.severity} advisory ${a.ghsa} in ${a.module} is not allow-listed`,
    ),
  );
}

line();
if (problems.length > 0) {
  console.error(`audit:deps: FAILED\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  if (unavailable) console.error('  - (and the audit itself did not run; see above)');
  process.exit(1);
}
if (unavailable) {
  const banner = '!'.repeat(100);
  console.error(
    `${banner}\n` +
      'audit:deps: THE DEPENDENCY AUDIT DID NOT RUN, so nothing is known about advisories in this tree.\n' +
      'The lockfile and allow-list checks passed. See docs/dependencies.md ("When the audit cannot run").\n' +
      `${banner}`,
  );
  process.exit(ifUnavailable === 'warn' ? 0 : 2);
}
line('audit:deps: passed (no high or critical advisory that the allow-list does not accept)');
