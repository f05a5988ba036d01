/** The transform ids live in analysis/ so the rule registry (rules/registry.ts) can name them. */
export { TRANSFORM_IDS, type TransformId } from '../analysis/transform-ids.js';
