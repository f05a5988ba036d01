/**
 * Issue 13 item 4 worker: CPU time of one warm, in-process CLI run (`--dry`: rules, transforms
 * and the diff) and of one ESLint lint (the recommended config) on a single generated module
 * of each size, interleaved after a warm-up, so the JIT treats every size alike. With
 * `rssOnly`, one cold CLI run on the first size and its peak RSS (a process of its own per
 * size, as a user runs it).
 *
 * Input: one JSON argument (`FileSizeWorkerInput`). Output: one JSON line (`FileSizeWorkerOutput`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { ESLint as ESLintType, Linter } from 'eslint';
import { largeLambdaModule } from '../corpus/large-module.js';
import { runInterleaved } from '../lib/stats.js';

export interface FileSizeWorkerInput {
  /** File sizes in characters. */
  sizes: number[];
  rounds: number;
  distRoot: string;
  rssOnly: boolean;
}

export interface FileSizeWorkerOutput {
  /** Per size: CPU ms of each round. */
  cliCpuMs: number[][];
  eslintCpuMs: number[][];
  /** Peak RSS in MB of the process (rssOnly: after one CLI run on sizes[0]). */
  maxRssMb: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as FileSizeWorkerInput;
const imported = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(input.distRoot, path)).href)) as T;
const { runCli } = await imported<typeof import('../../cli/run.js')>('cli/run.js');
const { parseCommandLine } = await imported<typeof import('../../cli/cli-args.js')>('cli/cli-args.js');

const root = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-bench-file-size-'));
const folders = input.sizes.map((size) => {
  const folder = join(root, String(size));
  mkdirSync(join(folder, 'src'), { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ name: 'app', private: true, devDependencies: { '@types/aws-lambda': '^8' } }),
  );
  writeFileSync(join(folder, 'src/handlers.ts'), largeLambdaModule(size));
  return folder;
});

const discard = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });
const cpuMs = async (work: () => Promise<unknown>): Promise<number> => {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};
const command = parseCommandLine(['--dry']);
if (command.kind !== 'run') throw new Error('--dry did not parse as a run');
const runOnce = (folder: string) => runCli(command.args, { cwd: folder, stdout: discard(), stderr: discard() });

try {
  if (input.rssOnly) {
    await runOnce(folders[0]!);
    const output: FileSizeWorkerOutput = { cliCpuMs: [], eslintCpuMs: [], maxRssMb: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } else {
    const { ESLint } = (await import('eslint')) as unknown as { ESLint: typeof ESLintType };
    const plugin = (await imported<{ default: { configs: { recommended: Linter.Config[] } } }>('rules/index.js')).default;
    const lintOnce = (folder: string) =>
      new ESLint({ cwd: folder, overrideConfigFile: true, overrideConfig: plugin.configs.recommended, cache: false }).lintFiles(['src']);
    const cli = await runInterleaved(
      folders.map((folder) => () => cpuMs(() => runOnce(folder))),
      input.rounds,
    );
    const eslint = await runInterleaved(
      folders.map((folder) => () => cpuMs(() => lintOnce(folder))),
      input.rounds,
    );
    const output: FileSizeWorkerOutput = { cliCpuMs: cli, eslintCpuMs: eslint, maxRssMb: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
