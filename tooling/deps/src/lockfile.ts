/**
 * pnpm-lock.yaml (lockfile v9), read as data: the part of its shape the checks and the SBOM use,
 * and the production graph, walked the way `pnpm audit --prod` walks it (every importer's
 * `dependencies` and `optionalDependencies`, then each snapshot's, never `devDependencies`).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const importerDeps = z.record(z.string(), z.object({ specifier: z.string(), version: z.string() }));
const snapshotDeps = z.record(z.string(), z.string());

const lockfileSchema = z.object({
  lockfileVersion: z.literal('9.0'),
  importers: z.record(
    z.string(),
    z.object({
      dependencies: importerDeps.optional(),
      optionalDependencies: importerDeps.optional(),
      devDependencies: importerDeps.optional(),
    }),
  ),
  // Loose on purpose: the registry check reports a git, tarball or directory resolution by name
  // instead of failing to parse it.
  packages: z
    .record(z.string(), z.object({ resolution: z.record(z.string(), z.unknown()) }))
    .default({}),
  snapshots: z
    .record(
      z.string(),
      z
        .object({
          dependencies: snapshotDeps.optional(),
          optionalDependencies: snapshotDeps.optional(),
        })
        .nullable(),
    )
    .default({}),
});
export type Lockfile = z.infer<typeof lockfileSchema>;

export function parseLockfile(text: string): Lockfile {
  return lockfileSchema.parse(parse(text));
}

export function readLockfile(path: string): { lockfile: Lockfile; text: string } {
  const text = readFileSync(path, 'utf8');
  return { lockfile: parseLockfile(text), text };
}

/** `drizzle-orm@0.45.4(better-sqlite3@12.11.1)` → `drizzle-orm@0.45.4`: the package, without the peers it was resolved with. */
function packageKey(snapshotKey: string): string {
  const paren = snapshotKey.indexOf('(');
  return paren === -1 ? snapshotKey : snapshotKey.slice(0, paren);
}

/** `@img/sharp-linux-x64@0.34.5` → name `@img/sharp-linux-x64`, version `0.34.5`. */
export function splitKey(key: string): { name: string; version: string } {
  const at = key.indexOf('@', 1);
  if (at === -1) throw new Error(`not a name@version key: ${key}`);
  return { name: key.slice(0, at), version: key.slice(at + 1) };
}

/**
 * The snapshot a dependency entry points at. An entry's value is a version (with peers), an
 * alias target (`string-width@4.2.3` under the name `string-width-cjs`) or a workspace `link:`.
 */
function target(name: string, ref: string): { snapshot: string } | { link: string } {
  if (ref.startsWith('link:')) return { link: ref.slice('link:'.length) };
  return /^(@[^/@]+\/)?[^@(]+@/.test(ref) ? { snapshot: ref } : { snapshot: `${name}@${ref}` };
}

/** An importer path joined with a `link:` path, as the lockfile's importer keys spell it. */
export function joinPath(importer: string, relative: string): string {
  const parts = importer === '.' ? [] : importer.split('/');
  for (const part of relative.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

interface ProductionPackage {
  /** `name@version`, the key of `packages` in the lockfile. */
  key: string;
  name: string;
  version: string;
  resolution: Record<string, unknown>;
  /** Reached through `dependencies` alone from some importer; otherwise only through an optional edge. */
  required: boolean;
  /** Keys of the packages it depends on (dependencies and optionalDependencies). */
  dependsOn: Set<string>;
}

export interface ProductionGraph {
  packages: Map<string, ProductionPackage>;
  /** Importer path → the package keys and the importer paths (workspace links) it depends on in production. */
  importers: Map<string, { packages: Set<string>; workspace: Set<string> }>;
}

/** Every package a production install of the whole workspace contains, with its edges. */
export function productionGraph(lockfile: Lockfile): ProductionGraph {
  const packages = new Map<string, ProductionPackage>();
  const importers: ProductionGraph['importers'] = new Map();
  const required = new Set<string>();

  const visit = (snapshot: string, viaRequired: boolean, trail: string): void => {
    const key = packageKey(snapshot);
    let node = packages.get(key);
    const first = node === undefined;
    if (node === undefined) {
      const info = lockfile.packages[key];
      if (info === undefined)
        throw new Error(`pnpm-lock.yaml: ${trail} needs ${key}, which is not in packages`);
      node = {
        key,
        ...splitKey(key),
        resolution: info.resolution,
        required: false,
        dependsOn: new Set(),
      };
      packages.set(key, node);
    }
    const becomesRequired = viaRequired && !required.has(key);
    if (becomesRequired) {
      required.add(key);
      node.required = true;
    }
    // Walk a snapshot again only when it turns required, so that status reaches its dependencies.
    if (!first && !becomesRequired) return;
    const snap = lockfile.snapshots[snapshot];
    if (snap === undefined)
      throw new Error(`pnpm-lock.yaml: ${trail} needs snapshot ${snapshot}, which is missing`);
    for (const [deps, optional] of [
      [snap?.dependencies, false],
      [snap?.optionalDependencies, true],
    ] as const) {
      for (const [name, ref] of Object.entries(deps ?? {})) {
        const to = target(name, ref);
        if ('link' in to)
          throw new Error(`pnpm-lock.yaml: ${snapshot} links ${name} to ${to.link}`);
        node.dependsOn.add(packageKey(to.snapshot));
        visit(to.snapshot, viaRequired && !optional, `${trail} > ${name}`);
      }
    }
  };

  for (const [path, importer] of Object.entries(lockfile.importers)) {
    const edges = { packages: new Set<string>(), workspace: new Set<string>() };
    importers.set(path, edges);
    for (const [deps, optional] of [
      [importer.dependencies, false],
      [importer.optionalDependencies, true],
    ] as const) {
      for (const [name, { version }] of Object.entries(deps ?? {})) {
        const to = target(name, version);
        if ('link' in to) {
          edges.workspace.add(joinPath(path, to.link));
          continue;
        }
        edges.packages.add(packageKey(to.snapshot));
        visit(to.snapshot, !optional, `${path} > ${name}`);
      }
    }
  }
  return { packages, importers };
}
