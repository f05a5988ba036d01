import { basename } from 'node:path';

/**
 * Which file a shell command runs with a script runner (`tsx scripts/reset.ts`, `node
 * jobs/check-ids`): what package.json scripts, `prisma.seed` and `cdk.json`'s `app` start.
 * Read by the local-code verdict and by the deployment-config reader.
 */

/** Programs that run a JS/TS file: `node x.js`, `tsx x.ts`, `ts-node x.ts`, `bun run x.ts`. */
const SCRIPT_RUNNERS = new Set([
  'node',
  'nodejs',
  'tsx',
  'ts-node',
  'ts-node-esm',
  'ts-node-dev',
  'babel-node',
  'esno',
  'esrun',
  'vite-node',
  'jiti',
  'bun',
  'sucrase-node',
  'swc-node',
]);
/** Runner options that take the next word as their value (a loader, a preload, an env file). */
const OPTIONS_WITH_VALUE = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-e',
  '--eval',
  '-p',
  '--print',
  '--env-file',
  '--tsconfig',
  '-P',
  '--project',
]);
const SCRIPT_FILE = /\.[cm]?[jt]sx?$/;
/** `node jobs/check-ids`: a path without an extension, which Node resolves as it resolves a require. */
const EXTENSIONLESS_PATH = /^(?:\.{1,2}\/)?[\w@-][\w@.-]*(?:\/[\w@-][\w@-]*)*$/;
/** What Node (and tsx/ts-node) try for an extensionless entry point, in order. */
const ENTRY_SUFFIXES = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '/index.js', '/index.ts'];
/** The entry file each command runs with a script runner, as written (`prisma/seed.ts`). */
export function filesRunByCommand(command: string): string[] {
  const files: string[] = [];
  for (const segment of command.split(/&&|\|\||[;|&]/)) {
    const words = segment
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/^["']|["']$/g, ''));
    const runnerAt = words.findIndex((word) => SCRIPT_RUNNERS.has(basename(word)));
    if (runnerAt === -1) continue;
    for (let index = runnerAt + 1; index < words.length; index += 1) {
      const word = words[index]!;
      if (OPTIONS_WITH_VALUE.has(word)) {
        index += 1;
        continue;
      }
      if (word.startsWith('-')) continue;
      if (SCRIPT_FILE.test(word)) {
        files.push(word);
        break;
      }
      // `node jobs/check-ids` (a path, not a bare word such as a package name or `migrate`).
      if (word.includes('/') && EXTENSIONLESS_PATH.test(word)) {
        files.push(...ENTRY_SUFFIXES.map((suffix) => `${word}${suffix}`));
        break;
      }
    }
  }
  return files;
}
