import type { TSESLint } from '@typescript-eslint/utils';
import noDatabaseUrlLogging from './no-database-url-logging.js';
import noQueryLogging from './no-query-logging.js';
import prismaClientAtModuleScope from './prisma-client-at-module-scope.js';
import requireRetryExtension from './require-retry-extension.js';
import requireMigrationRetry from './require-migration-retry.js';
import requireConnectionParams from './require-connection-params.js';
import requireQueryTimeout from './require-query-timeout.js';
import noSslmodeDisable from './no-sslmode-disable.js';
import noShortLambdaTimeout from './no-short-lambda-timeout.js';
import requireIdleSessionTimeout from './require-idle-session-timeout.js';
import requireLambdaBinaryTargets from './require-lambda-binary-targets.js';

/**
 * Every rule of the plugin, by id. Rules are added here as they land; the order is the
 * order of the README table. Apart from the plugin object (index.ts) because that one imports
 * @typescript-eslint/parser for its config, and with it TypeScript (~600 ms): the CLI runs
 * these modules on its own parse and never needs either.
 */
export const rules = {
  'no-database-url-logging': noDatabaseUrlLogging,
  'require-retry-extension': requireRetryExtension,
  'require-connection-params': requireConnectionParams,
  'require-query-timeout': requireQueryTimeout,
  'prisma-client-at-module-scope': prismaClientAtModuleScope,
  'no-query-logging': noQueryLogging,
  'require-migration-retry': requireMigrationRetry,
  'no-sslmode-disable': noSslmodeDisable,
  'no-short-lambda-timeout': noShortLambdaTimeout,
  'require-idle-session-timeout': requireIdleSessionTimeout,
  'require-lambda-binary-targets': requireLambdaBinaryTargets,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;
