import type { TSESLint } from '@typescript-eslint/utils';
import { isAbsolute } from 'node:path';
import { fileLooksLikeLambda, lambdaSignalsOf, packageLooksLikeLambda } from '../../analysis/lambda-scope/index.js';
import { readSettings } from './settings.js';

const verdictBySourceCode = new WeakMap<object, boolean>();

/**
 * Whether the linted file is Lambda code, per `settings['prisma-aurora-fix'].lambda`:
 * `'always'`, `'never'`, or `'auto'` (default): the file imports a Lambda-only package or
 * exports a handler, or its package is deployed to Lambda (docs/lambda-scope.md).
 * Computed once per file and shared by every rule that asks.
 */
export function isLambdaCode(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const { lambda } = readSettings(context);
  if (lambda === 'always') return true;
  if (lambda === 'never') return false;
  const sourceCode = context.sourceCode;
  const cached = verdictBySourceCode.get(sourceCode);
  if (cached !== undefined) return cached;
  const filename = context.filename;
  const verdict =
    fileLooksLikeLambda(lambdaSignalsOf(sourceCode.ast)) ||
    // `<input>` / `<text>` (stdin, editors without a path) has no package to look at.
    (isAbsolute(filename) ? packageLooksLikeLambda(filename) : false);
  verdictBySourceCode.set(sourceCode, verdict);
  return verdict;
}
