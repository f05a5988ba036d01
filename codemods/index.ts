import type { AuroraTransform } from './lib/transform.js';

/**
 * Every transform, by id, in the order the CLI applies them: credential logging goes first
 * (so no later edit re-prints a secret), then connection settings, the retry extension,
 * and the migration runner. Transforms are added here as they land.
 */
export const transforms: Record<string, AuroraTransform> = {};

export type TransformId = keyof typeof transforms;
