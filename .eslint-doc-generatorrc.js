// eslint-doc-generator keeps the README rule table and each docs/rules/*.md header in sync
// with the rules' metadata. `npm run build && npx eslint-doc-generator` regenerates them; the
// test suite runs it with --check (test/rules/plugin.test.ts).

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [['recommended', '✅']],
  // `# Disallow logging connection strings (`prisma-aurora-fix/no-database-url-logging`)`
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  // Every rule page has an Options section, "This rule has no options." included (one shape
  // for all pages); test/docs/rule-pages.test.ts checks each option is named there instead.
  ruleDocSectionOptions: false,
  ruleListColumns: ['name', 'description', 'configsError', 'configsWarn', 'fixable', 'hasSuggestions', 'options'],
  urlConfigs: 'https://github.com/prisma-aurora-fix/prisma-aurora-fix#eslint',
};

export default config;
