import addRetryExtension from './add-retry-extension.js';
import type { AuroraTransform } from './lib/transform.js';
import removeUrlLogging from './remove-url-logging.js';
import setConnectionParams from './set-connection-params.js';
import wrapMigrationRunner from './wrap-migration-runner.js';

/**
 * Every transform, by id, in the order the CLI applies them: credential logging goes first
 * (so no later edit re-prints a secret), then connection settings, the retry extension,
 * and the migration runner. Transforms are added here as they land.
 */
export const transforms: Record<string, AuroraTransform> = {
  'remove-url-logging': removeUrlLogging,
  'set-connection-params': setConnectionParams,
  'add-retry-extension': addRetryExtension,
  'wrap-migration-runner': wrapMigrationRunner,
};

export type TransformId = keyof typeof transforms;
