/**
 * Dotenv files: the parser that reads them as dotenv does, dotenv-expand's `${NAME}`
 * references, and which files are dotenv files and which only configure local runs. The
 * ESLint language (rules/languages/dotenv.ts) and the CLI read them through this.
 */
export type {
  DotenvComment,
  DotenvDocument,
  DotenvEntry,
  DotenvLocation,
  DotenvNode,
  DotenvPosition,
  DotenvQuote,
} from './dotenv-document.js';
export { DOTENV_VISITOR_KEYS } from './dotenv-document.js';
export { dotenvLocator, dotenvValues, parseDotenv } from './parse-dotenv.js';
export { expandEntryValue, lastEntryOf, referenceCount, referencesOf, type DotenvReference, type ExpandedValue } from './expand-value.js';
export { DOTENV_CODE_FILE_GLOBS, DOTENV_FILE_GLOBS, isDotenvPath, localDotenvReason } from './dotenv-files.js';
