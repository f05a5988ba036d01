import type { TSESTree } from '@typescript-eslint/utils';
import { idleSessionTimeoutFindings, type IdleTimeoutMessageId, type IdleTimeoutSuggestionId } from '../analysis/infrastructure/index.js';
import { mayDeclarePausingCluster } from '../analysis/text-gates.js';
import { createRule } from './util/create-rule.js';
import { isInfrastructureCode } from './util/lambda.js';

export default createRule<[], IdleTimeoutMessageId | IdleTimeoutSuggestionId>({
  name: 'require-idle-session-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an idle-session timeout shorter than the pause delay on an auto-pausing Aurora Serverless v2 cluster',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      idleTimeoutOff:
        'This Aurora Serverless v2 cluster pauses at 0 ACU, but {{setting}}. Aurora pauses only an instance with no user connections, and frozen Lambdas keep theirs open: the cluster never pauses and bills its minimum capacity around the clock. Set `{{parameter}}` to {{suggested}}, under {{pause}}.',
      idleTimeoutTooLong:
        '`{{parameter}}` is {{value}}, longer than {{pause}} of this cluster: the idle connections of frozen Lambdas keep it running {{value}} after the last request before the pause delay even starts. Set it to {{suggested}}.',
      setIdleTimeout: 'Set `{{parameter}}` to {{suggested}}.',
    },
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      Program(program: TSESTree.Program) {
        if (!mayDeclarePausingCluster(sourceCode.text) || !isInfrastructureCode(context) || !sourceCode.scopeManager) return;
        const file = { program, scopeManager: sourceCode.scopeManager, sourceText: sourceCode.text };
        for (const finding of idleSessionTimeoutFindings(file)) {
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
