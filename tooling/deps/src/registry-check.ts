/**
 * ASVS 14.2.4: every package comes from registry.npmjs.org. In lockfile v9 a package fetched from
 * the configured registry has a resolution of exactly `{ integrity }`; a git dependency, a tarball
 * URL or a local directory shows as `repo`/`commit`, `tarball` or `directory` instead, and its key
 * carries the URL or path in place of a version. So: every resolution is an integrity hash alone
 * (SHA-512, not the SHA-1 some old packages still have), every version is a version, every
 * `link:` points at a workspace package, and no `.npmrc` line moves the registry elsewhere.
 */
import type { Lockfile } from './lockfile.ts';
import { joinPath, splitKey } from './lockfile.ts';

const NPM_REGISTRY = 'https://registry.npmjs.org/';

const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const SHA512 = /^sha512-[A-Za-z0-9+/]{86}==$/;

export function registryProblems(lockfile: Lockfile, npmrc: string): string[] {
  const problems: string[] = [];

  for (const [key, { resolution }] of Object.entries(lockfile.packages)) {
    const { version } = splitKey(key);
    if (!VERSION.test(version)) problems.push(`${key}: not a registry version`);
    const fields = Object.keys(resolution).sort();
    if (fields.length !== 1 || fields[0] !== 'integrity') {
      problems.push(
        `${key}: resolution has ${fields.join(', ')}; a registry package has only an integrity hash`,
      );
    }
    const integrity = resolution['integrity'];
    if (typeof integrity !== 'string' || !SHA512.test(integrity)) {
      problems.push(
        `${key}: integrity is ${typeof integrity === 'string' ? integrity.split('-')[0] : 'missing'}, not sha512`,
      );
    }
  }

  // A link outside the workspace (another checkout, a vendored folder) has no package entry.
  const importerPaths = new Set(Object.keys(lockfile.importers));
  for (const [path, importer] of Object.entries(lockfile.importers)) {
    for (const deps of [
      importer.dependencies,
      importer.optionalDependencies,
      importer.devDependencies,
    ]) {
      for (const [name, { version }] of Object.entries(deps ?? {})) {
        if (!version.startsWith('link:')) continue;
        const to = joinPath(path, version.slice('link:'.length));
        if (!importerPaths.has(to))
          problems.push(`${path} > ${name}: links to ${to}, which is not a workspace package`);
      }
    }
  }

  for (const line of npmrc.split(/\r?\n/)) {
    const m = /^\s*((?:@[^:\s]+:)?registry)\s*=\s*(\S+)\s*$/.exec(line);
    if (m && m[2] !== NPM_REGISTRY && m[2] !== NPM_REGISTRY.slice(0, -1)) {
      problems.push(`.npmrc: ${m[1]} is ${m[2]}, not ${NPM_REGISTRY}`);
    }
  }
  return problems;
}
