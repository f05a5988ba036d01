import type { TSESTree } from '@typescript-eslint/utils';
import { shortTimeoutFindings, type TimeoutMessageId, type TimeoutSuggestionId } from '../analysis/infrastructure/index.js';
import { mayDeclareDatabaseFunction } from '../analysis/text-gates.js';
import { createRule } from './util/create-rule.js';
import { isInfrastructureCode } from './util/lambda.js';

export default createRule<[], TimeoutMessageId | TimeoutSuggestionId>({
  name: 'no-short-lambda-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow a Lambda timeout shorter than an Aurora Serverless v2 resume for a function that reaches the database',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      shortQueryTimeout:
        '{{construct}} times out after {{timeout}}, but an Aurora cluster of this app pauses at 0 ACU and holds the first connection ~15 s while it resumes: the first request after a pause always fails. Give it {{needed}}: {{arithmetic}}.',
      shortMigrationTimeout:
        '{{construct}} runs at deploy time and times out after {{timeout}}, but a migration against a paused cluster needs {{needed}}: {{arithmetic}}. The deploy fails whenever it finds the cluster paused.',
      raiseTimeout: 'Raise the timeout to {{timeout}}.',
    },
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      Program(program: TSESTree.Program) {
        if (!mayDeclareDatabaseFunction(sourceCode.text) || !isInfrastructureCode(context) || !sourceCode.scopeManager) return;
        const file = { program, scopeManager: sourceCode.scopeManager, sourceText: sourceCode.text };
        for (const finding of shortTimeoutFindings(file, context.filename)) {
          const { suggestion } = finding;
          context.report({
            loc: { start: sourceCode.getLocFromIndex(finding.start), end: sourceCode.getLocFromIndex(finding.end) },
            messageId: finding.messageId,
            data: finding.data,
            suggest: suggestion
              ? [
                  {
                    messageId: suggestion.messageId,
                    data: suggestion.data,
                    fix: (fixer) => suggestion.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
                  },
                ]
              : [],
          });
        }
      },
    };
  },
});
