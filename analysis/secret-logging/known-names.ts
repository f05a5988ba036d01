/** Names the secret evaluator knows: console and logger methods, masking helpers, builtins and their modules. */

/** Every console method that prints its arguments (`console.assert` prints all but the first). */
export const CONSOLE_METHODS = new Set([
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'dir',
  'dirxml',
  'table',
  'group',
  'groupCollapsed',
  'assert',
  'timeLog',
]);

/** Helper names whose result hides the password: `maskUrl`, `redact`, `sanitizeConnectionString`, `stripPassword`. */
export const MASK_NAME =
  /mask|redact|saniti[sz]|obfuscat|scrub|censor|anonymi[sz]|hide|hidden|(?:strip|remove|drop|omit|without)_?(?:password|passwd|pwd|secret|credential|auth|userinfo)/i;

/** A replacement text that hides something: `***`, `xxxx`, `[redacted]`, `<hidden>`. */
export const MASKED_TEXT = /[*•]|x{3,}|redact|hidden|mask|\[[^\]]*\]|<[^>]*>/i;

/** Words that only label a secret in a log message (`'DATABASE_URL:'`, `'db url is'`), in lower case. */
export const LABEL_WORDS = new Set([
  'url',
  'uri',
  'dsn',
  'db',
  'database',
  'connection',
  'conn',
  'string',
  'str',
  'env',
  'environment',
  'process',
  'variable',
  'variables',
  'vars',
  'var',
  'value',
  'values',
  'is',
  'the',
  'current',
  'secret',
  'secrets',
  'password',
  'pass',
  'credentials',
  'creds',
  'config',
  'configuration',
  'direct',
  'shadow',
  'postgres',
  'postgresql',
  'pg',
  'mysql',
  'prisma',
  'debug',
  'using',
]);

/**
 * String and array methods whose result holds no part of the value: a boolean, an index, a
 * comparison (`search` returns an index too). Methods that return characters (`at`,
 * `charAt`, `charCodeAt`) are not here: a character of a password is part of it.
 */
export const NON_LEAKING_STRING_METHODS = new Set([
  'includes',
  'startsWith',
  'endsWith',
  'indexOf',
  'lastIndexOf',
  'search',
  'localeCompare',
  'test',
  'forEach',
  'findIndex',
  'findLastIndex',
  'some',
  'every',
  'has',
  'hasOwnProperty',
]);

/** Array methods whose callback's first parameter is an element of the receiver. */
export const ELEMENT_CALLBACK_METHODS = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'find',
  'findLast',
  'findIndex',
  'findLastIndex',
  'some',
  'every',
]);

/** Calls that print what they are given: the secret inside them is the secret of the whole call. */
export const TRANSPARENT_BUILTINS = new Set([
  'String',
  'JSON.stringify',
  'util.inspect',
  'util.format',
  'util.formatWithOptions',
  'encodeURIComponent',
  'encodeURI',
  'decodeURIComponent',
  'decodeURI',
  'escape',
  'unescape',
  'structuredClone',
  'Buffer.from',
]);

/**
 * A module that exports a validated copy of the environment, by its path: `~/env`, `@/env`,
 * `../env.mjs`, `src/env/server.mjs` (create-t3-app's `createEnv` module and its older
 * `env.mjs`), SvelteKit's `$env/static/private` and `$env/dynamic/private`.
 */
const TYPED_ENV_MODULE = /(?:^|[/~@#$])env(?:\/|\.[cm]?[jt]sx?$|$)/;

export function isTypedEnvModule(source: string): boolean {
  return TYPED_ENV_MODULE.test(source);
}

/** Names under which such a module exports the environment object (`env`, `serverEnv`, `config`). */
export const TYPED_ENV_EXPORT = /env|config/i;

/** Functions that return a validated copy of what they are given or of the environment: t3 `createEnv`, envalid `cleanEnv`, `envsafe`. */
export const ENV_VALIDATORS = new Set(['createEnv', 'cleanEnv', 'envsafe', 'parseEnv']);

/** Schema methods that return their input validated (zod `parse`, `safeParse(...).data`, valibot `parse(schema, input)`). */
export const SCHEMA_PARSE_METHODS = new Set(['parse', 'parseAsync']);
export const SCHEMA_SAFE_PARSE_METHODS = new Set(['safeParse', 'safeParseAsync']);

export const PROCESS_MODULES = new Set(['process', 'node:process']);
export const UTIL_MODULES = new Set(['util', 'node:util']);
export const URL_MODULES = new Set(['url', 'node:url']);
export const BUFFER_MODULES = new Set(['buffer', 'node:buffer']);

/** Globals the evaluator knows by name (when no local declaration shadows them). */
export const KNOWN_GLOBALS = new Set([
  'console',
  'JSON',
  'Object',
  'URL',
  'String',
  'Buffer',
  'require',
  'encodeURIComponent',
  'encodeURI',
  'decodeURIComponent',
  'decodeURI',
  'escape',
  'unescape',
  'structuredClone',
]);
export const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
