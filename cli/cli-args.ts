import { parseArgs } from 'node:util';

/**
 * Command-line parsing for `prisma-aurora-fix`. Kept free of heavy imports: `--help` and
 * `--version` are answered from here without loading jscodeshift or TypeScript.
 */

export interface RunArguments {
  /** Files, folders or globs to fix, as typed (the current directory when none). */
  paths: string[];
  /** `--ignore-pattern` globs, relative to the current directory (files they match are not checked). */
  ignorePatterns: string[];
  /** Print a unified diff and write nothing. */
  dry: boolean;
  /** Write nothing; exit 1 when any change would be made. */
  check: boolean;
  /** Write even when the git tree has uncommitted changes. */
  force: boolean;
  /**
   * What stdout gets: the human summary, one JSON report (`--json`, `--format json`), a SARIF
   * 2.1.0 log or GitHub workflow annotations (then the human summary goes to stderr).
   */
  format: OutputFormat;
  /** Type-check the changed files before writing and report new diagnostics. */
  verify: boolean;
  /** Copy the runtime into the project instead of importing the package. */
  vendor: boolean;
  /** Also list unchanged files and files skipped before parsing. */
  verbose: boolean;
  /** Transform ids asked for with --transform, in the order typed; undefined = all. */
  transformIds: string[] | undefined;
  /** Read rule options and settings from the project's ESLint config (`--no-eslint-config`: don't). */
  eslintConfig: boolean;
  /** Judge tests, seeds and local scripts like deployed code (`settings['prisma-aurora-fix'].includeLocalCode`). */
  includeLocalCode: boolean;
}

export const OUTPUT_FORMATS = ['human', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; args: RunArguments }
  /** `format`: the output the command line asked for, so the error is reported in it too. */
  | { kind: 'usage-error'; message: string; format: OutputFormat };

export const HELP_TEXT = `Usage: prisma-aurora-fix [options] [paths...]

Fixes how Prisma breaks on AWS Lambda with Aurora Serverless v2: removes logging of
connection strings, sets connection parameters, adds the retry extension and retries
the migration runner. Paths are files, folders or quoted globs ('src/**/*.ts') and
default to the current directory; node_modules, build
output, minified, generated and oversized (over 1 MiB) files and files .gitignore
ignores are skipped. Tests, seeds and local scripts get only the rules that apply
everywhere (secret logging): they never run in a Lambda.

It fixes exactly what the plugin's ESLint rules report: a file outside Lambda scope, a
line under an eslint-disable or prisma-aurora-fix-ignore comment, and a rule the
project's eslint.config.* turns off are left alone, with the rule options that config
sets. What it cannot fix safely is listed as a hand fix (and fails --check).

Options:
  --dry                 print a unified diff of the changes and write nothing
  --check               write nothing; exit 1 when any file would change (CI, pre-commit)
  --transform <ids>     run only these transforms (comma-separated; repeatable)
  --ignore-pattern <glob>
                        do not check files this glob matches, relative to the current
                        directory, as ESLint's option (repeatable)
  --vendor              copy the runtime into the project (one file next to the Prisma
                        module) and import it relatively instead of prisma-aurora-fix/runtime
  --verify              type-check the changed files against the project's tsconfig.json
                        before writing; writes nothing if the fix adds a type error
  --force               write even when the git tree has uncommitted changes, or
                        outside git (never outside the repository the run started in)
  --no-eslint-config    ignore the project's eslint.config.*: check every file with the
                        recommended rule settings
  --include-local-code  also apply the Lambda rules to tests, seeds and scripts a
                        package.json script runs (as the ESLint setting includeLocalCode)
  --json                print a machine-readable JSON report on stdout (--format json)
  --format <format>     human (default), json, sarif (a SARIF 2.1.0 log, for code
                        scanning) or github (workflow annotations); sarif and github
                        need --check or --dry, and put the summary on stderr
  --verbose             also list unchanged files and files skipped before parsing, with why
  -h, --help            show this help
  -v, --version         print the version

Transforms (applied in this order):
  remove-url-logging     delete log statements that print a connection string or the environment
  set-connection-params  connection_limit=1 and connect_timeout>=30 (Prisma <= 6 URL), or
                         max: 1 and connectionTimeoutMillis: 30_000 on the pg pool (Prisma 7)
  set-query-timeout      query_timeout on the pg pool, or socket_timeout in the URL (Prisma <= 6),
                         only with the value set in require-query-timeout's queryTimeoutMillis
  add-retry-extension    chain .$extends(auroraRetry()) onto every PrismaClient
  wrap-migration-runner  retry the spawned Prisma CLI (runMigration / withRetry)
  add-binary-targets     add the Lambda platforms the infrastructure deploys to to a Prisma <= 6
                         schema's binaryTargets

Exit codes:
  0  done (or, with --check, nothing to fix)
  1  --check: some file would change, a finding needs a hand fix, or a file could not be
     checked (not UTF-8, yet it mentions Prisma or a database)
  2  a file failed, the fix would add a type error (--verify), the git tree is dirty, the
     files are not in git, a path is outside the repository, or bad usage

Writing refuses on uncommitted changes under the given paths (a dirty package.json or
lockfile is fine) and outside git, so the fix can be reviewed with git diff (--force
writes anyway), and always for a path outside the repository the run started in, symbolic
links resolved; --dry and --check never write.
`;

