// One flat config for the whole tree, with type information from each package's tsconfig.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node built-ins, with and without the `node:` scheme, for the browser fence. */
const nodeBuiltins = [
  'node:*',
  ...[
    'fs',
    'path',
    'crypto',
    'os',
    'child_process',
    'worker_threads',
    'http',
    'net',
    'stream',
    'url',
    'util',
    'process',
    'buffer',
    'events',
    'module',
    'zlib',
  ].flatMap((name) => [name, `${name}/*`]),
];

/**
 * Code that runs in the browser (the SPA and the packages it imports) may not import Node or
 * server code. Types from @acct/api are fine: the typed client is built on the router's type.
 */
export const browserFence = {
  name: 'acct/browser-fence',
  files: ['apps/web/src/**', 'packages/schema/src/**', 'packages/client/src/**'],
  // Tests run in Node (or jsdom on Node), never in a browser.
  ignores: ['**/*.test.ts', '**/*.test.tsx', 'apps/web/src/test-*'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: [
          {
            name: '@acct/api',
            allowTypeImports: true,
            message: 'Browser code takes only types from @acct/api.',
          },
        ],
        patterns: [
          { group: nodeBuiltins, message: 'Browser code cannot use Node built-ins.' },
          {
            group: [
              '@acct/db',
              '@acct/db/*',
              '@acct/rest',
              '@acct/rest/*',
              '@acct/server',
              '@acct/server/*',
            ],
            message: 'Browser code cannot import server packages.',
          },
          {
            group: ['@acct/api/*'],
            allowTypeImports: true,
            message: 'Browser code takes only types from @acct/api.',
          },
        ],
      },
    ],
  },
};

/**
 * Configuration comes from the environment in one place (apps/server/src/env.ts, parsed by zod),
 * plus the bench's own config module. Tests and tools that start processes pass it on.
 */
export const oneEnvReader = {
  name: 'acct/one-env-reader',
  files: ['apps/**', 'packages/**'],
  ignores: [
    'apps/server/src/env.ts',
    'apps/bench/src/config.ts',
    '**/*.test.ts',
    '**/*.test.tsx',
    '**/testing/**',
    'apps/web/e2e/**',
    '**/*.config.ts',
  ],
  rules: {
    'no-restricted-properties': [
      'error',
      {
        object: 'process',
        property: 'env',
        message: 'Read configuration in apps/server/src/env.ts.',
      },
    ],
    'no-restricted-imports': [
      'error',
      {
        paths: [
          {
            name: 'node:process',
            importNames: ['env'],
            message: 'Read configuration in apps/server/src/env.ts.',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  {
    name: 'acct/ignores',
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      'apps/web/artifacts/**',
      'packages/db/migrations/**',
      'sbom/**',
      'data/**',
      'data-bench/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    name: 'acct/typescript',
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'tooling/*/src/*.js', 'tooling/*/src/*.mjs'],
        },
        tsconfigRootDir: process.cwd(),
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Fastify's plugins and hooks are async by contract, awaited or not.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Plain JavaScript (configs, the postinstall step) has no types to check against.
  {
    name: 'acct/javascript',
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Vitest's asymmetric matchers (expect.any, expect.objectContaining) are typed `any`.
  {
    name: 'acct/tests',
    files: ['**/*.test.ts', '**/*.test.tsx', 'apps/web/e2e/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    name: 'acct/browser-globals',
    files: ['apps/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  browserFence,
  oneEnvReader,
);
