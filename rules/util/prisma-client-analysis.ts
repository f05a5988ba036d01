import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analyzePrismaClients, type PrismaClientAnalysis } from '../../analysis/prisma-client/index.js';
import { isLambdaCode } from './lambda.js';
import { mayConstructPrismaClient } from '../../analysis/text-gates.js';

/**
 * The linted file's PrismaClient analysis (analysis/prisma-client/, computed once per AST
 * for every rule that asks), or `undefined` when a Lambda-only rule has nothing to check:
 * the file never mentions `PrismaClient`, or it is not Lambda code.
 */
export function lambdaPrismaClientAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  program: TSESTree.Program,
): PrismaClientAnalysis | undefined {
  const sourceCode = context.sourceCode;
  // The text test first: it is cheaper than the Lambda verdict, which may read package.json.
  if (!mayConstructPrismaClient(sourceCode.text) || !isLambdaCode(context) || !sourceCode.scopeManager) return undefined;
  // ESLint's scope manager (eslint-scope for JavaScript) has the shape the analysis reads.
  return analyzePrismaClients({ program, scopeManager: sourceCode.scopeManager, sourceText: sourceCode.text });
}
