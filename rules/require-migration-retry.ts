import type { TSESTree } from '@typescript-eslint/utils';
import { describeMigration, findMigrationSpawns } from '../analysis/migration-spawn/index.js';
import { createRule } from './util/create-rule.js';
import { isLambdaCode } from './util/lambda.js';
import { mayContainMigrationSpawn } from '../analysis/text-gates.js';

type Options = [{ retryFunctions?: string[] }];
type MessageIds = 'unretriedMigration';

export default createRule<Options, MessageIds>({
  name: 'require-migration-retry',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a retry around Prisma migrations a Lambda runs as a child process',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        properties: {
          retryFunctions: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Names of your own functions that retry the function they are given, besides `runMigration` and names matching /retry|backoff/i.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ retryFunctions: [] }],
    messages: {
      unretriedMigration:
        '`{{command}}` runs with no retry around it: while Aurora Serverless v2 resumes from 0 ACU the CLI fails with "Can\'t reach database server" (P1001) and the deployment fails. Run it through `runMigration()` from prisma-aurora-fix/runtime (the `wrap-migration-runner` codemod does it), or retry it with backoff.',
    },
  },
  defaultOptions: [{ retryFunctions: [] }],
  create(context, [{ retryFunctions = [] }]) {
    const sourceCode = context.sourceCode;
    return {
      Program(program: TSESTree.Program) {
        if (!mayContainMigrationSpawn(sourceCode.text) || !isLambdaCode(context) || !sourceCode.scopeManager) return;
        const file = { program, scopeManager: sourceCode.scopeManager, sourceText: sourceCode.text };
        const spawns = findMigrationSpawns(file, { retryFunctionNames: retryFunctions });
        for (const spawn of spawns) {
          if (spawn.retry !== undefined) continue;
          context.report({
            loc: { start: sourceCode.getLocFromIndex(spawn.calleeRange[0]), end: sourceCode.getLocFromIndex(spawn.range[1]) },
            messageId: 'unretriedMigration',
            data: { command: describeMigration(spawn) },
          });
        }
      },
    };
  },
});
