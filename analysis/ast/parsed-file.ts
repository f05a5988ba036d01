import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ScopeManager } from './scope.js';

/**
 * One parsed file, as every analysis takes it: the ESTree program, its scope manager and the
 * text its ranges index into. A rule builds it from `context.sourceCode` (`ast`,
 * `scopeManager`, `text`), a codemod gets it from `parseModule`.
 */
export interface ParsedFile {
  program: TSESTree.Program;
  scopeManager: ScopeManager;
  sourceText: string;
}
