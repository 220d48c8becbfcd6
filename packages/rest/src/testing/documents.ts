import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '../dialect.ts';

// The two API documents sit in ../shared/seeds beside the repository; tests skip without them.
const seeds = fileURLToPath(new URL('../../../../../shared/seeds/', import.meta.url));
const files: Record<DialectName, string> = {
  entry: `${seeds}000_31e9271c3902c596.txt`,
  mall: `${seeds}003_8c6a82821e1cadc3.txt`,
};

export const documentsPresent = Object.values(files).every((file) => existsSync(file));

// entry: markdown sections with 【接口url】 then 【请求方式】; mall: `METHOD title`, then {{host}}/path.
const endpointPatterns: Record<DialectName, RegExp> = {
  entry: /【接口url】\s*\n(?<path>\S+)\s*\n#+\s*【请求方式】\s*\n(?<method>[A-Z]+)/g,
  mall: /^(?<method>GET|POST|PUT|DELETE) .+\n\s*\n?\{\{host\}\}(?<path>\S+)/gm,
};

/** `METHOD /path` of every endpoint a document describes, in its order. */
export function documentedEndpoints(dialect: DialectName): string[] {
  const text = readFileSync(files[dialect], 'utf8');
  return [...text.matchAll(endpointPatterns[dialect])].map(
    ({ groups }) => `${groups!.method} /${groups!.path!.replace(/^\//, '')}`,
  );
}
