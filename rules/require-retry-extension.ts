import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { planNamedImport } from '../analysis/edit/import-plan.js';
import { combineTextEdits } from '../analysis/edit/text-edit.js';
import { hasRetryExtension, isTypeScriptPath, planRetryFix } from '../analysis/prisma-client/index.js';
import { DEFAULT_RUNTIME_IMPORT, RETRY_EXTENSION_NAME } from '../analysis/runtime-api.js';
import { nonAuroraDatasourceFor, retryExtensionBlockerFor } from '../analysis/package/index.js';
import { createRule } from './util/create-rule.js';
import { lambdaPrismaClientAnalysis } from './util/prisma-client-analysis.js';

export interface RequireRetryExtensionOptions {
  /** Where the suggestion imports `auroraRetry` from: the package, or a vendored copy (`./aurora-retry.js`). */
  runtimeImport?: string;
  /** Extra names (local, imported, or dotted like `extensions.resilient`) that count as retry extensions. */
  retryExtensions?: string[];
  /** The project's Prisma version (or range), when the installed client and package.json cannot tell. */
  prismaVersion?: string;
}

type MessageIds = 'missingRetry' | 'missingRetryUnsupported' | 'addRetry';

export default createRule<[RequireRetryExtensionOptions], MessageIds>({
  name: 'require-retry-extension',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every PrismaClient in Lambda code to go through a retry extension before it is used',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          runtimeImport: {
            type: 'string',
            description: 'Module the suggestion imports `auroraRetry` from: the package, or a relative path to a vendored copy.',
          },
          retryExtensions: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Extra extension names (local, imported or dotted) that retry; names containing "retry" always count.',
          },
          prismaVersion: {
            type: 'string',
            description: "The project's Prisma version or range, when neither the installed `@prisma/client` nor package.json tells it.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ runtimeImport: DEFAULT_RUNTIME_IMPORT, retryExtensions: [] }],
    messages: {
      missingRetry:
        'This PrismaClient is used without a retry extension: when Aurora Serverless v2 scales or drops an idle connection, the query fails the invocation. Chain `.$extends(auroraRetry())`.',
      missingRetryUnsupported:
        'This PrismaClient is used without a retry extension: when Aurora Serverless v2 scales or drops an idle connection, the query fails the invocation. {{blocker}}.',
      addRetry: "Chain `.$extends({{name}}())` and import `{{name}}` from '{{source}}'.",
    },
  },
  defaultOptions: [{ runtimeImport: DEFAULT_RUNTIME_IMPORT, retryExtensions: [] }],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const runtimeImport = options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT;
    return {
      Program(program: TSESTree.Program) {
        const analysis = lambdaPrismaClientAnalysis(context, program);
        if (!analysis) return;
        // A SQLite or MongoDB schema: no Aurora to resume or drop connections, nothing to retry.
        if (nonAuroraDatasourceFor(context.filename) !== undefined) return;
        // Below the Prisma the runtime supports, `.$extends(auroraRetry())` breaks the client (no
        // `$extends` before 4.16) or the install (peer range): still a finding, with the way out.
        // Read only for files that build a client: the rule runs on every file.
        const blocker = retryExtensionBlockerFor(context.filename, options.prismaVersion);
        for (const construction of analysis.constructions) {
          if (hasRetryExtension(construction, { retryExtensions: options.retryExtensions ?? [] })) continue;
          // A reachability probe (`$connect()` only): no query for the extension to retry.
          if (construction.onlyConnects) continue;
          // Extended clients have no `$on`/`$use`: chaining here would break those calls, so
          // no one-click fix (the docs show how to extend after registering listeners).
          // In TypeScript the fix casts back to the class's type; a global `omit` that cast would hide.
          const typeBlocked = isTypeScriptPath(context.filename) && construction.typeKeeping.blocker !== undefined;
          const canSuggest = construction.eventApiUses.length === 0 && blocker === undefined && !typeBlocked;
          context.report({
            loc: { start: sourceCode.getLocFromIndex(construction.range[0]), end: sourceCode.getLocFromIndex(construction.range[1]) },
            ...(blocker === undefined ? { messageId: 'missingRetry' } : { messageId: 'missingRetryUnsupported', data: { blocker } }),
            suggest: canSuggest
              ? [
                  {
                    messageId: 'addRetry',
                    data: { name: RETRY_EXTENSION_NAME, source: runtimeImport },
                    fix(fixer): TSESLint.RuleFix[] {
                      const file = { program, scopeManager: sourceCode.scopeManager!, sourceText: sourceCode.text };
                      const imported = planNamedImport(file, context.filename, RETRY_EXTENSION_NAME, runtimeImport);
                      const retry = planRetryFix([construction], {
                        retryCall: `${imported.localName}()`,
                        typescript: isTypeScriptPath(context.filename),
                      });
                      return combineTextEdits(imported.edits, retry).map((edit) =>
                        fixer.replaceTextRange([edit.start, edit.end], edit.text),
                      );
                    },
                  },
                ]
              : [],
          });
        }
      },
    };
  },
});
