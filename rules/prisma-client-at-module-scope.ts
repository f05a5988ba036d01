import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './util/create-rule.js';
import { lambdaPrismaClientAnalysis } from './util/prisma-client-analysis.js';

type MessageIds = 'perInvocation' | 'perInvocationHelper';

export default createRule<[], MessageIds>({
  name: 'prisma-client-at-module-scope',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow constructing a PrismaClient on every Lambda invocation instead of once per container',
      recommended: true,
    },
    schema: [],
    messages: {
      perInvocation:
        'PrismaClient is constructed on every invocation of `{{handler}}`: each call opens a new connection pool against Aurora and repeats the client start-up. Construct it once at module scope.',
      perInvocationHelper:
        '`{{helper}}` constructs a new PrismaClient each time `{{handler}}` calls it: every invocation opens a new connection pool against Aurora. Construct it once at module scope, or memoise it in a module-level variable.',
    },
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      Program(program: TSESTree.Program) {
        const analysis = lambdaPrismaClientAnalysis(context, program);
        if (!analysis) return;
        for (const construction of analysis.constructions) {
          const placement = construction.placement;
          if (placement.kind !== 'per-invocation') continue;
          const loc = { start: sourceCode.getLocFromIndex(construction.range[0]), end: sourceCode.getLocFromIndex(construction.range[1]) };
          if (placement.helperName === undefined) {
            context.report({ loc, messageId: 'perInvocation', data: { handler: placement.handlerName } });
          } else {
            context.report({
              loc,
              messageId: 'perInvocationHelper',
              data: { handler: placement.handlerName, helper: placement.helperName },
            });
          }
        }
      },
    };
  },
});
