/**
 * Every transform id, in the order the CLI applies them: credential logging goes first (so no
 * later edit re-prints a secret), then connection settings, the retry extension, and the
 * migration runner. Kept apart from the transforms themselves so the CLI can check
 * `--transform` and skip non-candidate files without loading any parser.
 */
export const TRANSFORM_IDS = ['remove-url-logging', 'set-connection-params', 'add-retry-extension', 'wrap-migration-runner'] as const;

export type TransformId = (typeof TRANSFORM_IDS)[number];
