/**
 * Which values are credentials: environment variable names that carry a connection string or
 * a database password, and string text that holds a `scheme://user:password@host` URL.
 * Shared by the `no-database-url-logging` rule and the `remove-url-logging` transform.
 */

/**
 * Environment variable names (glob patterns, see {@link createNameMatcher}) that hold a
 * connection string or a database password by convention:
 * - Prisma's own: `url = env("DATABASE_URL")`, `directUrl = env("DIRECT_URL")`,
 *   `shadowDatabaseUrl = env("SHADOW_DATABASE_URL")`, and any `*_DATABASE_URL` a team adds
 *   (`TEST_DATABASE_URL`, `PRISMA_DATABASE_URL`), Neon's `DATABASE_URL_UNPOOLED`.
 * - Vercel Postgres / Neon integrations: `POSTGRES_URL`, `POSTGRES_URL_NON_POOLING`,
 *   `POSTGRES_PRISMA_URL`, `POSTGRES_PASSWORD`.
 * - libpq and the official Docker images: `PGPASSWORD`, `POSTGRES_PASSWORD`, `MYSQL_PASSWORD`,
 *   `MYSQL_ROOT_PASSWORD`, `MYSQL_PWD`.
 * - Other drivers' conventions: `MYSQL_URL`, `MONGODB_URI`, `MONGO_URL`, `REDIS_URL`,
 *   `*_CONNECTION_STRING`, `DB_URL`, `DB_PASSWORD`.
 * Names that only locate a database (`DATABASE_HOST`, `PGHOST`, `DB_SECRET_ARN`) are not here:
 * logging them prints no credential.
 */
export const DEFAULT_SECRET_ENV_NAMES: readonly string[] = [
  'DATABASE_URL',
  '*_DATABASE_URL',
  'DATABASE_URL_*',
  'DIRECT_URL',
  '*_DIRECT_URL',
  'DATABASE_URI',
  '*_DATABASE_URI',
  'DB_URL',
  '*_DB_URL',
  'DB_URI',
  'CONNECTION_STRING',
  '*_CONNECTION_STRING',
  'DATABASE_PASSWORD',
  '*_DATABASE_PASSWORD',
  'DB_PASSWORD',
  '*_DB_PASSWORD',
  'DB_PASS',
  'POSTGRES_URL',
  'POSTGRES_URL_*',
  'POSTGRES_PRISMA_URL',
  'POSTGRESQL_URL',
  'POSTGRES_PASSWORD',
  'PG_URL',
  'PGPASSWORD',
  'PG_PASSWORD',
  'MYSQL_URL',
  'MYSQL_PASSWORD',
  'MYSQL_ROOT_PASSWORD',
  'MYSQL_PWD',
  'MONGODB_URI',
  'MONGODB_URL',
  'MONGO_URI',
  'MONGO_URL',
  'REDIS_URL',
];

/**
 * A case-insensitive matcher for glob-like name patterns: `*` stands for any run of
 * characters (including none), `?` for one character; everything else matches itself.
 * Environment variable names are conventionally upper case, but `process.env.database_url`
 * is the same mistake, so case does not matter.
 */
export function createNameMatcher(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const globs: RegExp[] = [];
  for (const pattern of patterns) {
    if (/[*?]/.test(pattern)) {
      const source = pattern
        .split('')
        .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
        .join('');
      globs.push(new RegExp(`^${source}$`, 'i'));
    } else {
      exact.add(pattern.toLowerCase());
    }
  }
  return (name) => exact.has(name.toLowerCase()) || globs.some((glob) => glob.test(name));
}

export interface SecretNameOptions {
  /** Extra names or glob patterns to treat as secrets, on top of {@link DEFAULT_SECRET_ENV_NAMES}. */
  secretNames?: readonly string[] | undefined;
  /** Names or patterns that are never secrets here (e.g. a `DATABASE_URL` that uses IAM auth). */
  ignoredSecretNames?: readonly string[] | undefined;
}

