import type { TSESTree } from '@typescript-eslint/utils';
import { planLogQueryRemoval, type LogQueryEntry } from '../analysis/prisma-client/index.js';
import { createRule } from './util/create-rule.js';
import { lambdaPrismaClientAnalysis } from './util/prisma-client-analysis.js';

type MessageIds = 'queryLogging' | 'removeQueryLevel';

export default createRule<[], MessageIds>({
  name: 'no-query-logging',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow the 'query' log level on PrismaClient in Lambda code",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      queryLogging:
        "PrismaClient `log` includes 'query' in Lambda code: every SQL statement and its parameters go to CloudWatch Logs on every invocation, which costs money, exposes data and slows each query.",
      removeQueryLevel: "Remove the 'query' log level.",
    },
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      Program(program: TSESTree.Program) {
        const analysis = lambdaPrismaClientAnalysis(context, program);
        if (!analysis) return;
        // One `const logLevels = [...]` can serve several clients: report each entry once.
        const entries = new Map<string, LogQueryEntry>();
        for (const construction of analysis.constructions) {
          for (const entry of construction.logQueryEntries) entries.set(entry.range.join(':'), entry);
        }
        for (const entry of entries.values()) {
          context.report({
            loc: { start: sourceCode.getLocFromIndex(entry.range[0]), end: sourceCode.getLocFromIndex(entry.range[1]) },
            messageId: 'queryLogging',
            suggest: [
              {
                messageId: 'removeQueryLevel',
                fix: (fixer) => planLogQueryRemoval([entry]).map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
              },
            ],
          });
        }
      },
    };
  },
});
