import { findMissingLambdaTargets } from '../analysis/binary-targets/index.js';
import type { PrismaSchema } from '../analysis/prisma-schema/index.js';
import { createRule } from './util/create-rule.js';
import { readSettings } from './util/settings.js';

type MessageIds = 'missingTargets' | 'addTargets';

/**
 * A rule of the Prisma schema language (rules/languages/prisma-schema.ts): it runs on
 * `.prisma` files only, and does nothing on a JavaScript file should a config turn it on there.
 */
export default createRule<[], MessageIds>({
  name: 'require-lambda-binary-targets',
  meta: {
    type: 'problem',
    docs: {
      description: "Require the Lambda platforms the project deploys to in a Prisma ≤ 6 schema's `binaryTargets`",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missingTargets:
        'generator `{{generator}}` ships no Prisma query engine for {{missing}}, where the functions run ({{evidence}}): the first query on Lambda fails with "Query engine library for current platform ... could not be found". Add {{missing}} to `binaryTargets`.',
      addTargets: 'Add {{missing}} to `binaryTargets` (keeping what is listed).',
    },
  },
  defaultOptions: [],
  // A schema-only rule: on JavaScript it listens to nothing.
  create: () => ({}),
  createForPrismaSchema(context, sourceCode) {
    return {
      PrismaSchema(schema: PrismaSchema) {
        const { lambda } = readSettings(context);
        for (const finding of findMissingLambdaTargets(schema, sourceCode.text, context.filename, lambda)) {
          const missing = finding.missing.map((target) => `"${target}"`).join(', ');
          const edit = finding.edit;
          context.report({
            loc: { start: sourceCode.getLocFromIndex(finding.range[0]), end: sourceCode.getLocFromIndex(finding.range[1]) },
            messageId: 'missingTargets',
            data: { generator: finding.generatorName, missing, evidence: finding.evidence },
            suggest:
              edit === undefined
                ? []
                : [
                    {
                      messageId: 'addTargets',
                      data: { missing },
                      fix: (fixer) => fixer.replaceTextRange([edit.start, edit.end], edit.text),
                    },
                  ],
          });
        }
      },
    };
  },
});
