/**
 * The CycloneDX SBOM of the production dependency tree (ASVS 14.2.5), built from pnpm-lock.yaml
 * with the CycloneDX project's own library (models, PURLs, JSON serializer, schema validator).
 *
 * Why not a ready-made generator: pnpm 10 has no `pnpm sbom` (it arrives with pnpm 11, which needs
 * Node 22); cdxgen's `--required-only` drops optionalDependencies, which are the native binaries
 * that actually run here (sharp's libvips, argon2's `.node`), and without it the dev tools come
 * along; cyclonedx-npm reads `npm ls`, which does not understand pnpm's layout. The lockfile walk
 * is `productionGraph`; this file only maps it onto the CycloneDX model.
 */
import { createHash } from 'node:crypto';
import { Contrib, Enums, Models, Serialize, Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { PackageURL } from 'packageurl-js';
import type { ProductionGraph } from './lockfile.ts';

export const SPEC = Spec.Spec1dot6;
/** Metadata property holding the SHA-256 of the pnpm-lock.yaml the SBOM was made from. */
export const LOCKFILE_PROPERTY = 'acct:pnpm-lock.yaml:sha256';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function purlOf(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const [namespace, bare] =
    slash === -1 ? [undefined, name] : [name.slice(0, slash), name.slice(slash + 1)];
  return new PackageURL('npm', namespace, bare, version, undefined, undefined).toString();
}

/** The registry's tarball URL; the registry check (14.2.4) holds every package to it. */
function tarballUrl(name: string, version: string): string {
  const bare = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  return `https://registry.npmjs.org/${name}/-/${bare}-${version}.tgz`;
}

export interface SbomInput {
  graph: ProductionGraph;
  lockfileText: string;
  /** Importer path → its package.json name (`apps/server` → `@acct/server`); `.` is the root. */
  workspaceNames: Map<string, string>;
  timestamp?: Date;
}

export function buildSbom({
  graph,
  lockfileText,
  workspaceNames,
  timestamp = new Date(),
}: SbomInput): Models.Bom {
  const rootName = workspaceNames.get('.') ?? 'root';
  const root = new Models.Component(Enums.ComponentType.Application, rootName, {
    bomRef: `workspace:${rootName}`,
  });
  const bom = new Models.Bom({ serialNumber: Contrib.Bom.Utils.randomSerialNumber() });
  bom.metadata.timestamp = timestamp;
  bom.metadata.component = root;
  bom.metadata.lifecycles.add(Enums.LifecyclePhase.PreBuild);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, '@acct/deps', {
      description: 'pnpm sbom (tooling/deps)',
    }),
  );
  bom.metadata.properties.add(new Models.Property(LOCKFILE_PROPERTY, sha256(lockfileText)));

  const byKey = new Map<string, Models.Component>();
  for (const pkg of graph.packages.values()) {
    const slash = pkg.name.startsWith('@') ? pkg.name.indexOf('/') : -1;
    const purl = purlOf(pkg.name, pkg.version);
    const hashes = new Models.HashDictionary();
    const integrity = pkg.resolution['integrity'];
    if (typeof integrity === 'string' && integrity.startsWith('sha512-')) {
      hashes.set(
        Enums.HashAlgorithm['SHA-512'],
        Buffer.from(integrity.slice('sha512-'.length), 'base64').toString('hex'),
      );
    }
    const component = new Models.Component(
      Enums.ComponentType.Library,
      slash === -1 ? pkg.name : pkg.name.slice(slash + 1),
      {
        group: slash === -1 ? undefined : pkg.name.slice(0, slash),
        version: pkg.version,
        purl,
        bomRef: purl,
        scope: pkg.required ? Enums.ComponentScope.Required : Enums.ComponentScope.Optional,
        hashes,
      },
    );
    component.externalReferences.add(
      new Models.ExternalReference(
        tarballUrl(pkg.name, pkg.version),
        Enums.ExternalReferenceType.Distribution,
        { hashes },
      ),
    );
    byKey.set(pkg.key, component);
    bom.components.add(component);
  }
  for (const pkg of graph.packages.values()) {
    const from = byKey.get(pkg.key)!;
    for (const to of pkg.dependsOn) from.dependencies.add(byKey.get(to)!.bomRef);
  }

  // The workspace's own packages that have production dependencies, so the graph says which app
  // brings in what; they are not published, so they have no version or PURL.
  const workspace = new Map<string, Models.Component>();
  for (const [path, edges] of graph.importers) {
    if (path === '.' || (edges.packages.size === 0 && edges.workspace.size === 0)) continue;
    const name = workspaceNames.get(path) ?? path;
    const type = path.startsWith('apps/')
      ? Enums.ComponentType.Application
      : Enums.ComponentType.Library;
    const component = new Models.Component(type, name, { bomRef: `workspace:${name}` });
    workspace.set(path, component);
    bom.components.add(component);
  }
  for (const [path, edges] of graph.importers) {
    const from = path === '.' ? root : workspace.get(path);
    if (from === undefined) continue;
    for (const to of edges.packages) from.dependencies.add(byKey.get(to)!.bomRef);
    for (const to of edges.workspace) {
      const target = workspace.get(to);
      if (target) from.dependencies.add(target.bomRef);
    }
  }
  for (const c of workspace.values()) root.dependencies.add(c.bomRef);
  return bom;
}

export function serializeSbom(bom: Models.Bom): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(SPEC));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

/** Errors of the document against the CycloneDX 1.6 JSON schema (strict), or null when it is valid. */
export async function schemaErrors(json: string): Promise<unknown> {
  return new Validation.JsonStrictValidator(SPEC.version).validate(json);
}
