import { ESLint as ESLint10 } from 'eslint';
import { ESLint as ESLint9 } from 'eslint9';
import plugin from '../../rules/index.js';

/** Both ESLint majors the plugin supports, linted through their public Node API. */
export const ESLINT_VERSIONS = [
  { label: 'ESLint 10', ESLint: ESLint10 as unknown as typeof ESLint10 },
  { label: 'ESLint 9', ESLint: ESLint9 as unknown as typeof ESLint10 },
] as const;

export type ESLintClass = (typeof ESLINT_VERSIONS)[number]['ESLint'];

/**
 * An ESLint instance configured exactly as a user's `eslint.config.js` with
 * `...plugin.configs.recommended` and nothing else, rooted at `cwd`.
 */
export function recommendedESLint(ESLint: ESLintClass, cwd: string, settings?: Record<string, unknown>): InstanceType<ESLintClass> {
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [...(plugin.configs.recommended as never[]), ...(settings ? [{ settings } as never] : [])],
  });
}
