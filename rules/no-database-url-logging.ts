import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { removalEdits } from '../analysis/edit/statement-removal.js';
import {
  commandLineReportRange,
  findSecretCommandLines,
  findSecretLogs,
  planLogStatementRemoval,
  type SecretLogFinding,
} from '../analysis/secret-logging/index.js';
import { createRule } from './util/create-rule.js';
import { mayContainSecretLog } from '../analysis/text-gates.js';

type MessageIds =
  | 'envVariableLogged'
  | 'typedEnvVariableLogged'
  | 'environmentLogged'
  | 'typedEnvironmentLogged'
  | 'credentialedUrlLogged'
  | 'secretInCommandLine'
  | 'removeLogStatement';

export interface NoDatabaseUrlLoggingOptions {
  secretNames?: string[];
  ignoredSecretNames?: string[];
  loggerNames?: string[];
  logMethods?: string[];
  maskFunctions?: string[];
}

const MESSAGE_BY_KIND: Record<SecretLogFinding['sourceKind'], MessageIds> = {
  'env-variable': 'envVariableLogged',
  environment: 'environmentLogged',
  'credentialed-url': 'credentialedUrlLogged',
};

function messageIdOf(finding: SecretLogFinding): MessageIds {
  if (finding.origin !== undefined && finding.sourceKind === 'env-variable') return 'typedEnvVariableLogged';
  if (finding.origin !== undefined && finding.sourceKind === 'environment') return 'typedEnvironmentLogged';
  return MESSAGE_BY_KIND[finding.sourceKind];
}

const nameList = (description: string) =>
  ({ type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description }) as const;

/**
 * Credential logging is a leak wherever it happens (a CI job, a container, a developer's
 * terminal shared in a ticket), so this rule is not limited to Lambda code.
 */
export default createRule<[NoDatabaseUrlLoggingOptions], MessageIds>({
  name: 'no-database-url-logging',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow logging database connection strings, database passwords and the whole environment',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          secretNames: nameList('Extra environment variable names (glob patterns, `*` and `?`) that hold a credential.'),
          ignoredSecretNames: nameList('Environment variable names (glob patterns) that never hold a credential in this project.'),
          loggerNames: nameList('Extra logger object names (glob patterns) whose methods write their arguments.'),
          logMethods: nameList('Extra logger method names that write their arguments.'),
          maskFunctions: nameList('Extra function names (glob patterns) whose result hides the password.'),
        },
      },
    ],
    defaultOptions: [{}],
    messages: {
      envVariableLogged:
        '`{{source}}` reaches `{{sink}}`: it holds a connection string or password, and the log keeps it in plain text. Log a presence check or the host instead.',
      typedEnvVariableLogged:
        '`{{source}}` (read through {{origin}}) reaches `{{sink}}`: it holds a connection string or password, and the log keeps it in plain text. Log a presence check or the host instead.',
      typedEnvironmentLogged:
        'The validated environment from {{origin}} reaches `{{sink}}`: it includes DATABASE_URL and the other secrets it validates. Log the few settings you need instead.',
      environmentLogged:
        'The whole environment (`process.env`) reaches `{{sink}}`: it includes DATABASE_URL and every other secret of the process. Log the few settings you need instead.',
      credentialedUrlLogged: 'A connection string with a password reaches `{{sink}}`. Log the host (`new URL(url).host`) instead.',
      secretInCommandLine:
        '`{{source}}` is put on the `{{api}}` command line: when the command fails, Node repeats it in the error (`Command failed: …`), so a logged or rethrown error prints it, and `ps` shows it while it runs. Pass it in the child’s environment instead (`env: { ...process.env, DATABASE_URL: … }`; the child inherits `process.env` by default).',
      removeLogStatement: 'Remove this log statement.',
    },
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Most files cannot hold a source: no listener, no cost.
    if (!mayContainSecretLog(sourceCode.text)) return {};
    const calls: TSESTree.CallExpression[] = [];
    return {
      CallExpression(node) {
        calls.push(node);
      },
      'Program:exit'(program) {
        const scopeManager = sourceCode.scopeManager;
        if (!scopeManager) return;
        const findings = findSecretLogs({ program, scopeManager, sourceText: sourceCode.text, calls }, options);
        for (const finding of findings) {
          const removal = finding.removal;
          const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
          if (removal && removal.kind !== 'arrow-body') {
            const [edit] = removalEdits(sourceCode.text, [planLogStatementRemoval(sourceCode.text, program.comments ?? [], removal)]);
            if (edit)
              suggest.push({ messageId: 'removeLogStatement', fix: (fixer) => fixer.replaceTextRange([edit.start, edit.end], edit.text) });
          }
          context.report({
            loc: { start: sourceCode.getLocFromIndex(finding.call[0]), end: sourceCode.getLocFromIndex(finding.call[1]) },
            messageId: messageIdOf(finding),
            data: { source: finding.source, sink: finding.sink, origin: finding.origin ?? '' },
            suggest,
          });
        }
        // No suggestion: moving the value into `env` needs the call's options, which may come from anywhere.
        for (const finding of findSecretCommandLines({ program, scopeManager, sourceText: sourceCode.text, calls }, options)) {
          const [start, end] = commandLineReportRange(finding);
          context.report({
            loc: { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) },
            messageId: 'secretInCommandLine',
            data: { source: finding.source, api: finding.api },
          });
        }
      },
    };
  },
});
