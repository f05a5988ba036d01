/**
 * Prisma migrations run as child processes, and the retry around each: what the
 * `require-migration-retry` rule reports and the `wrap-migration-runner` transform rewrites.
 */
export { chainedMigrationStep, type ChainedMigrationStep } from './chained-migration-step.js';
export { describeMigration, findMigrationSpawns } from './find-migration-spawns.js';
export { interpretArgv, parseCommandLine, type Word, type WordPart } from './prisma-command-line.js';
export type { CommandPiece, ExitStyle, MigrationSpawn, MigrationSpawnOptions, PrismaArgs, RetryEvidence, SpawnApi } from './spawn-types.js';
