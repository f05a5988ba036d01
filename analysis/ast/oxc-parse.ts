import type { TSESTree } from '@typescript-eslint/types';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { positionAt } from './line-position.js';

/**
 * oxc-parser (Rust, prebuilt per platform through npm) gives the TS-ESTree tree the rules read
 * in ~1 ms a file after a ~20 ms load, where typescript-estree needs TypeScript: ~600 ms to load
 * on a 2-core VM, most of a pre-commit run with one Prisma file staged (bench figure 3). Its tree
 * is laid into typescript-estree's exact shape here; `test/analysis/ast/oxc-parse.test.ts`
 * compares the two, node for node, over every fixture. Where oxc has no binary for the
 * platform, or reports any error, the caller parses with typescript-estree instead, so
 * syntax errors read as they always did.
 */

interface OxcComment {
  type: 'Line' | 'Block';
  value: string;
  start: number;
  end: number;
}
interface OxcResult {
  program: Record<string, unknown>;
  comments: OxcComment[];
  errors: unknown[];
  module: { hasModuleSyntax: boolean };
}
interface OxcParser {
  parseSync(filename: string, sourceText: string, options: Record<string, unknown>): OxcResult;
}

const require = createRequire(import.meta.url);
let parser: OxcParser | null | undefined;

/**
 * oxc-parser, or null where it cannot load (no binary for this platform);
 * `PRISMA_AURORA_FIX_PARSER=typescript-estree` turns it off. Loaded once; the CLI loads it before
 * it turns on `v8-compile-cache` (cli/compile-cache.ts), which cannot compile an ES module.
 */
export function oxcParser(): OxcParser | null {
  if (parser !== undefined) return parser;
  parser = null;
  if (process.env.PRISMA_AURORA_FIX_PARSER === 'typescript-estree') return parser;
  try {
    parser = require('oxc-parser') as OxcParser;
  } catch {
    // No binding for this platform: typescript-estree parses instead.
  }
  return parser;
}

/**
 * Properties oxc sets to `null` where typescript-estree leaves them out (undefined), by key for
 * every node type, or by `Type.key` where another node type keeps a `null` there.
 */
const ABSENT_WHEN_NULL = new Set([
  'typeAnnotation',
  'typeParameters',
  'typeArguments',
  'superTypeArguments',
  'returnType',
  'accessibility',
  'directive',
  'constraint',
  'TSTypeParameter.default',
  'RestElement.value',
  'TSDeclareFunction.body',
  'TSMappedType.readonly',
]);
/** Where typescript-estree does keep the `null`. */
const NULL_KEPT = new Set(['TSImportType.typeArguments']);

/** The file's tree as typescript-estree would give it, or undefined when oxc cannot be used or reports an error. */
export function parseWithOxc(code: string, filePath: string): TSESTree.Program | undefined {
  const oxc = oxcParser();
  if (oxc === null) return undefined;
  const extension = extname(filePath).toLowerCase();
  // As typescript-estree reads them (parse-module.ts): .ts never parses JSX, JavaScript always may.
  const lang = extension === '.ts' || extension === '.mts' || extension === '.cts' ? 'ts' : extension === '.tsx' ? 'tsx' : 'jsx';
  const result = oxc.parseSync(filePath, code, { lang, astType: 'ts', sourceType: 'module', range: true, preserveParens: false });
  if (result.errors.length > 0) return undefined;
  // typescript-estree decodes HTML entities in JSX text (`&apos;`), oxc keeps them: such files
  // (rare) are left to typescript-estree rather than decoded by a second entity table.
  if ((lang === 'tsx' || lang === 'jsx') && /&[#\w]+;/.test(code)) return undefined;
  const lineStarts = lineStartsOf(code);
  const program = result.program;
  delete program['hashbang'];
  // typescript-estree: a module when the file has an import, an export or import.meta.
  program['sourceType'] = result.module.hasModuleSyntax ? 'module' : 'script';
  layOut(program, lineStarts);
  program['comments'] = result.comments.map((comment) => ({
    type: comment.type,
    value: comment.value,
    range: [comment.start, comment.end],
    loc: locOf(comment.start, comment.end, lineStarts),
  }));
  return program as unknown as TSESTree.Program;
}

/** Gives every node typescript-estree's `loc`, drops oxc's own `start`/`end` and the `null`s it does not have. */
function layOut(node: Record<string, unknown>, lineStarts: number[]): void {
  const type = node['type'] as string;
  const start = node['start'] as number;
  const end = node['end'] as number;
  delete node['start'];
  delete node['end'];
  node['loc'] = locOf(start, end, lineStarts);
  if (type === 'TSEnumMember') delete node['computed'];
  // oxc sorts a regular expression's flags; typescript-estree keeps them as written.
  const regex = node['regex'] as { flags: string } | undefined;
  if (type === 'Literal' && regex !== undefined) regex.flags = (node['raw'] as string).slice((node['raw'] as string).lastIndexOf('/') + 1);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (value === null) {
      if (!NULL_KEPT.has(`${type}.${key}`) && (ABSENT_WHEN_NULL.has(key) || ABSENT_WHEN_NULL.has(`${type}.${key}`))) delete node[key];
    } else if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) layOut(item, lineStarts);
    } else if (isNode(value)) {
      layOut(value, lineStarts);
    }
  }
}

function isNode(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'start' in value;
}

function lineStartsOf(code: string): number[] {
  const starts = [0];
  // The line breaks typescript-estree (TypeScript's scanner) counts: \r\n, \n, \r, U+2028, U+2029.
  const breaks = /\r\n|[\n\r\u2028\u2029]/g;
  for (let match = breaks.exec(code); match !== null; match = breaks.exec(code)) starts.push(match.index + match[0].length);
  return starts;
}

function positionOf(offset: number, lineStarts: number[]): { line: number; column: number } {
  return positionAt(lineStarts, offset);
}

function locOf(start: number, end: number, lineStarts: number[]): TSESTree.SourceLocation {
  return { start: positionOf(start, lineStarts), end: positionOf(end, lineStarts) };
}
