import type { API, FileInfo, JSCodeshift } from 'jscodeshift';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { DEFAULT_RUNTIME_IMPORT } from '../../analysis/runtime-api.js';

/** The runtime module the inserted code imports from, unless `--vendor` points elsewhere. */
export { DEFAULT_RUNTIME_IMPORT };

/** Options every transform receives (the CLI resolves them per file). */
export interface AuroraTransformOptions {
  /**
   * Module specifier for `auroraRetry`, `withRetry` and `runMigration`: the package export by
   * default, or a relative path to a vendored copy (`./aurora-retry.js`) with `--vendor`.
   */
  runtimeImport: string;
  /**
   * Major version of Prisma in the nearest package.json, when known. Transforms that must
   * choose between the Prisma 6 URL form and the Prisma 7 adapter form use it together with
   * what the file itself shows (a driver adapter import).
   */
  prismaMajor?: number | undefined;
  /**
   * The findings of the rules as ESLint reports them for this text (the CLI runs the rules
   * with the project's ESLint config, its `eslint-disable` comments and Lambda scope). When
   * set, a transform fixes these and nothing else; unset (jscodeshift's own runner), it fixes
   * everything its detection finds.
   */
  findings?: readonly StandingFinding[] | undefined;
  /**
   * `set-query-timeout`'s bound in milliseconds, for jscodeshift's own runner
   * (`--queryTimeoutMillis=10000`); the CLI passes the rule's `queryTimeoutMillis` in
   * {@link ruleOptions} instead.
   */
  queryTimeoutMillis?: number | undefined;
  /** Each rule's options (the first element of its options array), by rule id, as the config gives them. */
  ruleOptions?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Told of each finding the transform leaves on purpose, with why: the CLI lists it as a hand
   * fix with that reason instead of a generic one.
   */
  onSkip?: ((skipped: SkippedFinding) => void) | undefined;
}

/** A finding a transform leaves, at its range in the text the transform was given. */
export interface SkippedFinding extends StandingFinding {
  reason: string;
}

/** Tells the caller a standing finding is left, and why (nothing when it is not a finding). */
export function reportSkipped(options: Pick<AuroraTransformOptions, 'findings' | 'onSkip'>, skipped: SkippedFinding): void {
  if (isStanding(options, skipped.ruleId, skipped.range)) options.onSkip?.(skipped);
}

/** A finding of one of the plugin's rules: its id without the plugin prefix, and its range in the text. */
export interface StandingFinding {
  ruleId: string;
  range: readonly [number, number];
}

/**
 * Whether the transform may fix what its detection found at `range` for `ruleId`: the rule
 * reports it (with the same range, since rule and transform share the detection), or the
 * transform runs without findings.
 */
export function isStanding(options: Pick<AuroraTransformOptions, 'findings'>, ruleId: string, range: readonly [number, number]): boolean {
  if (options.findings === undefined) return true;
  return options.findings.some((finding) => finding.ruleId === ruleId && finding.range[0] === range[0] && finding.range[1] === range[1]);
}

/** A rule's options object as the config gives it, or `{}`. */
export function ruleOptionsOf<T extends object>(options: Pick<AuroraTransformOptions, 'ruleOptions'>, ruleId: string): Partial<T> {
  const value = options.ruleOptions?.[ruleId];
  return typeof value === 'object' && value !== null ? (value as Partial<T>) : {};
}

/**
 * A transform in jscodeshift's shape: return the new source, or `undefined` when nothing
 * changes (so recast reprints nothing and the file is left byte-identical).
 */
export type AuroraTransform = (file: FileInfo, api: API, options: AuroraTransformOptions) => string | undefined;

export type ParserName = 'ts' | 'tsx' | 'babylon';

/**
 * jscodeshift's parser for a file: `tsx` would misread `<T>x` casts in .ts files, so only
 * .tsx gets it; JavaScript goes through Babel with JSX enabled.
 */
export function parserForPath(path: string): ParserName {
  switch (extname(path).toLowerCase()) {
    case '.ts':
    case '.mts':
    case '.cts':
      return 'ts';
    case '.tsx':
      return 'tsx';
    default:
      return 'babylon';
  }
}

export const TRANSFORMABLE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/**
 * Makes a transform runnable by jscodeshift's own runner too
 * (`npx jscodeshift -t node_modules/prisma-aurora-fix/dist/codemods/<id>.js src`): there the
 * options are jscodeshift's command-line flags, so `runtimeImport` defaults to the package
 * export and `--prismaMajor=7` arrives as a string.
 */
export function defineTransform(transform: AuroraTransform): AuroraTransform {
  return (file, api, options: Partial<AuroraTransformOptions> | undefined) => {
    // jscodeshift hands flags over as strings.
    const prismaMajor = options?.prismaMajor === undefined ? undefined : Number(options.prismaMajor);
    const queryTimeoutMillis = options?.queryTimeoutMillis === undefined ? undefined : Number(options.queryTimeoutMillis);
    return transform(file, api, {
      runtimeImport: options?.runtimeImport ?? DEFAULT_RUNTIME_IMPORT,
      prismaMajor: prismaMajor !== undefined && Number.isInteger(prismaMajor) ? prismaMajor : undefined,
      queryTimeoutMillis:
        queryTimeoutMillis !== undefined && Number.isInteger(queryTimeoutMillis) && queryTimeoutMillis > 0 ? queryTimeoutMillis : undefined,
      findings: Array.isArray(options?.findings) ? options.findings : undefined,
      ruleOptions: typeof options?.ruleOptions === 'object' && options.ruleOptions !== null ? options.ruleOptions : undefined,
      onSkip: typeof options?.onSkip === 'function' ? options.onSkip : undefined,
    });
  };
}

const require = createRequire(import.meta.url);

/**
 * The `api` argument jscodeshift gives a transform. Our transforms edit text at the ranges the
 * shared detection reports, so none of them touches `api.jscodeshift`: it is loaded (Babel,
 * recast: a few hundred milliseconds) only if a transform asks for it.
 */
function lazyApi(parser: ParserName): API {
  let j: JSCodeshift | undefined;
  const load = (): JSCodeshift => {
    j ??= (require('jscodeshift') as JSCodeshift).withParser(parser);
    return j;
  };
  return {
    get j() {
      return load();
    },
    get jscodeshift() {
      return load();
    },
    stats: () => {},
    report: () => {},
  };
}

/**
 * Runs one transform on one file the way jscodeshift's runner would, with the parser chosen
 * by extension. Returns the new source, or `undefined` when the transform changed nothing.
 */
export async function runTransform(
  transform: AuroraTransform,
  file: FileInfo,
  options: AuroraTransformOptions,
): Promise<string | undefined> {
  const output = transform(file, lazyApi(parserForPath(file.path)), options);
  return output === undefined || output === file.source ? undefined : output;
}
