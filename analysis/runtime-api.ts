/**
 * What code written by the fixes calls in the runtime (`runtime/index.ts`), and what the
 * detections recognise as it: one place for the module specifier and the exported names.
 */

/** The runtime module the inserted code imports from, unless `--vendor` (or a rule option) points elsewhere. */
export const DEFAULT_RUNTIME_IMPORT = 'prisma-aurora-fix/runtime';

/** The Prisma Client extension that retries transient connection errors: `client.$extends(auroraRetry())`. */
export const RETRY_EXTENSION_NAME = 'auroraRetry';

/** The migration runner that retries while the database cannot be reached. */
export const RUN_MIGRATION_NAME = 'runMigration';

/** The generic retry wrapper. */
export const WITH_RETRY_NAME = 'withRetry';

/**
 * How long the query retry keeps trying (`RETRY_DEFAULTS.maxElapsedMs` in runtime/options.ts).
 * The analysis may not import the runtime; test/analysis/runtime-api.test.ts keeps the two equal.
 */
export const QUERY_RETRY_BUDGET_MS = 20_000;

/** runMigration's retry schedule (`MIGRATION_DEFAULTS` in runtime/migration.ts), kept equal by the same test. */
export const RUN_MIGRATION_SCHEDULE = Object.freeze({ maxRetries: 4, baseDelayMs: 3_000, maxDelayMs: 60_000, safetyMarginMs: 10_000 });
