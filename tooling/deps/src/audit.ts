/**
 * What `pnpm audit --prod --json` prints, read as data. pnpm 10 passes on the registry's audit
 * report (`advisories` keyed by id, each with `module_name`, `severity`, `github_advisory_id`,
 * `findings[].paths`); when the audit endpoint fails it prints `{ "error": { code, message } }`
 * instead. pnpm 11 builds the same shape from the bulk endpoint, with fewer fields per advisory
 * (the GHSA id then only in `url`), so only what both give is required here.
 */
import { spawnSync } from 'node:child_process';
import { z } from 'zod';

const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Severities that fail the check unless allow-listed (ASVS 14.2.1: no high or critical findings). */
export const BLOCKING: ReadonlySet<Severity> = new Set(['high', 'critical']);

const advisorySchema = z.object({
  id: z.union([z.number(), z.string()]),
  module_name: z.string(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  url: z.string(),
  github_advisory_id: z.string().optional(),
  vulnerable_versions: z.string().optional(),
  patched_versions: z.string().optional(),
  findings: z
    .array(z.object({ version: z.string().optional(), paths: z.array(z.string()).default([]) }))
    .default([]),
});

const reportSchema = z.object({
  advisories: z.record(z.string(), advisorySchema),
  metadata: z
    .object({
      vulnerabilities: z.record(z.string(), z.number()).optional(),
      dependencies: z.number().optional(),
      totalDependencies: z.number().optional(),
    })
    .optional(),
});

const errorSchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string() }),
});

export interface Advisory {
  /** GHSA id (the allow-list's key); the registry's numeric id when the report has no GHSA. */
  ghsa: string;
  id: string;
  module: string;
  severity: Severity;
  title: string;
  url: string;
  vulnerableVersions?: string;
  patchedVersions?: string;
  /** Installed versions and `importer>dep>…` paths. */
  versions: string[];
  paths: string[];
}

export type AuditOutcome =
  | { kind: 'report'; advisories: Advisory[]; dependencies?: number }
  /** The audit did not run: the endpoint refused, was unreachable, or answered something else. */
  | { kind: 'unavailable'; reason: string };

const GHSA = /GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/;

export function parseAuditOutput(stdout: string): AuditOutcome {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return {
      kind: 'unavailable',
      reason: `pnpm audit printed no JSON: ${stdout.trim().slice(0, 300) || '(nothing)'}`,
    };
  }
  const error = errorSchema.safeParse(json);
  if (error.success) {
    return {
      kind: 'unavailable',
      reason: `${error.data.error.code ?? 'error'}: ${error.data.error.message}`,
    };
  }
  const report = reportSchema.safeParse(json);
  if (!report.success) {
    return {
      kind: 'unavailable',
      reason: `pnpm audit printed JSON of an unknown shape: ${z.prettifyError(report.error)}`,
    };
  }
  const advisories = Object.values(report.data.advisories).map((a): Advisory => ({
    ghsa: a.github_advisory_id ?? GHSA.exec(a.url)?.[0] ?? String(a.id),
    id: String(a.id),
    module: a.module_name,
    severity: a.severity,
    title: a.title,
    url: a.url,
    vulnerableVersions: a.vulnerable_versions,
    patchedVersions: a.patched_versions,
    versions: [...new Set(a.findings.flatMap((f) => (f.version === undefined ? [] : [f.version])))],
    paths: a.findings.flatMap((f) => f.paths),
  }));
  return { kind: 'report', advisories, dependencies: report.data.metadata?.dependencies };
}

/**
 * Runs `pnpm audit --prod --json` in `cwd` with the pnpm on PATH (the pinned one under
 * `npx pnpm@…`, which puts itself there for scripts). Its exit code says only whether something
 * was found or failed, so the outcome is read from what it printed.
 */
export function runPnpmAudit(cwd: string): AuditOutcome {
  const run = spawnSync('pnpm', ['audit', '--prod', '--json'], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.error)
    return { kind: 'unavailable', reason: `could not run pnpm audit: ${run.error.message}` };
  return parseAuditOutput(run.stdout);
}

const ignores = z
  .object({
    auditConfig: z
      .object({
        ignoreCves: z.array(z.string()).optional(),
        ignoreGhsas: z.array(z.string()).optional(),
      })
      .optional(),
  })
  .nullable()
  .catch(null);

/**
 * pnpm's own `auditConfig.ignoreCves`/`ignoreGhsas` (in pnpm-workspace.yaml or package.json's
 * `pnpm` field) would drop advisories from the report before the allow-list sees them, without a
 * reason or an expiry date: they must stay empty.
 */
export function auditConfigIgnores(sources: { name: string; settings: unknown }[]): string[] {
  return sources.flatMap(({ name, settings }) => {
    const config = ignores.parse(settings)?.auditConfig;
    const ignored = [...(config?.ignoreCves ?? []), ...(config?.ignoreGhsas ?? [])];
    return ignored.length === 0
      ? []
      : [
          `${name}: auditConfig ignores ${ignored.join(', ')}; accept advisories in audit-allowlist.json instead`,
        ];
  });
}
