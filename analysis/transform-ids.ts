/**
 * Every transform id, in the order the CLI applies them: credential logging goes first (so no
 * later edit re-prints a secret), then connection settings, the retry extension, and the
 * migration runner; the schema's binary targets (a Prisma schema file, touched by no other transform) last. Kept apart from the transforms themselves so the CLI can check
 * `--transform` and skip non-candidate files without loading any parser.
 */
export const TRANSFORM_IDS = [
  'remove-url-logging',
  'set-connection-params',
  'add-retry-extension',
  'wrap-migration-runner',
  'add-binary-targets',
] as const;

export type TransformId = (typeof TRANSFORM_IDS)[number];