/** `(name) => true` when an environment variable of that name carries a credential. */
export function createSecretNameMatcher(options: SecretNameOptions = {}): (name: string) => boolean {
  const isListed = createNameMatcher([...DEFAULT_SECRET_ENV_NAMES, ...(options.secretNames ?? [])]);
  const isIgnored = createNameMatcher(options.ignoredSecretNames ?? []);
  return (name) => isListed(name) && !isIgnored(name);
}

/**
 * A piece of text whose value is not known statically (a `${...}` slot of a template
 * literal, an operand of a `+` chain), for {@link credentialedUrlPasswordSpans}.
 */
export const DYNAMIC_TEXT = null;

/** Static text, or {@link DYNAMIC_TEXT} for a value only known at run time. */
export type TextPiece = string | typeof DYNAMIC_TEXT;

/** Private-use character standing for a dynamic piece while scanning. */
const DYNAMIC_MARK = '\uE000';

/**
 * Passwords that are documentation, not secrets: `postgresql://johndoe:randompassword@...`
 * (Prisma's docs), `user:password@`, `<password>`, `${DB_PASSWORD}`, `****`. Compared
 * case-insensitively with `-` and `_` removed.
 */
const PLACEHOLDER_PASSWORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'mypassword',
  'yourpassword',
  'randompassword',
  'mysecretpassword',
  'changeme',
  'redacted',
  'hidden',
  'masked',
  'placeholder',
  'dummy',
  'example',
]);

/** True when a password is documentation (`password`, `<password>`, `${DB_PASSWORD}`, `****`), not a secret. */
export function isPlaceholderPassword(password: string): boolean {
  if (/^(?:<[^>]*>|\{\{?[^}]*\}\}?|\[[^\]]*\]|\$\{[^}]*\}|\$\(?[A-Za-z_][\w]*\)?|%[^%]*%|%\(?\w*\)?s)$/.test(password)) return true;
  if (/^[*•.x#-]+$/i.test(password)) return true;
  return PLACEHOLDER_PASSWORDS.has(password.toLowerCase().replace(/[-_]/g, ''));
}

/** Where an authority ends: the path, query, fragment, or the end of the URL in prose/code. */
const AUTHORITY_END = /[\s/?#"'`]/;

/**
 * Offsets (into the concatenated pieces, end exclusive) of every password in a
 * `scheme://user:password@host` URL. A password slot that holds a dynamic piece counts (a
 * template such as `${engine}://${user}:${password}@${host}` builds a credentialed URL); a
 * static password counts unless it is a documentation placeholder. `scheme://host` and
 * `scheme://user@host` hold no password.
 */
export function credentialedUrlPasswordSpans(pieces: readonly TextPiece[]): Array<[number, number]> {
  const text = pieces.map((piece) => (piece === DYNAMIC_TEXT ? DYNAMIC_MARK : piece)).join('');
  const spans: Array<[number, number]> = [];
  let searchFrom = 0;
  for (;;) {
    const separator = text.indexOf('://', searchFrom);
    if (separator < 0) break;
    searchFrom = separator + 3;
    // The scheme: letters, digits, + . - (RFC 3986), or a dynamic piece (`${engine}://`).
    const schemeChar = text[separator - 1];
    if (schemeChar === undefined || !/[A-Za-z0-9+.\-\uE000]/.test(schemeChar)) continue;
    let authorityEnd = separator + 3;
    while (authorityEnd < text.length && !AUTHORITY_END.test(text[authorityEnd]!)) authorityEnd += 1;
    const authority = text.slice(separator + 3, authorityEnd);
    const at = authority.lastIndexOf('@');
    if (at < 0) continue;
    const userInfo = authority.slice(0, at);
    const colon = userInfo.indexOf(':');
    if (colon < 0) continue;
    const password = userInfo.slice(colon + 1);
    if (password === '') continue;
    if (!password.includes(DYNAMIC_MARK) && isPlaceholderPassword(password)) continue;
    const start = separator + 3 + colon + 1;
    spans.push([start, start + password.length]);
  }
  return spans;
}

/** True when `text` holds a `scheme://user:password@` URL whose password is not a placeholder. */
export function containsCredentialedUrl(text: string): boolean {
  return text.includes('://') && credentialedUrlPasswordSpans([text]).length > 0;
}
