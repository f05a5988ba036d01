import { isAbsolute } from 'node:path';
import {
  connectionParamFindings,
  dotenvConnectionParamFindings,
  connectionSettingsMode,
  DEFAULT_CONNECTION_PARAM_OPTIONS,
  mayHoldNamedEnvFallback,
  type ConnectionParamsMessageId,
} from '../analysis/connection-settings/index.js';
import { prismaMajorVersion } from '../analysis/package/index.js';
import { createRule } from './util/create-rule.js';
import { isLambdaDotenv, isLambdaOrDeploymentCode } from './util/lambda.js';
import { connectionAnalysisOf, findingLocation, findingSuggestions } from './util/connection-findings.js';

export interface RequireConnectionParamsOptions {
  maxConnectionLimit?: number;
  minConnectTimeoutSeconds?: number;
  prismaMajor?: number;
}

type MessageIds = ConnectionParamsMessageId | 'setConnectionParams' | 'setPoolOptions';

export default createRule<[RequireConnectionParamsOptions], MessageIds>({
  name: 'require-connection-params',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require Lambda-safe connection pool settings for Prisma on Aurora Serverless',
      recommended: true,
    },
    hasSuggestions: true,
    defaultOptions: [{ ...DEFAULT_CONNECTION_PARAM_OPTIONS }],
    schema: [
      {
        type: 'object',
        properties: {
          maxConnectionLimit: {
            type: 'integer',
            minimum: 1,
            description: 'Largest accepted `connection_limit` / pg `max` per Lambda instance.',
          },
          minConnectTimeoutSeconds: {
            type: 'integer',
            minimum: 1,
            description: 'Smallest accepted `connect_timeout` in seconds (`connectionTimeoutMillis` / 1000).',
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
      missingParams:
        'Connection string without {{params}}: each Lambda instance serves one request at a time and needs one connection, and an Aurora Serverless v2 resume outlasts Prisma’s 5 s default connect timeout.',
      connectionLimit:
        '`connection_limit={{value}}`: a Lambda instance serves one request at a time, so more than {{max}} connection only multiplies connections to Aurora. Use `connection_limit=1`.',
      connectTimeout:
        '`connect_timeout={{value}}` is under {{min}} s (0 waits until the Lambda times out): an Aurora Serverless v2 resume holds the connect ~15 s or longer. Use `connect_timeout={{min}}`.',
      secondQuestionMark:
        'Second `?` in the connection string: `{{key}}` becomes part of the previous parameter’s value and is silently ignored. Separate parameters with `&`.',
      fallbackValue:
        '`{{key}}` falls back to {{fallback}} when `{{source}}` is not set: a Lambda instance needs `connection_limit=1`, and an Aurora Serverless v2 resume needs a `connect_timeout` of at least 30 s. Make the fallback `{{recommended}}`.',
      ignoredByDriverAdapter:
        '`{{param}}` in the URL is ignored by Prisma driver adapters (Prisma 7, or `engineType = "client"`): set {{replacement}} instead.',
      missingPoolOptions:
        '`{{callee}}` options without {{options}}: a Lambda instance serves one request at a time (`max: 1`), and pg waits forever by default (`connectionTimeoutMillis: 0`) where an Aurora Serverless v2 resume needs a bounded wait of ~30 s.',
      poolMax:
        '`max: {{value}}` allows more than {{max}} connection per Lambda instance, which serves one request at a time. Use `max: 1`.',
      poolConnectionTimeout:
        '`connectionTimeoutMillis: {{value}}` is under {{min}} ms (0 waits forever): an Aurora Serverless v2 resume holds the connect ~15 s or longer.',
      poolSizeIgnored: '`poolSize` is not a pg option and is silently ignored: the pool size is `max` (use `{{max}}`).',
      setConnectionParams: 'Rewrite the connection string with {{params}}.',
      setPoolOptions: 'Set {{options}}.',
    },
  },
  defaultOptions: [{ ...DEFAULT_CONNECTION_PARAM_OPTIONS }],
  // A `.env` line: the same check of the connection string it holds, for Prisma ≤ 6 (Prisma 7's
  // driver adapters ignore these parameters, and no pool options live in a dotenv file).
  createForDotenv(context, sourceCode, [options]) {
    return {
      Document(document) {
        if (!isLambdaDotenv(context)) return;
        const prismaMajor = options.prismaMajor ?? (isAbsolute(context.filename) ? prismaMajorVersion(context.filename) : undefined);
        if (prismaMajor !== undefined && prismaMajor >= 7) return;
        const findings = dotenvConnectionParamFindings(document, {
          maxConnectionLimit: options.maxConnectionLimit ?? DEFAULT_CONNECTION_PARAM_OPTIONS.maxConnectionLimit,
          minConnectTimeoutSeconds: options.minConnectTimeoutSeconds ?? DEFAULT_CONNECTION_PARAM_OPTIONS.minConnectTimeoutSeconds,
        });
        for (const finding of findings) {
          context.report({
            loc: findingLocation(sourceCode, finding),
            messageId: finding.messageId,
            data: finding.data,
            suggest: findingSuggestions(finding),
          });
        }
      },
    };
  },
  create(context, [options]) {
    return {
      'Program:exit'(program) {
        const analysis = connectionAnalysisOf(context, program);
        if (!analysis) return;
        const hasSettings = analysis.sites.length > 0 || analysis.urlObjects.length > 0 || analysis.pgConstructors.length > 0;
        // A `process.env.PRISMA_CONNECTION_LIMIT || 5` is a finding even in a file with no URL of its own.
        if (!hasSettings && !mayHoldNamedEnvFallback(context.sourceCode.text)) return;
        // Lambda code, or the infrastructure code that writes a Lambda's environment (CDK, SST, Serverless).
        if (!isLambdaOrDeploymentCode(context)) return;
        const prismaMajor = options.prismaMajor ?? (isAbsolute(context.filename) ? prismaMajorVersion(context.filename) : undefined);
        const findings = connectionParamFindings(analysis, {
          mode: connectionSettingsMode(analysis, prismaMajor),
          maxConnectionLimit: options.maxConnectionLimit ?? DEFAULT_CONNECTION_PARAM_OPTIONS.maxConnectionLimit,
          minConnectTimeoutSeconds: options.minConnectTimeoutSeconds ?? DEFAULT_CONNECTION_PARAM_OPTIONS.minConnectTimeoutSeconds,
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
