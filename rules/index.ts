import type { ESLint, Linter, Rule } from 'eslint';
import type { TSESLint } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';
import { ownPackage } from '../analysis/package/own-package.js';
import { NON_SOURCE_DIRECTORIES } from '../analysis/source-scope.js';
import { dotenvLanguage } from './languages/dotenv.js';
import { rules } from './rule-modules.js';
import { DOTENV_CODE_FILE_GLOBS, DOTENV_FILE_GLOBS } from '../analysis/dotenv/index.js';
import { prismaSchemaLanguage } from './languages/prisma-schema.js';
import { lintsLanguage, type RuleId as RegisteredRuleId } from './registry.js';
import type { RuleLanguage } from '../analysis/file-language.js';

const { name, version } = ownPackage();

export { rules };

type RuleId = keyof typeof rules;

/** The recommended rules that lint `language` (rules/registry.ts `languages`), as its config block turns them on. */
function recommendedRulesOf(language: RuleLanguage): Partial<Record<`prisma-aurora-fix/${RuleId}`, 'error'>> {
  return Object.fromEntries(
    Object.entries(rules as Record<string, TSESLint.RuleModule<string, readonly unknown[]>>)
      .filter(([, rule]) => (rule.meta.docs as { recommended?: boolean } | undefined)?.recommended === true)
      .filter(([id]) => lintsLanguage(id as RegisteredRuleId, language))
      .map(([id]) => [`prisma-aurora-fix/${id}`, 'error' as const]),
  );
}

/**
 * The plugin as ESLint's own types describe a plugin (as eslint-plugin-unicorn types its own),
 * not typescript-eslint's: `defineConfig(...)` from `eslint/config` and `Linter.Config`
 * reject typescript-eslint's `FlatConfig` types (typescript-eslint issue #10899), while
 * `tseslint.config(...)` accepts ESLint's. `eslint` is a peer dependency, so these types
 * resolve to the user's own ESLint 9 or 10. The `rules` export above keeps the precise
 * typescript-eslint types for this package's own code.
 */
export interface PrismaAuroraFixPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<RuleId, Rule.RuleModule>;
  /**
   * `language: 'prisma-aurora-fix/dotenv'`: `.env` files (rules/languages/dotenv.ts);
   * `language: 'prisma-aurora-fix/prisma-schema'`: `.prisma` files (rules/languages/prisma-schema.ts).
   */
  languages: NonNullable<ESLint.Plugin['languages']>;
  configs: { recommended: Linter.Config[] };
}

const plugin: PrismaAuroraFixPlugin = {
  // `namespace` is the prefix our configs write rule ids with: when a user registers the plugin
  // under another name (`plugins: { paf }`, `extends: ['paf/recommended']`), defineConfig
  // renames `prisma-aurora-fix/<rule>` in the extended config to `paf/<rule>` by it.
  meta: { name, version, namespace: 'prisma-aurora-fix' },
  rules: rules as unknown as Record<RuleId, Rule.RuleModule>,
  // ESLint's Language type takes any AST; ours are typed for their own parse results.
  languages: {
    dotenv: dotenvLanguage as unknown as NonNullable<ESLint.Plugin['languages']>[string],
    'prisma-schema': prismaSchemaLanguage as unknown as NonNullable<ESLint.Plugin['languages']>[string],
  },
  configs: { recommended: [] },
};

/**
 * Works alone in a flat config: TypeScript files get @typescript-eslint/parser (no type
 * information needed), JavaScript files keep ESLint's default parser. The rules' block leaves
 * out dependencies and build output (analysis/source-scope.ts), so ESLint does not even parse
 * them for our rules; the ignores are this block's own, not global, so the project's other
 * rules still see whatever the project lints.
 */
plugin.configs.recommended = [
  {
    name: 'prisma-aurora-fix/recommended',
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    ignores: [...NON_SOURCE_DIRECTORIES].map((directory) => `**/${directory}/**`),
    plugins: { 'prisma-aurora-fix': plugin },
    rules: recommendedRulesOf('javascript'),
  },
  {
    name: 'prisma-aurora-fix/recommended/typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parser: tsParser as Linter.Parser },
  },
  {
    // ESLint's default parser reads JSX only when asked. Next.js pages and React components
    // hold it in plain .js files, and JSX never changes what valid JavaScript means, so every
    // JavaScript file is read with it (as the CLI's parser does: analysis/ast/parse-module.ts).
    name: 'prisma-aurora-fix/recommended/jsx',
    files: ['**/*.{js,jsx,mjs,cjs}'],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  {
    // `.env`, `.env.example`, `.env.production`: the `DATABASE_URL` line is underlined where it
    // is written. Only the rules that read dotenv files are on here; a `.env.ts` module is code.
    name: 'prisma-aurora-fix/recommended/dotenv',
    files: [...DOTENV_FILE_GLOBS],
    ignores: [...[...NON_SOURCE_DIRECTORIES].map((directory) => `**/${directory}/**`), ...DOTENV_CODE_FILE_GLOBS],
    plugins: { 'prisma-aurora-fix': plugin },
    language: 'prisma-aurora-fix/dotenv',
    rules: recommendedRulesOf('dotenv'),
  },
  {
    // Prisma schema files (`schema.prisma`, the multi-file `prisma/schema/*.prisma`) in the
    // plugin's own language: this block is the only one that names them, so the JavaScript
    // blocks above never see them. docs/prisma-schema.md says what a project's own blocks
    // without `files` do to them.
    name: 'prisma-aurora-fix/recommended/prisma-schema',
    files: ['**/*.prisma'],
    ignores: [...NON_SOURCE_DIRECTORIES].map((directory) => `**/${directory}/**`),
    plugins: { 'prisma-aurora-fix': plugin },
    language: 'prisma-aurora-fix/prisma-schema',
    rules: recommendedRulesOf('prisma-schema'),
  },
];

export default plugin;
