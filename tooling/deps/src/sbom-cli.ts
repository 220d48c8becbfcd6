/**
 * `pnpm sbom [--out sbom/acct.cdx.json]`: writes the CycloneDX JSON SBOM of the production
 * dependency tree from pnpm-lock.yaml (offline: the lockfile holds names, versions and hashes),
 * then checks it (schema, lockfile hash, every production package per `pnpm ls --prod`) and
 * exits 1 if any check fails. Run from the repository root, as the root script does.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { productionGraph, readLockfile } from './lockfile.ts';
import { buildSbom, serializeSbom, sha256, SPEC } from './sbom.ts';
import { checkSbom, pnpmProductionPackages } from './sbom-check.ts';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'sbom/acct.cdx.json' } },
});
const root = process.cwd();
const out = values.out;

const { lockfile, text: lockfileText } = readLockfile(join(root, 'pnpm-lock.yaml'));
const workspaceNames = new Map(
  Object.keys(lockfile.importers).map((path) => {
    const manifest = JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8')) as {
      name?: string;
    };
    return [path, manifest.name ?? path] as const;
  }),
);
const graph = productionGraph(lockfile);
const text = serializeSbom(buildSbom({ graph, lockfileText, workspaceNames }));
mkdirSync(dirname(join(root, out)), { recursive: true });
writeFileSync(join(root, out), text);

const production = pnpmProductionPackages(root);
const { problems, components } = await checkSbom(text, lockfileText, production);
const packages = [...graph.packages.values()];
const required = packages.filter((p) => p.required).length;
console.log(
  `sbom: wrote ${out}: CycloneDX ${SPEC.version}, ${components} components ` +
    `(${required} required, ${packages.length - required} optional, ${components - packages.length} workspace packages), ` +
    `from pnpm-lock.yaml sha256 ${sha256(lockfileText).slice(0, 12)}…`,
);
if (problems.length > 0) {
  console.error(`sbom: FAILED\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `sbom: valid CycloneDX; lists all ${production.size} production packages that pnpm ls --prod reports`,
);
