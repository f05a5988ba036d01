/**
 * Cheap text tests, one per analysis: false means the file cannot hold anything that analysis
 * reports, so a rule returns before walking the tree and the CLI skips the file before parsing
 * it. Each analysis gates itself with its test, and the CLI's prefilter is the union of the
 * tests of the transforms it runs, so the prefilter can never hide a file a transform would
 * change. Dependency-free on purpose: the CLI loads this module without loading a parser.
 */

/**
 * Secret logging (analysis/secret-logging/): every source needs `process` (`process.env`, an
 * import of `node:process`), `://` (a URL literal with credentials), an env module's path in a
 * string (`'~/env'`, `'../env.mjs'`, `'$env/static/private'`) or an env validator's name.
 */
const TYPED_ENV_TEXT = /['"`](?:[^'"`\n]*[/~@#$])?env(?:\/[^'"`\n]*|\.[cm]?[jt]sx?)?['"`]|createEnv|cleanEnv|envsafe|parseEnv/;

export function mayContainSecretLog(text: string): boolean {
  return text.includes('process') || text.includes('://') || TYPED_ENV_TEXT.test(text);
}

/**
 * Connection settings (analysis/connection-settings/): a database scheme, a database-URL
 * or URL-options name (what makes a `?`-fragment or a `${engine}://` template count), a
 * connection parameter, or an import of `pg` or a Prisma driver adapter.
 */
const CONNECTION_SETTINGS_TEXT =
  /postgres|mysql|(?:database|db|datasource|pg|connection)[_-]?(?:url|uri|string)|(?:database|db|datasource)[_-]?(?:option|param|quer)|connstr|connection_limit|connect_timeout|pool_timeout|sslmode|['"]pg['"]|@prisma\/adapter-/i;

export function mayHoldConnectionSettings(text: string): boolean {
  return CONNECTION_SETTINGS_TEXT.test(text);
}

/**
 * A PrismaClient construction (analysis/prisma-client/): every form, aliased, namespaced or
 * required, names `PrismaClient` somewhere in the file.
 */
export function mayConstructPrismaClient(text: string): boolean {
  return text.includes('PrismaClient');
}

/** A Prisma migration spawned from Node (analysis/migration-spawn/). */
export function mayContainMigrationSpawn(text: string): boolean {
  return /prisma/i.test(text) && /child_process|execa|\bzx\b|cross-spawn/.test(text);
}

/**
 * Infrastructure timeouts (analysis/infrastructure/): a function construct (`NodejsFunction`,
 * `sst.aws.Function`, a serverless.ts `functions`) and something that connects it to a
 * database: a database-URL name (the names `isDatabaseUrlName` accepts), a grant, a port rule,
 * or SST's `link`/`bind`.
 */
const DATABASE_ACCESS_TEXT =
  /(?:database|db|datasource|postgres|postgresql|pg|mysql|connection)[_\-.]?(?:url|uri|string)|conn[_\-.]?str|grantConnect|grantRead|allowDefaultPortFrom|allowToDefaultPort|allowTo\b|\blink\b|\bbind\b/i;

export function mayDeclareDatabaseFunction(text: string): boolean {
  return /unction/.test(text) && DATABASE_ACCESS_TEXT.test(text);
}

/** A pausing Aurora cluster (analysis/infrastructure/idle-session-timeout.ts): its 0 ACU is a `minCapacity` key. */
export function mayDeclarePausingCluster(text: string): boolean {
  return /mincapacity/i.test(text);
}

/** A Prisma Client generator (analysis/binary-targets/): its provider names `prisma-client`. */
export function mayHoldClientGenerator(text: string): boolean {
  return text.includes('generator') && text.includes('prisma-client');
}
