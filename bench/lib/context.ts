import type { CorpusSummary } from '../corpus/generate.js';

/** Everything a figure needs to know about this run. */
export interface BenchContext {
  quick: boolean;
  /** The tree the ESLint and CLI figures run over. */
  corpus: {
    root: string;
    /** True for the generated corpus, false for `--corpus DIR`. */
    generated: boolean;
    /** Source files in it (JS/TS). */
    sourceFiles: string[];
    summary?: CorpusSummary;
    /** The same corpus with a prefilter word appended to every source file (generated corpus only). */
    everyFileCandidateRoot?: string;
  };
  eslintMajor: 9 | 10;
  /** What the ESLint and CLI-over-a-tree figures compare: CPU time (default) or wall-clock time. */
  metric: 'cpu' | 'wall';
  /** Seconds the server stays paused in the recovery figure. */
  pauseSeconds: number;
  /** Sizes and repetition counts, smaller with --quick. */
  sizes: BenchSizes;
  log(message: string): void;
}

export interface BenchSizes {
  /** Interleaved rounds for the ESLint figure (odd, so the median is a real run). */
  rounds: number;
  /** Interleaved rounds for the CLI-over-a-tree figure. */
  cliRounds: number;
  /** Process pairs for the start-up figures (`--help`, `--check` on 3 files). */
  startPairs: number;
  /** Process pairs for the runtime import figure. */
  importPairs: number;
  /** Queries per query-worker process, and worker processes per variant. */
  queries: number;
  queryRounds: number;
  /**
   * Lint only the first N source files of the corpus in figure 1 (undefined: all of it). The
   * quick run needs a corpus large enough that the CLI figure measures work rather than
   * start-up, and ESLint over all of it would not fit in a minute.
   */
  eslintFiles?: number;
}

export const FULL_SIZES: BenchSizes = { rounds: 5, cliRounds: 5, startPairs: 30, importPairs: 150, queries: 10_000, queryRounds: 5 };
export const QUICK_SIZES: BenchSizes = {
  rounds: 3,
  cliRounds: 2,
  startPairs: 4,
  importPairs: 8,
  queries: 1_500,
  queryRounds: 1,
  eslintFiles: 120,
};
