import { relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { isDynamicPattern } from 'tinyglobby';

/**
 * Glob paths and `--ignore-pattern`, as ESLint reads them: picomatch does the matching (the
 * matcher tinyglobby, and so typescript-eslint, use), with dotfiles included as ESLint
 * includes them. A glob only chooses among the files discovery lists anyway, so what
 * .gitignore ignores, dependencies and build output stay out however broad the glob.
 */

const MATCH_OPTIONS: picomatch.PicomatchOptions = { dot: true };

/** A path argument that is a glob: its static folder (where discovery starts) and a test for the files under it. */
export interface PathGlob {
  /** The folder before the first glob segment, as typed ('' for the current directory). */
  base: string;
  /** The rest, matched against paths relative to `base`. */
  pattern: string;
  /** Whether a file, given relative to `base` and '/'-separated, matches. */
  matches(relativePath: string): boolean;
}

/**
 * The glob in a path argument, or undefined for a literal path. The caller asks only for a
 * path that does not exist as typed: `pages/[id].ts` names a Next.js route file, not a glob.
 */
export function pathGlob(input: string): PathGlob | undefined {
  const posix = input.split(sep).join('/');
  if (!isDynamicPattern(posix)) return undefined;
  const scanned = picomatch.scan(posix);
  const isMatch = picomatch(scanned.glob, MATCH_OPTIONS);
  return { base: scanned.base, pattern: scanned.glob, matches: (relativePath) => isMatch(relativePath) };
}

/**
 * `--ignore-pattern` patterns, relative to the current directory as ESLint's are: a file is
 * ignored when the pattern matches it or one of its folders (`lib/gen` and `lib/gen/` ignore
 * everything inside). Returns the pattern that ignores `absolutePath`, if any.
 */
export function ignorePatternMatcher(patterns: readonly string[], cwd: string): (absolutePath: string) => string | undefined {
  if (patterns.length === 0) return () => undefined;
  const matchers = patterns.map((pattern) => {
    const normalised = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
    return { pattern, isMatch: picomatch(normalised, MATCH_OPTIONS) };
  });
  return (absolutePath) => {
    const path = relative(cwd, absolutePath).split(sep).join('/');
    if (path === '' || path.startsWith('../')) return undefined;
    const segments = path.split('/');
    for (const { pattern, isMatch } of matchers) {
      for (let end = segments.length; end > 0; end -= 1) {
        if (isMatch(segments.slice(0, end).join('/'))) return pattern;
      }
    }
    return undefined;
  };
}
