import type { API, FileInfo, JSCodeshift } from 'jscodeshift';
import { extname } from 'node:path';

/** The runtime module the inserted code imports from, unless `--vendor` points elsewhere. */
export const DEFAULT_RUNTIME_IMPORT = 'prisma-aurora-fix/runtime';

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

let loadedJscodeshift: JSCodeshift | undefined;

/** jscodeshift is loaded on first use only, so `--help` and pre-filtered runs stay fast. */
export async function loadJscodeshift(): Promise<JSCodeshift> {
  if (loadedJscodeshift === undefined) {
    const module = (await import('jscodeshift')) as unknown as { default: JSCodeshift };
    loadedJscodeshift = module.default;
  }
  return loadedJscodeshift;
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
  const jscodeshift = await loadJscodeshift();
  const j = jscodeshift.withParser(parserForPath(file.path));
  const api: API = { j, jscodeshift: j, stats: () => {}, report: () => {} };
  const output = transform(file, api, options);
  return output === undefined || output === file.source ? undefined : output;
}
