/**
 * Figure 7: what `npm i -D prisma-aurora-fix` adds to a project that already has ESLint,
 * typescript-eslint and TypeScript, next to what `npm i -D eslint-plugin-unicorn` adds to the
 * same project (an anchor: a large, popular plugin). Real installs from the npm registry, so
 * the figure runs in the full bench only (`--quick` skips it: no network in its time budget).
 * Our package is this checkout's `npm pack` tarball: what would be published. Sizes are the
 * bytes of every file under node_modules (symbolic links not followed), so dedupe with the
 * project's own typescript-eslint, or a second copy of anything, shows up.
 */
import { execFile } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext } from '../lib/context.js';
import { failed, goals, judge, skipped, type Figure } from '../lib/figures.js';
import { REPO_ROOT } from '../lib/repo.js';

const execFileAsync = promisify(execFile);
const ID = '7-install-size';
const TITLE = 'install size `npm i -D prisma-aurora-fix` adds';
/** A pinned anchor, so the row moves only when we do. */
export const ANCHOR = 'eslint-plugin-unicorn@80.0.0';

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Bytes of every file under `dir`, without following symbolic links. */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(path);
    else total += lstatSync(path).size;
  }
  return total;
}

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await execFileAsync('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  return stdout;
}

const INSTALL = ['install', '--save-dev', '--no-audit', '--no-fund', '--ignore-scripts'];

/** A project with ESLint (this repository's version), typescript-eslint 8 and TypeScript. */
async function baseProject(root: string): Promise<string> {
  const dir = join(root, 'base');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), '{ "name": "bench-install-size", "version": "1.0.0", "private": true }\n');
  await npm(
    [...INSTALL, `eslint@${installedVersion('eslint')}`, 'typescript-eslint@^8', `typescript@${installedVersion('typescript')}`],
    dir,
  );
  return dir;
}

/** MB (10^6 bytes) that installing `spec` into a copy of `base` adds to its node_modules. */
async function addedMegabytes(base: string, spec: string, name: string): Promise<number> {
  const dir = join(base, '..', name);
  cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
  await npm([...INSTALL, spec], dir);
  return (treeBytes(join(dir, 'node_modules')) - treeBytes(join(base, 'node_modules'))) / 1e6;
}

export async function installSizeFigures(context: BenchContext): Promise<Figure[]> {
  const goal = goals.info();
  // Not a skip under --quick (which CI runs with --strict): a full-run-only row, as others are.
  if (context.quick) return [];
  const root = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-bench-install-'));
  try {
    let base: string;
    try {
      base = await baseProject(root);
    } catch (error) {
      return [
        skipped(ID, TITLE, goal, `npm could not install the base project (no registry?): ${(error as Error).message.split('\n')[0]}`),
      ];
    }
    const [packed] = JSON.parse(await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', root], REPO_ROOT)) as Array<{
      filename: string;
    }>;
    const ours = await addedMegabytes(base, join(root, packed!.filename), 'ours');
    const anchor = await addedMegabytes(base, ANCHOR, 'anchor');
    const baseMegabytes = treeBytes(join(base, 'node_modules')) / 1e6;
    return [
      judge({
        id: ID,
        title: TITLE,
        goal,
        ours: { value: ours, unit: 'MB' },
        floor: { value: anchor, unit: 'MB' },
        floorLabel: `what ${ANCHOR} adds to the same project`,
        note: `added to a ${baseMegabytes.toFixed(1)} MB project (eslint ${installedVersion('eslint')}, typescript-eslint 8, typescript ${installedVersion('typescript')}); the floor is ${ANCHOR}`,
      }),
    ];
  } catch (error) {
    return [failed(ID, TITLE, goal, error)];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
