import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';

/**
 * No rule may throw on any syntax the parsers accept. Lints a large, varied corpus with every
 * rule on and every file treated as Lambda code: our own sources, the syntax torture files in
 * fixtures/no-crash, the realistic corpus, and real-world JavaScript and TypeScript from
 * installed packages (ESLint's own rules, pg, recast, jscodeshift, Node's type definitions,
 * typescript-eslint). Files are picked deterministically (sorted, size-capped).
 */
const ROOT = join(import.meta.dirname, '../..');
const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const MAX_BYTES = 100_000;

function filesUnder(dir: string, limit = Number.POSITIVE_INFINITY): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= limit) return;
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.generated') walk(path);
      } else if (EXTENSIONS.has(extname(entry.name)) && statSync(path).size <= MAX_BYTES) {
        found.push(path);
      }
    }
  };
  walk(dir);
  return found;
}

const corpus = [
  ...['rules', 'codemods', 'analysis', 'runtime', 'test', 'fixtures'].flatMap((dir) => filesUnder(join(ROOT, dir))),
  ...filesUnder(join(ROOT, 'node_modules/eslint/lib/rules'), 200),
  ...filesUnder(join(ROOT, 'node_modules/pg/lib')),
  ...filesUnder(join(ROOT, 'node_modules/recast/lib')),
  ...filesUnder(join(ROOT, 'node_modules/jscodeshift/src')),
  ...filesUnder(join(ROOT, 'node_modules/@types/node')),
  ...filesUnder(join(ROOT, 'node_modules/@typescript-eslint/utils/dist'), 60),
];

const tsParser = await import('@typescript-eslint/parser');
const ruleIds = Object.keys(plugin.rules);
const allRulesOn = Object.fromEntries(ruleIds.map((id) => [`prisma-aurora-fix/${id}`, 'error' as const]));

describe('rules on a large, varied corpus', () => {
  it('lint every file without a rule exception', () => {
    expect(corpus.length).toBeGreaterThan(400);
    expect(ruleIds.length).toBeGreaterThan(0);
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      {
        files: ['**/*'],
        plugins: { 'prisma-aurora-fix': plugin as never },
        rules: allRulesOn,
        settings: { 'prisma-aurora-fix': { lambda: 'always' } },
      },
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser as never } },
      // Some package files are scripts, not modules; parse them as such.
      { files: ['**/*.{js,cjs}'], languageOptions: { sourceType: 'commonjs' } },
      { files: ['**/*.{jsx,tsx}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    ];
    const crashes: string[] = [];
    let parsed = 0;
    for (const file of corpus) {
      const code = readFileSync(file, 'utf8');
      try {
        // Package files are linted under a virtual path: flat config ignores node_modules.
        const filename = join(ROOT, '.virtual', relative(ROOT, file).replaceAll('node_modules', 'packages'));
        const messages = linter.verify(code, config, { filename });
        if (!messages.some((message) => message.fatal)) parsed += 1;
      } catch (error) {
        crashes.push(`${relative(ROOT, file)}: ${(error as Error).message.split('\n').slice(0, 3).join(' | ')}`);
      }
    }
    expect(crashes).toEqual([]);
    // Most of the corpus must actually reach the rules, or the test proves nothing.
    expect(parsed).toBeGreaterThan(corpus.length * 0.9);
  }, 300_000);
});
