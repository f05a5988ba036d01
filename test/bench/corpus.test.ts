import { parse } from '@typescript-eslint/typescript-estree';
import jscodeshift from 'jscodeshift';
import { extname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCorpus, isSourceFile, markEveryFile, summarizeCorpus, type FileKind } from '../../bench/corpus/generate.js';
import { Random } from '../../bench/corpus/random.js';
import { mightNeedAFix } from '../../cli/prefilter.js';
import { parserForPath } from '../../codemods/lib/transform.js';

/**
 * The bench corpus must be the same on every machine (seeded, no Math.random), valid for
 * every parser the measured tools use (a file that fails to parse measures an error path),
 * and shaped like a real Prisma-on-Lambda codebase: mostly code the CLI's prefilter skips.
 */
describe('bench corpus generator', () => {
  const corpus = buildCorpus({ files: 600 });
  const sources = corpus.filter(isSourceFile);

  it('is deterministic for a seed and differs across seeds', () => {
    expect(buildCorpus({ files: 600 })).toEqual(corpus);
    const other = buildCorpus({ files: 600, seed: 'another seed' });
    expect(other.map((file) => file.source).join('\n')).not.toBe(corpus.map((file) => file.source).join('\n'));
  });

  it('has exactly the requested number of source files, with unique paths', () => {
    expect(sources).toHaveLength(600);
    expect(new Set(corpus.map((file) => file.path)).size).toBe(corpus.length);
    expect(buildCorpus({ files: 37 }).filter(isSourceFile)).toHaveLength(37);
  });

  it(
    "parses every file with typescript-estree (as ESLint and the CLI do) and with jscodeshift's parser for its extension",
    { timeout: 120_000 },
    () => {
      const failures: string[] = [];
      for (const file of sources.slice(0, 400)) {
        const extension = extname(file.path);
        try {
          parse(file.source, {
            jsx: extension === '.tsx' || extension === '.js' || extension === '.mjs' || extension === '.cjs',
            filePath: file.path,
          });
        } catch (error) {
          failures.push(`typescript-estree ${file.path}: ${(error as Error).message}`);
        }
        try {
          jscodeshift.withParser(parserForPath(file.path))(file.source);
        } catch (error) {
          failures.push(`jscodeshift ${file.path}: ${(error as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    },
  );

  it('mixes Prisma, Lambda, CDK, migration and unrelated code, TS and TSX and JS', () => {
    const { byKind, byExtension } = summarizeCorpus(buildCorpus({ files: 3000 }), 'test');
    const expected: FileKind[] = [
      'prisma-module',
      'repository',
      'service',
      'route-handler',
      'db-handler',
      'plain-handler',
      'migration-runner',
      'db-construct',
      'plain-construct',
      'react-component',
      'react-hook',
      'utilities',
      'types',
      'test',
      'reducer',
      'javascript',
    ];
    for (const kind of expected) expect(byKind[kind] ?? 0, kind).toBeGreaterThan(0);
    for (const extension of ['.ts', '.tsx', '.js', '.mjs', '.cjs']) expect(byExtension[extension] ?? 0, extension).toBeGreaterThan(0);
  });

  it('is mostly code the CLI prefilter skips, like a real app', () => {
    const candidates = sources.filter((file) => mightNeedAFix(file.source)).length;
    const share = candidates / sources.length;
    // The Prisma modules, handlers with a database, CDK constructs with a DATABASE_URL and
    // migration runners: a few percent of a monorepo, as in real ones.
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.5);
    // Unrelated code reaches the parser only through the occasional comment that names a database.
    const unrelated = sources.filter((file) => ['react-component', 'utilities', 'types', 'reducer', 'plain-construct'].includes(file.kind));
    expect(unrelated.filter((file) => mightNeedAFix(file.source)).length / unrelated.length).toBeLessThan(0.08);
  });

  it('markEveryFile makes every source file a prefilter candidate and leaves manifests alone', () => {
    const marked = markEveryFile(corpus, '// bench: every file a prefilter candidate (process)');
    expect(marked.filter(isSourceFile).every((file) => mightNeedAFix(file.source))).toBe(true);
    expect(marked.filter((file) => !isSourceFile(file))).toEqual(corpus.filter((file) => !isSourceFile(file)));
  });
});

describe('bench PRNG', () => {
  it('repeats a sequence for a seed, spreads values over [0, 1) and honours weights', () => {
    const first = new Random('seed');
    const second = new Random('seed');
    const values = Array.from({ length: 10_000 }, () => first.next());
    expect(Array.from({ length: 10_000 }, () => second.next())).toEqual(values);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
    const weighted = new Random('weights');
    const picks = Array.from({ length: 10_000 }, () => weighted.weighted({ a: 9, b: 1 }));
    const share = picks.filter((pick) => pick === 'a').length / picks.length;
    expect(share).toBeGreaterThan(0.87);
    expect(share).toBeLessThan(0.93);
  });
});
