import addBinaryTargets from './add-binary-targets.js';
import addRetryExtension from './add-retry-extension.js';
import type { AuroraTransform } from './lib/transform.js';
import removeUrlLogging from './remove-url-logging.js';
import setConnectionParams from './set-connection-params.js';
import setQueryTimeout from './set-query-timeout.js';
import { TRANSFORM_IDS, type TransformId } from './transform-ids.js';
import wrapMigrationRunner from './wrap-migration-runner.js';

export { TRANSFORM_IDS, type TransformId };

const transformsById = {
  'remove-url-logging': removeUrlLogging,
  'set-connection-params': setConnectionParams,
  'set-query-timeout': setQueryTimeout,
  'add-retry-extension': addRetryExtension,
  'wrap-migration-runner': wrapMigrationRunner,
  'add-binary-targets': addBinaryTargets,
} satisfies Record<TransformId, AuroraTransform>;

/** Every transform, by id, in the order of TRANSFORM_IDS (the order the CLI applies them). */
export const transforms: Record<string, AuroraTransform> = Object.fromEntries(TRANSFORM_IDS.map((id) => [id, transformsById[id]]));
