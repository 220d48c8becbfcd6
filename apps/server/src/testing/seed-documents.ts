import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One endpoint as a seed document describes it. */
export interface DocumentedEndpoint {
  dialect: 'entry' | 'mall';
  method: string;
  path: string;
  /** Request fields the document names (mall params, entry body fields). */
  fields: string[];
  /** The example request body, where the document gives one as JSON. */
  requestExample: Record<string, unknown> | null;
  success: Record<string, unknown>;
  error: Record<string, unknown> | null;
}

// ../shared sits beside the repository on every machine and in CI; tests must not fail without it.
const seedsDir = fileURLToPath(new URL('../../../../../shared/seeds/', import.meta.url));
const ENTRY = `${seedsDir}000_31e9271c3902c596.txt`;
const MALL = `${seedsDir}003_8c6a82821e1cadc3.txt`;
export const seedsPresent = existsSync(ENTRY) && existsSync(MALL);

/** The first balanced {...} at or after `from`. */
function jsonAt(
  text: string,
  from: number,
): { value: Record<string, unknown>; end: number } | null {
  const start = text.indexOf('{', from);
  if (start < 0) return null;
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}' && --depth === 0) {
      return { value: JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>, end: i + 1 };
    }
  }
  return null;
}

const lineAfter = (section: string, heading: string) =>
  section
    .split(heading)[1]
    ?.split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0) ?? '';

/** The entry document: markdown sections split by `----`, each with url, method, examples in ``` blocks. */
export function entryEndpoints(): DocumentedEndpoint[] {
  return readFileSync(ENTRY, 'utf8')
    .split(/\n-{4,}\n/)
    .filter((section) => section.includes('【接口url】'))
    .map((section) => {
      const blocks = [...section.matchAll(/```\s*\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
      const json = (text: string) =>
        text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : null;
      const requestPart = section.split('【请求示例】')[1]?.split('【接口响应】')[0] ?? '';
      const requestBlocks = [...requestPart.matchAll(/```\s*\n([\s\S]*?)```/g)].map((m) =>
        json(m[1]!.trim()),
      );
      const bodyTable = section.split(/【请求(?:body|表单)[^】]*】/)[1]?.split('###')[0] ?? '';
      return {
        dialect: 'entry' as const,
        method: lineAfter(section, '【请求方式】'),
        path: `/${lineAfter(section, '【接口url】')}`,
        fields: [...bodyTable.matchAll(/^(\w+)\s*\|/gm)]
          .map((m) => m[1]!)
          .filter((f) => f !== 'name'),
        requestExample: requestBlocks.find((b) => b !== null && !('Authorization' in b)) ?? null,
        success: json(blocks.at(-1) ?? '') ?? {},
        error: null,
      };
    });
}

/** The mall document: plain text, `METHOD title` then `{{host}}/path`, params, success and error JSON. */
export function mallEndpoints(): DocumentedEndpoint[] {
  const text = readFileSync(MALL, 'utf8');
  const heads = [...text.matchAll(/^(GET|POST|PUT|DELETE) .+\n\s*\n?\{\{host\}\}(\S+)/gm)];
  return heads.map((head, i) => {
    const section = text.slice(head.index, heads[i + 1]?.index ?? text.length);
    const params = section.split(/\bparams\b/)[1]?.split(/\bresponse\b/)[0] ?? '';
    const success = jsonAt(section, section.search(/\bsuccess\b/));
    const errorAt = section.search(/\berror\b/);
    return {
      dialect: 'mall' as const,
      method: head[1]!,
      path: head[2]!,
      fields: params
        .split('\n')
        .map((l) => l.trim().split(/[\s:]/)[0]!)
        .filter((f) => /^\w+$/.test(f)),
      requestExample: null,
      success: success?.value ?? {},
      error: errorAt >= 0 ? (jsonAt(section, errorAt)?.value ?? null) : null,
    };
  });
}
