import { analyze, type ScopeManager } from '@typescript-eslint/scope-manager';
import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { extname } from 'node:path';

export interface ParsedModule {
  ast: TSESTree.Program;
  scopeManager: ScopeManager;
}

/**
 * Parses a file into the same ESTree + scope shape ESLint hands our rules, so the codemods
 * run the very detection code the rules run (the rules get both from `context.sourceCode`).
 * Throws the parser's error (with `lineNumber`/`column`) on invalid syntax.
 */
export function parseModule(code: string, filePath: string): ParsedModule {
  const extension = extname(filePath).toLowerCase();
  const ast = parse(code, {
    range: true,
    loc: true,
    comment: true,
    tokens: false,
    // .ts must not parse JSX: `<T>value` is a type assertion there.
    jsx: extension === '.tsx' || extension === '.jsx' || extension === '.js' || extension === '.mjs' || extension === '.cjs',
    filePath,
  });
  const scopeManager = analyze(ast, { sourceType: 'module' });
  return { ast, scopeManager };
}