/** Parses argv (without `node` and the script path). */
export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        dry: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        verify: { type: 'boolean', default: false },
        vendor: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        transform: { type: 'string', multiple: true },
        'ignore-pattern': { type: 'string', multiple: true },
        'no-eslint-config': { type: 'boolean', default: false },
        'include-local-code': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message, format: askedFormat(argv) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const format = values.json ? 'json' : (values.format ?? 'human');
  if (!isOutputFormat(format)) {
    return { kind: 'usage-error', message: `unknown --format '${format}'. Valid formats: ${OUTPUT_FORMATS.join(', ')}`, format: 'human' };
  }
  if (values.json && values.format !== undefined && values.format !== 'json') {
    return { kind: 'usage-error', message: `--json and --format ${values.format} ask for two outputs: give one`, format: 'json' };
  }
  if ((format === 'sarif' || format === 'github') && !values.check && !values.dry) {
    // Their positions are those of the files as read; after a write they would point at fixed code.
    return {
      kind: 'usage-error',
      message: `--format ${format} reports the findings in the files as they are: use it with --check (CI) or --dry`,
      format,
    };
  }

  let transformIds: string[] | undefined;
  if (values.transform !== undefined) {
    transformIds = values.transform
      .flatMap((value) => value.split(','))
      .map((id) => id.trim())
      .filter((id) => id !== '');
    if (transformIds.length === 0) return { kind: 'usage-error', message: '--transform needs at least one transform id', format };
  }

  return {
    kind: 'run',
    args: {
      paths: positionals.length > 0 ? positionals : ['.'],
      ignorePatterns: values['ignore-pattern'] ?? [],
      dry: values.dry,
      check: values.check,
      force: values.force,
      format,
      verify: values.verify,
      vendor: values.vendor,
      verbose: values.verbose,
      transformIds,
      eslintConfig: !values['no-eslint-config'],
      includeLocalCode: values['include-local-code'],
    },
  };
}

function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/**
 * The output a command line that failed to parse asked for (`--json`, `--format X`,
 * `--format=X`): a script that reads stdout as JSON or SARIF gets that whatever went wrong.
 * Arguments after `--` are paths, not options.
 */
function askedFormat(argv: readonly string[]): OutputFormat {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  if (options.includes('--json')) return 'json';
  for (const [index, argument] of options.entries()) {
    const value = argument.startsWith('--format=')
      ? argument.slice('--format='.length)
      : argument === '--format'
        ? options[index + 1]
        : undefined;
    if (value !== undefined && isOutputFormat(value)) return value;
  }
  return 'human';
}

/** Quotes an argument for a POSIX shell only when it needs it (for the "run this" hints). */
export function shellQuote(argument: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that applies what `--check`/`--dry` found, with the same paths and choices;
 * with `--force` when those paths have uncommitted changes the plain command would refuse.
 */
export function fixCommand(args: RunArguments, { force }: { force: boolean }): string {
  const parts = ['npx', 'prisma-aurora-fix'];
  if (force) parts.push('--force');
  if (args.transformIds !== undefined) parts.push('--transform', args.transformIds.join(','));
  if (args.vendor) parts.push('--vendor');
  if (!args.eslintConfig) parts.push('--no-eslint-config');
  if (args.includeLocalCode) parts.push('--include-local-code');
  for (const pattern of args.ignorePatterns) parts.push('--ignore-pattern', shellQuote(pattern));
  const paths = args.paths.length === 1 && args.paths[0] === '.' ? [] : args.paths;
  parts.push(...paths.map(shellQuote));
  return parts.join(' ');
}
