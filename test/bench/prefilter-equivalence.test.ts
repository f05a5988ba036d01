import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCorpus, isSourceFile, markEveryFile, writeCorpus } from '../../bench/corpus/generate.js';
import { changedFiles, cliReport, parsedCount } from '../../bench/figures/cli.js';
import { DIST } from '../../bench/lib/repo.js';

/**
 * The CLI's text prefilter must never hide a file a transform would change. Over the bench's
 * generated corpus (realistic shapes, broken and fixed), `--check` must report the same
 * changed files, with the same transforms, as over the same corpus with a prefilter word
 * appended to every file (so every file is parsed and transformed). Runs the built CLI,
 * like the bench (the test script builds first).
 */
describe('prefilter equivalence on the bench corpus', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('reports the same changed files with the prefilter as with every file a candidate', { timeout: 180_000 }, () => {
    expect(existsSync(DIST.cli), 'dist/cli/bin.js: run npm run build').toBe(true);
    const corpus = buildCorpus({ files: 300, seed: 'prefilter-equivalence' });
    const normalRoot = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-prefilter-'));
    const everyFileRoot = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-prefilter-all-'));
    dirs.push(normalRoot, everyFileRoot);
    writeCorpus(normalRoot, corpus);
    writeCorpus(everyFileRoot, markEveryFile(corpus, '// every file a prefilter candidate (process)'));

    const normal = cliReport(normalRoot);
    const everyFile = cliReport(everyFileRoot);
    const sourceFiles = corpus.filter(isSourceFile).length;

    expect(parsedCount(everyFile)).toBe(sourceFiles);
    expect(parsedCount(normal)).toBeLessThan(sourceFiles * 0.6);
    expect(normal.totals.failed).toBe(0);
    expect(everyFile.totals.failed).toBe(0);
    // The corpus holds broken shapes, so the comparison is not between two empty sets.
    expect(changedFiles(normal).size).toBeGreaterThan(0);
    expect(Object.fromEntries(changedFiles(normal))).toEqual(Object.fromEntries(changedFiles(everyFile)));
  });
});
