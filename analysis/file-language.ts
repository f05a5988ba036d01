import { isDotenvPath } from './dotenv/dotenv-files.js';
import { isPrismaSchemaPath } from './prisma-schema/schema-files.js';

/**
 * The languages the plugin's rules lint: JavaScript and TypeScript through the user's parser,
 * and the plugin's own `dotenv` and `prisma-schema` languages (rules/languages/). A rule says
 * which it lints in rules/registry.ts `languages`.
 */
export type RuleLanguage = 'javascript' | 'dotenv' | 'prisma-schema';

/** The language a file is linted in, by its name, as the recommended config's `files` assign it. */
export function fileLanguageOf(path: string): RuleLanguage {
  if (isDotenvPath(path)) return 'dotenv';
  if (isPrismaSchemaPath(path)) return 'prisma-schema';
  return 'javascript';
}
