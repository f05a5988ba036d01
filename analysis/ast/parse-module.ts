import { analyze } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { parseWithOxc } from './oxc-parse.js';
import type { ParsedFile } from './parsed-file.js';

/**
 * The last few parses, newest last. The CLI parses a file once to report syntax errors, then
 * runs four transforms over it, each of which parses it again (a transform must work alone
 * under jscodeshift's runner); a transform that changes nothing leaves the text as it was, so
 * the next one gets the same tree back instead of a fresh parse. The trees are read-only to
 * every caller (transforms edit text, never the AST), so sharing them is safe.
 */
const require = createRequire(import.meta.url);

const recentParses: { filePath: string; code: string; parsed: ParsedFile }[] = [];
const RECENT_PARSES_KEPT = 2;

/**
 * Parses a file into the same ESTree + scope shape ESLint hands our rules, so the codemods
 * run the very detection code the rules run (the rules get both from `context.sourceCode`).
 * Throws the parser's error (with `lineNumber`/`column`) on invalid syntax.
 */
export function parseModule(code: string, filePath: string): ParsedFile {
  const recent = recentParses.find((entry) => entry.filePath === filePath && entry.code === code);
  if (recent !== undefined) return recent.parsed;
  const parsed = parseUncached(code, filePath);
  recentParses.push({ filePath, code, parsed });
  if (recentParses.length > RECENT_PARSES_KEPT) recentParses.shift();
  return parsed;
}

function parseUncached(code: string, filePath: string): ParsedFile {
  const program = parseWithOxc(code, filePath) ?? parseWithTypescriptEstree(code, filePath);
  const scopeManager = analyze(program, { sourceType: 'module' });
  return { program, scopeManager, sourceText: code };
}

/** The fallback (no oxc binary for the platform) and the parser of every file oxc reports an error in: its errors are the ones users see. */
function parseWithTypescriptEstree(code: string, filePath: string): TSESTree.Program {
  const extension = extname(filePath).toLowerCase();
  // Required only here: loading typescript-estree loads TypeScript.
  const { parse } = require('@typescript-eslint/typescript-estree') as typeof import('@typescript-eslint/typescript-estree');
  return parse(code, {
    range: true,
    loc: true,
    comment: true,
    tokens: false,
    // .ts must not parse JSX: `<T>value` is a type assertion there.
    jsx: extension === '.tsx' || extension === '.jsx' || extension === '.js' || extension === '.mjs' || extension === '.cjs',
    filePath,
  });
}
