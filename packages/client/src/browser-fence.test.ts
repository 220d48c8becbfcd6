import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The browser imports @acct/schema and @acct/client. Until the ESLint fence exists, this test
// keeps Node-only code out of them: no node:* modules, no database, no server-side values.
const packagesDir = fileURLToPath(new URL('../../', import.meta.url));
const browserPackages = ['schema', 'client'];
const forbidden = [
  /^node:/,
  /^(fs|path|crypto|os|child_process|worker_threads)$/,
  /^@acct\/(db|api|rest)/,
];

/** Module specifiers of value imports and re-exports (`import type` / `export type` are erased). */
const valueImports = (source: string) =>
  [...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gms)].map(
    (m) => m[1]!,
  );

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('browser packages', () => {
  for (const name of browserPackages) {
    it(`@acct/${name} imports nothing Node-only (types from @acct/api excepted)`, () => {
      const files = sources(join(packagesDir, name, 'src'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        for (const specifier of valueImports(readFileSync(file, 'utf8'))) {
          const fenced = forbidden.some((pattern) => pattern.test(specifier));
          expect(fenced, `${file} imports ${specifier}`).toBe(false);
        }
      }
    });
  }
});
