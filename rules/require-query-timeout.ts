import { isAbsolute } from 'node:path';
import {
  connectionSettingsMode,
  DEFAULT_QUERY_TIMEOUT_MILLIS,
  queryTimeoutFindings,
  type QueryTimeoutMessageId,
  type QueryTimeoutSuggestionId,
} from '../analysis/connection-settings/index.js';
import { prismaMajorVersion } from '../analysis/package/index.js';
import { createRule } from './util/create-rule.js';
import { isLambdaOrDeploymentCode } from './util/lambda.js';
import { connectionAnalysisOf, findingLocation, findingSuggestions } from './util/connection-findings.js';

export interface RequireQueryTimeoutOptions {
  queryTimeoutMillis?: number;
  prismaMajor?: number;
}

export default createRule<[RequireQueryTimeoutOptions], QueryTimeoutMessageId | QueryTimeoutSuggestionId>({
  name: 'require-query-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a client-side bound on each query, so a silently dropped connection fails and can be retried',
      recommended: true,
    },
    hasSuggestions: true,
    defaultOptions: [{}],
    schema: [
      {
        type: 'object',
        properties: {
          queryTimeoutMillis: {
            type: 'integer',
            minimum: 1,
            description:
              'The bound to write, in milliseconds (the URL’s `socket_timeout` gets it in whole seconds): longer than the slowest query, shorter than the function’s timeout. Setting it lets the CLI write the fix.',
          },
          prismaMajor: {
            type: 'integer',
            minimum: 1,
            description:
              'Prisma major version to assume instead of reading the nearest package.json (for infrastructure packages that do not depend on Prisma).',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      missingQueryTimeout:
        'No `query_timeout` on this pool: a query on a connection the network dropped silently (a thawed Lambda) never answers and never fails, so nothing retries it before the Lambda times out. Set {{option}} (longer than your slowest query).',
      unboundedQueryTimeout:
        '`query_timeout: {{value}}` waits forever: a query on a silently dropped connection hangs until the Lambda times out. Set {{option}} (longer than your slowest query).',
      missingSocketTimeout:
        'Connection string without `socket_timeout`: a query on a connection the network dropped silently (a thawed Lambda) never answers and never fails, so nothing retries it before the Lambda times out. Add `socket_timeout={{seconds}}` (seconds, longer than your slowest query).',
      unboundedSocketTimeout:
        '`socket_timeout={{value}}` waits forever: a query on a silently dropped connection hangs until the Lambda times out. Use `socket_timeout={{seconds}}` (seconds, longer than your slowest query).',
      setQueryTimeout: 'Set {{option}}.',
      setSocketTimeout: 'Set `socket_timeout={{seconds}}`.',
    },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      'Program:exit'(program) {
        const analysis = connectionAnalysisOf(context, program);
        if (!analysis) return;
        if (analysis.sites.length === 0 && analysis.pgConstructors.length === 0) return;
        // Lambda code, or the infrastructure code that writes a Lambda's environment (CDK, SST, Serverless).
        if (!isLambdaOrDeploymentCode(context)) return;
        const prismaMajor = options.prismaMajor ?? (isAbsolute(context.filename) ? prismaMajorVersion(context.filename) : undefined);
        const findings = queryTimeoutFindings(analysis, {
          mode: connectionSettingsMode(analysis, prismaMajor),
          queryTimeoutMillis: options.queryTimeoutMillis ?? DEFAULT_QUERY_TIMEOUT_MILLIS,
          valueChosenByUser: options.queryTimeoutMillis !== undefined,
        });
        for (const finding of findings) {
          context.report({
            loc: findingLocation(context.sourceCode, finding),
            messageId: finding.messageId,
            data: finding.data,
            suggest: findingSuggestions(finding),
          });
        }
      },
    };
  },
});
