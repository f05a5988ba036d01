/**
 * PrismaClient constructions: what the `require-retry-extension`, `no-query-logging` and
 * `prisma-client-at-module-scope` rules report and the `add-retry-extension` transform fixes
 * (retry extensions, `'query'` logging, placement relative to the Lambda handler), the one
 * recogniser of the PrismaClient class, and the driver-adapter detection the connection
 * settings depend on.
 */
export { analyzePrismaClients } from './analyze-prisma-clients.js';
export { isPrismaClientConstruction, PRISMA_CLIENT } from './client-class.js';
export { hasRetryExtension, isRetryExtension, type RetryRecognitionOptions } from './extensions.js';
export { planLogQueryRemoval } from './log-query-removal.js';
export { isTypeScriptPath, planRetryFix, type RetryFixOptions } from './retry-fix.js';
export type {
  ClientHolder,
  ExtensionUse,
  LogQueryEntry,
  NamedImport,
  Placement,
  PrismaClientAnalysis,
  PrismaClientConstruction,
} from './types.js';
