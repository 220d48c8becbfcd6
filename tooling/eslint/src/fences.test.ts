// The fences of the shared config fire where they should and only there. Lint text is checked
// under real paths of the tree, with the config the tree itself is linted with.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** The rule ids that fire on `code` as if it were the file at `path` (relative to the root). */
async function firing(code: string, path: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  const messages = result?.messages ?? [];
  // A file the config cannot parse would pass every "does not fire" check: fail instead.
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`${path}: ${fatal.message}`);
  return messages.map((message) => message.ruleId ?? '');
}

const FENCE = '@typescript-eslint/no-restricted-imports';
const browserFiles = [
  'apps/web/src/app.tsx',
  'packages/schema/src/user.ts',
  'packages/client/src/index.ts',
];

describe('browser fence', () => {
  const refused = [
    "import { readFileSync } from 'node:fs';\nreadFileSync('x');",
    "import { join } from 'path';\njoin('x');",
    "import { createHash } from 'crypto';\ncreateHash('md5');",
    "import { openSqlite } from '@acct/db/sqlite';\nopenSqlite();",
    "import { restPlugin } from '@acct/rest';\nrestPlugin();",
    "import { buildApp } from '@acct/server/app';\nbuildApp();",
    "import { createAccount } from '@acct/api';\ncreateAccount();",
  ];
  for (const path of browserFiles) {
    for (const code of refused) {
      it(`refuses ${code.split('\n')[0]} in ${path}`, async () => {
        expect(await firing(code, path)).toContain(FENCE);
      });
    }
    it(`lets ${path} take types from @acct/api`, async () => {
      const code = "import type { AppRouter } from '@acct/api';\nexport type Router = AppRouter;\n";
      expect(await firing(code, path)).not.toContain(FENCE);
    });
  }

  it('leaves server code and tests alone', async () => {
    const code =
      "import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x');\n";
    expect(await firing(code, 'apps/server/src/app.ts')).not.toContain(FENCE);
    expect(await firing(code, 'apps/web/src/safe-next.test.ts')).not.toContain(FENCE);
  });
});

describe('one reader of the environment', () => {
  const code = 'export const port = process.env.PORT;\n';

  it('refuses process.env in server, package and bench code', async () => {
    for (const path of [
      'apps/server/src/app.ts',
      'packages/api/src/services.ts',
      'apps/bench/src/bench.ts',
    ]) {
      expect(await firing(code, path), path).toContain('no-restricted-properties');
    }
    const imported = "import { env } from 'node:process';\nexport const port = env.PORT;\n";
    expect(await firing(imported, 'packages/db/src/repo.ts')).toContain('no-restricted-imports');
  });

  it('allows it in apps/server/src/env.ts and the bench config', async () => {
    for (const path of ['apps/server/src/env.ts', 'apps/bench/src/config.ts']) {
      expect(await firing(code, path), path).not.toContain('no-restricted-properties');
    }
  });
});

describe('type rules', () => {
  it('refuses a floating promise, an explicit any and a value import used as a type', async () => {
    const path = 'packages/api/src/services.ts';
    expect(await firing('export async function f() {}\nf();\n', path)).toContain(
      '@typescript-eslint/no-floating-promises',
    );
    expect(await firing('export const f = (x: any) => x;\n', path)).toContain(
      '@typescript-eslint/no-explicit-any',
    );
    expect(
      await firing("import { Services } from './services.ts';\nexport type S = Services;\n", path),
    ).toContain('@typescript-eslint/consistent-type-imports');
  });
});
