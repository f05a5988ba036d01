/**
 * Every transform id, in the order the CLI applies them: credential logging goes first (so no
 * later edit re-prints a secret), then connection settings (the query bound after the pool
 * options, so an options object the first creates gets the bound too), the retry extension, the
 * migration runner, and last the schema's binary targets (a Prisma schema file, which no other
 * transform touches). Kept apart from the transforms themselves so the CLI can check
 * `--transform` and skip non-candidate files without loading any parser.
 */
export const TRANSFORM_IDS = [
  'remove-url-logging',
  'set-connection-params',
  'set-query-timeout',
  'add-retry-extension',
  'wrap-migration-runner',
  'add-binary-targets',
] as const;

export type TransformId = (typeof TRANSFORM_IDS)[number];
