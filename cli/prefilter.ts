import {
  mayConstructPrismaClient,
  mayContainMigrationSpawn,
  mayContainSecretLog,
  mayHoldClientGenerator,
  mayHoldConnectionSettings,
} from '../analysis/text-gates.js';
import { TRANSFORM_IDS, type TransformId } from '../codemods/transform-ids.js';

/**
 * Files whose text cannot hold anything a transform changes are skipped before parsing, so a
 * run over a large repository parses only the few files that talk to Prisma or a database.
 * A transform's test is the very one its analysis gates itself with (analysis/text-gates.ts),
 * so a file the prefilter skips is a file every selected transform would leave unchanged:
 * the prefilter saves time and can never change a result. `test/cli/prefilter.test.ts`
 * checks it against every fixture, the bench against a generated monorepo.
 */
const MIGHT_CHANGE: Readonly<Record<TransformId, (text: string) => boolean>> = {
  'remove-url-logging': mayContainSecretLog,
  'set-connection-params': mayHoldConnectionSettings,
  'set-query-timeout': mayHoldConnectionSettings,
  'add-retry-extension': mayConstructPrismaClient,
  'wrap-migration-runner': mayContainMigrationSpawn,
  'add-binary-targets': mayHoldClientGenerator,
};

/** True when one of `transformIds` (default: all) might change a file with this text. */
export function mightNeedAFix(text: string, transformIds: readonly string[] = TRANSFORM_IDS): boolean {
  return transformIds.some((id) => {
    // An id without a gate (a test's own registry) sees every file.
    const mightChange: ((text: string) => boolean) | undefined = MIGHT_CHANGE[id as TransformId];
    return mightChange === undefined || mightChange(text);
  });
}
