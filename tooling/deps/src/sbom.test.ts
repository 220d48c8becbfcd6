import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { productionGraph, readLockfile } from './lockfile.ts';
import { registryProblems } from './registry-check.ts';
import { buildSbom, serializeSbom } from './sbom.ts';
import { checkSbom, pnpmProductionPackages } from './sbom-check.ts';

// The real lockfile of this repository, and pnpm's own list of its production packages.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const { lockfile, text: lockfileText } = readLockfile(`${root}/pnpm-lock.yaml`);
const workspaceNames = new Map(
  Object.keys(lockfile.importers).map((path) => [
    path,
    (JSON.parse(readFileSync(`${root}/${path}/package.json`, 'utf8')) as { name: string }).name,
  ]),
);

interface Component {
  group?: string;
  name: string;
  version?: string;
  scope?: string;
  'bom-ref': string;
  hashes?: { alg: string; content: string }[];
}
let production: Set<string>;
let text: string;
let sbom: {
  bomFormat: string;
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
};
const id = (c: Component) => `${c.group ? `${c.group}/` : ''}${c.name}@${c.version ?? ''}`;

beforeAll(() => {
  production = pnpmProductionPackages(root);
  text = serializeSbom(
    buildSbom({ graph: productionGraph(lockfile), lockfileText, workspaceNames }),
  );
  sbom = JSON.parse(text) as typeof sbom;
});

describe('the SBOM of the real lockfile (ASVS 14.2.5)', () => {
  it('is valid CycloneDX and lists every production package pnpm reports', async () => {
    expect(production.size).toBeGreaterThan(100);
    expect(production).toContain('fastify@5.12.8');
    expect(sbom.bomFormat).toBe('CycloneDX');
    expect(await checkSbom(text, lockfileText, production)).toEqual({
      problems: [],
      components: sbom.components.length,
    });
    expect(new Set(sbom.components.filter((c) => c.version !== undefined).map(id))).toEqual(
      production,
    );
  });

  it('includes the native binaries that run in production, as optional, with their tarball hash', () => {
    const byId = new Map(sbom.components.map((c) => [id(c), c]));
    for (const native of [
      '@img/sharp-linux-x64',
      '@img/sharp-libvips-linux-x64',
      '@node-rs/argon2-linux-x64-gnu',
    ]) {
      const component = sbom.components.find((c) => id(c).startsWith(`${native}@`));
      expect(component, native).toBeDefined();
      expect(component?.scope).toBe('optional');
      expect(component?.hashes?.[0]?.alg).toBe('SHA-512');
    }
    expect(byId.get('fastify@5.12.8')?.scope).toBe('required');
  });

  it('leaves out development tools and this SBOM tooling itself', () => {
    const names = new Set(sbom.components.map((c) => (c.group ? `${c.group}/${c.name}` : c.name)));
    for (const dev of [
      'vitest',
      'vite',
      'turbo',
      'tsx',
      'drizzle-kit',
      'jsdom',
      'playwright-core',
      '@cyclonedx/cyclonedx-library',
      'ajv-formats-draft2019',
      'packageurl-js',
    ]) {
      expect(names.has(dev), dev).toBe(false);
    }
  });

  it('says which workspace package brings in what', () => {
    const server = sbom.dependencies.find((d) => d.ref === 'workspace:@acct/server');
    expect(server?.dependsOn).toEqual(
      expect.arrayContaining([
        'workspace:@acct/api',
        'pkg:npm/fastify@5.12.8',
        'pkg:npm/sharp@0.34.5',
      ]),
    );
  });

  it('the check catches a missing package, another lockfile and a document that is not CycloneDX', async () => {
    const without = { ...sbom, components: sbom.components.filter((c) => c.name !== 'fastify') };
    expect((await checkSbom(JSON.stringify(without), lockfileText, production)).problems).toEqual([
      expect.stringMatching(/^1 production packages missing: fastify@5\.12\.8$/),
    ]);
    expect((await checkSbom(text, `${lockfileText}\n`, production)).problems).toEqual([
      expect.stringContaining('made from another pnpm-lock.yaml'),
    ]);
    const spdx = { ...sbom, bomFormat: 'SPDX' };
    expect((await checkSbom(JSON.stringify(spdx), lockfileText, production)).problems).toEqual([
      'bomFormat is SPDX, not CycloneDX',
      expect.stringContaining('not valid CycloneDX'),
    ]);
    expect((await checkSbom('{', lockfileText, production)).problems).toEqual([
      expect.stringContaining('not JSON'),
    ]);
  });
});

describe('the real lockfile (ASVS 14.2.4)', () => {
  it('resolves every package from the npm registry with a sha512 integrity', () => {
    expect(registryProblems(lockfile, readFileSync(`${root}/.npmrc`, 'utf8'))).toEqual([]);
  });
});
