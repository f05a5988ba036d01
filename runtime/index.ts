/**
 * prisma-aurora-fix/runtime: retry transient Aurora Serverless v2 connection failures in
 * Prisma (`auroraRetry`, `withRetry`), classify them (`isTransientConnectionError`), keep a
 * `pg` pool's connection errors from crashing the process (`handleConnectionErrors`), and run
 * Prisma migrations that wait for the database (`runMigration`). Zero dependencies and no
 * top-level side effects, so importing it costs a Lambda nothing.
 *
 * THE SINGLE-FILE CONTRACT. `npx prisma-aurora-fix --vendor` concatenates these modules into
 * one file in the user's project, so every module under runtime/ must keep to this:
 * - imports between runtime modules are relative, one per line, in exactly these forms:
 *     import { a, b } from './x.js';
 *     import type { A, B } from './x.js';
 *   (no default or namespace imports, no re-export of another module's names except here);
 * - no other static import, except `import type` from '@prisma/client...' (none today);
 *   Node's modules are loaded with `await import('node:...')` inside the function that needs
 *   them: child_process and friends only in migration.ts (so a query Lambda never loads
 *   them), async_hooks only in applied-writes.ts (by the first withRetry call);
 * - no two modules declare the same top-level name (they share one scope once concatenated);
 * - no top-level side effects (constants, functions, types and classes only);
 * - this file only re-exports.
 * test/runtime/contract.test.ts checks all of it by building the concatenation and type-checking it.
 */
export { classifyConnectionError, isTransientConnectionError } from './classify.js';
export type { ConnectionErrorKind, TransientConnectionError } from './classify.js';
export { RETRY_DEFAULTS } from './options.js';
export type { RetryDefaults, RetryEvent, RetryOptions, RetryWritesPolicy } from './options.js';
export { withRetry } from './retry.js';
export type { WithRetryOptions } from './retry.js';
export { auroraRetry } from './extension.js';
export type { AuroraRetryExtension } from './extension.js';
export { MIGRATION_DEFAULTS, MigrationError, isDatabaseUnreachableOutput, runMigration } from './migration.js';
export type { MigrationFailureReason, MigrationLogEntry, MigrationResult, RunMigrationOptions } from './migration.js';
export { redactConnectionStrings } from './redact.js';
export { handleConnectionErrors } from './connection-errors.js';
export type { PgClientErrorEvents, PgPoolConnectionEvents } from './connection-errors.js';
