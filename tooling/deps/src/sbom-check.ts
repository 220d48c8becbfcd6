/**
 * Checks an SBOM against the lockfile it claims to describe: a CycloneDX document valid against
 * the 1.6 schema, made from this very pnpm-lock.yaml (its SHA-256 in the metadata), and listing
 * every production package. What "every production package" is comes from pnpm itself
 * (`pnpm ls --prod`), not from the walk that made the SBOM, so the two derivations check each other.
 */
import { spawnSync } from 'node:child_process';
import { z } from 'zod';
import { LOCKFILE_PROPERTY, schemaErrors, sha256 } from './sbom.ts';

interface LsNode {
  from?: string;
  version: string;
  dependencies?: Record<string, LsNode>;
  optionalDependencies?: Record<string, LsNode>;
}
const lsNode: z.ZodType<LsNode> = z.lazy(() =>
  z.object({
    from: z.string().optional(),
    version: z.string(),
    dependencies: z.record(z.string(), lsNode).optional(),
    optionalDependencies: z.record(z.string(), lsNode).optional(),
  }),
);
const lsOutput = z.array(
  z.object({
    dependencies: z.record(z.string(), lsNode).optional(),
    optionalDependencies: z.record(z.string(), lsNode).optional(),
  }),
);

/** `name@version` of every package pnpm counts as production in the workspace, read from the lockfile. */
export function pnpmProductionPackages(cwd: string): Set<string> {
  const run = spawnSync(
    'pnpm',
    ['ls', '--recursive', '--prod', '--depth', 'Infinity', '--lockfile-only', '--json'],
    {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (run.error) throw run.error;
  if (run.status !== 0)
    throw new Error(`pnpm ls failed (${run.status}): ${run.stderr || run.stdout}`);
  const found = new Set<string>();
  // pnpm prints a subtree once and marks other occurrences `deduped`, possibly under a workspace
  // link of another project: walk the links' subtrees too, or packages go missing.
  const walk = (deps: Record<string, LsNode> | undefined): void => {
    for (const [alias, node] of Object.entries(deps ?? {})) {
      if (!node.version.startsWith('link:')) found.add(`${node.from ?? alias}@${node.version}`);
      walk(node.dependencies);
      walk(node.optionalDependencies);
    }
  };
  for (const project of lsOutput.parse(JSON.parse(run.stdout))) {
    walk(project.dependencies);
    walk(project.optionalDependencies);
  }
  return found;
}

const sbomShape = z.object({
  bomFormat: z.string(),
  specVersion: z.string(),
  metadata: z
    .object({ properties: z.array(z.object({ name: z.string(), value: z.string() })).default([]) })
    .optional(),
  components: z
    .array(
      z.object({ group: z.string().optional(), name: z.string(), version: z.string().optional() }),
    )
    .default([]),
});

export interface SbomSummary {
  problems: string[];
  components: number;
}

export async function checkSbom(
  text: string,
  lockfileText: string,
  production: Set<string>,
): Promise<SbomSummary> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`not JSON: ${(error as Error).message}`], components: 0 };
  }
  const sbom = sbomShape.safeParse(json);
  if (!sbom.success)
    return { problems: [`not an SBOM: ${z.prettifyError(sbom.error)}`], components: 0 };
  const problems: string[] = [];
  if (sbom.data.bomFormat !== 'CycloneDX')
    problems.push(`bomFormat is ${sbom.data.bomFormat}, not CycloneDX`);
  const invalid = await schemaErrors(text);
  if (invalid !== null)
    problems.push(
      `not valid CycloneDX ${sbom.data.specVersion}: ${JSON.stringify(invalid).slice(0, 1000)}`,
    );

  const recorded = sbom.data.metadata?.properties.find((p) => p.name === LOCKFILE_PROPERTY)?.value;
  if (recorded !== sha256(lockfileText)) {
    problems.push(
      `made from ${recorded ? 'another' : 'an unnamed'} pnpm-lock.yaml (${LOCKFILE_PROPERTY} ${recorded ?? 'missing'})`,
    );
  }

  const listed = new Set(
    sbom.data.components.map((c) => `${c.group ? `${c.group}/` : ''}${c.name}@${c.version ?? ''}`),
  );
  const missing = [...production].filter((p) => !listed.has(p)).sort();
  if (missing.length > 0) {
    problems.push(
      `${missing.length} production packages missing: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}`,
    );
  }
  return { problems, components: sbom.data.components.length };
}
