import { describe, expect, it } from 'vitest';
import { parseLockfile, productionGraph } from './lockfile.ts';
import { registryProblems } from './registry-check.ts';

const SHA = (c: string) => `sha512-${c.repeat(86)}==`;

// A small workspace in lockfile v9 form: an app with a production dependency (with a resolved
// peer), an optional one, a workspace link, an alias, and a dev-only tool.
const LOCKFILE = `
lockfileVersion: '9.0'
importers:
  .:
    devDependencies:
      tool: { specifier: ^1.0.0, version: 1.0.0 }
  apps/server:
    dependencies:
      '@acct/api': { specifier: workspace:*, version: link:../../packages/api }
      web: { specifier: ^2.0.0, version: 2.0.0(peer@1.0.0) }
    optionalDependencies:
      native: { specifier: ^1.0.0, version: 1.0.0 }
  packages/api:
    dependencies:
      strip-cjs: { specifier: npm:strip@1.0.0, version: strip@1.0.0 }
packages:
  tool@1.0.0: { resolution: { integrity: ${SHA('a')} } }
  toolchild@1.0.0: { resolution: { integrity: ${SHA('b')} } }
  web@2.0.0: { resolution: { integrity: ${SHA('c')} } }
  peer@1.0.0: { resolution: { integrity: ${SHA('d')} } }
  native@1.0.0: { resolution: { integrity: ${SHA('e')} } }
  '@img/native-linux@1.0.0': { resolution: { integrity: ${SHA('f')} } }
  strip@1.0.0: { resolution: { integrity: ${SHA('g')} } }
snapshots:
  tool@1.0.0:
    dependencies: { toolchild: 1.0.0 }
  toolchild@1.0.0: {}
  web@2.0.0(peer@1.0.0):
    dependencies: { peer: 1.0.0 }
  peer@1.0.0:
    optionalDependencies: { '@img/native-linux': 1.0.0 }
  native@1.0.0:
    optionalDependencies: { '@img/native-linux': 1.0.0 }
  '@img/native-linux@1.0.0': {}
  strip@1.0.0: {}
`;

describe('the production graph of a lockfile', () => {
  const graph = productionGraph(parseLockfile(LOCKFILE));

  it('holds every importer’s dependencies and optionalDependencies, transitively, and no devDependencies', () => {
    expect([...graph.packages.keys()].sort()).toEqual([
      '@img/native-linux@1.0.0',
      'native@1.0.0',
      'peer@1.0.0',
      'strip@1.0.0',
      'web@2.0.0',
    ]);
  });

  it('marks as optional what only optional edges reach', () => {
    const required = (key: string) => graph.packages.get(key)?.required;
    expect(required('web@2.0.0')).toBe(true);
    expect(required('peer@1.0.0')).toBe(true);
    expect(required('native@1.0.0')).toBe(false);
    expect(required('@img/native-linux@1.0.0')).toBe(false);
  });

  it('keys packages without their peer suffix, follows aliases to the real package, and keeps workspace links apart', () => {
    expect(graph.packages.get('web@2.0.0')?.dependsOn).toEqual(new Set(['peer@1.0.0']));
    expect(graph.packages.get('strip@1.0.0')).toMatchObject({ name: 'strip', version: '1.0.0' });
    expect(graph.importers.get('apps/server')).toEqual({
      packages: new Set(['web@2.0.0', 'native@1.0.0']),
      workspace: new Set(['packages/api']),
    });
    expect(graph.packages.get('@img/native-linux@1.0.0')).toMatchObject({
      name: '@img/native-linux',
      version: '1.0.0',
    });
  });

  it('fails loudly on a snapshot that the lockfile lacks', () => {
    const broken = LOCKFILE.replace('  strip@1.0.0: {}\n', '');
    expect(() => productionGraph(parseLockfile(broken))).toThrow(/strip@1.0.0/);
  });
});

describe('the registry check (ASVS 14.2.4)', () => {
  const problems = (lockfile: string, npmrc = '') =>
    registryProblems(parseLockfile(lockfile), npmrc);

  it('passes registry packages with a sha512 integrity', () => {
    expect(
      problems(LOCKFILE, 'engine-strict=false\nregistry=https://registry.npmjs.org/\n'),
    ).toEqual([]);
  });

  it('refuses a git dependency, a tarball URL, a local directory and a sha1-only integrity', () => {
    const add = (entry: string) => LOCKFILE.replace('snapshots:', `  ${entry}\nsnapshots:`);
    expect(
      problems(
        add(
          "x@git+https://github.com/a/x.git#0a1b: { resolution: { type: git, repo: 'https://github.com/a/x.git', commit: 0a1b } }",
        ),
      ),
    ).toEqual([
      expect.stringContaining('not a registry version'),
      expect.stringContaining('resolution has commit, repo, type'),
      expect.stringContaining('integrity is missing'),
    ]);
    expect(
      problems(
        add(
          "x@https://example.com/x-1.0.0.tgz: { resolution: { tarball: 'https://example.com/x-1.0.0.tgz', integrity: " +
            SHA('h') +
            ' } }',
        ),
      ),
    ).toEqual([
      expect.stringContaining('not a registry version'),
      expect.stringContaining('resolution has integrity, tarball'),
    ]);
    expect(
      problems(add('x@file:../x: { resolution: { directory: ../x, type: directory } }')),
    ).toHaveLength(3);
    expect(
      problems(add('x@1.0.0: { resolution: { integrity: sha1-Ot4mL5r9SzoT8Bra4WRjXhO6wFY= } }')),
    ).toEqual([expect.stringContaining('integrity is sha1, not sha512')]);
  });

  it('refuses a link outside the workspace and an .npmrc that moves the registry', () => {
    const outside = LOCKFILE.replace('link:../../packages/api', 'link:../../../elsewhere');
    expect(problems(outside)).toEqual([
      expect.stringContaining('which is not a workspace package'),
    ]);
    expect(problems(LOCKFILE, '@acct:registry=https://npm.example.com/\n')).toEqual([
      expect.stringContaining('@acct:registry is https://npm.example.com/'),
    ]);
  });
});
