import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report.js';
import { PRISMA_MODULE, REPO_ROOT, ensureBuilt, gitStatus, makeRepo, removeTempDirs, runCli } from './support.js';

/**
 * `--verify` type-checks the fix before writing and reports only the type errors the fix
 * adds. The projects here use a small stand-in for `@prisma/client` so the test controls what
 * `$extends` returns, which is exactly what decides whether a fix breaks a caller.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const json = (stdout: string): Report => JSON.parse(stdout) as Report;

/** What plain `tsc -p tsconfig.json --noEmit` reports, as sorted `file TScode` lines. */
function tscErrors(dir: string): string[] {
  const tsc = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  return [...tsc.stdout.matchAll(/^(\S+?)\(\d+,\d+\): error (TS\d+)/gm)].map((match) => `${match[1]} ${match[2]}`).sort();
}

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  },
  include: ['src'],
});

/** `$extends` returning `extended` decides whether the extended client is still a PrismaClient. */
function prismaStandIn(extended: 'this' | '{ extended: true }'): Record<string, string> {
  return {
    'node_modules/@prisma/client/package.json': '{ "name": "@prisma/client", "version": "6.19.0", "types": "index.d.ts" }\n',
    'node_modules/@prisma/client/index.d.ts': `export declare class PrismaClient {
  constructor(options?: { log?: string[] });
  $connect(): Promise<void>;
  $extends(extension: unknown): ${extended};
}
`,
  };
}

/** This package as npm installs it: the runtime's types must resolve for the fix to type-check. */
function installThisPackage(dir: string): void {
  const target = join(dir, 'node_modules/prisma-aurora-fix');
  mkdirSync(target, { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(target, 'package.json'));
  cpSync(join(REPO_ROOT, 'dist/runtime'), join(target, 'dist/runtime'), { recursive: true });
}

const PROJECT = {
  'package.json': '{ "name": "app", "type": "module", "devDependencies": { "@types/aws-lambda": "^8.10.0" } }\n',
  'tsconfig.json': TSCONFIG,
  '.gitignore': 'node_modules/\n',
  // An error that was there before the fix is not the fix's to report.
  'src/prisma.ts': `${PRISMA_MODULE}\nexport const port: number = '5432';\n`,
  'src/legacy.ts': "export const retries: number = 'three';\n",
  'src/use.ts': `import { PrismaClient } from '@prisma/client';
import { prisma } from './prisma.js';

function healthCheck(client: PrismaClient): Promise<void> {
  return client.$connect();
}

export const ready = healthCheck(prisma);
`,
};

describe('--verify', () => {
  it('reports a type error the fix would add (the runtime package is not installed), writes nothing, exits 2', () => {
    const dir = makeRepo({ ...PROJECT, ...prismaStandIn('this') });
    const result = runCli(['--verify', '--json'], dir);
    expect(result.status).toBe(2);
    const report = json(result.stdout);
    expect(report.verify).toMatchObject({ tsconfigs: ['tsconfig.json'] });
    expect(report.verify!.newDiagnostics).toEqual([
      {
        path: 'src/prisma.ts',
        line: 2,
        column: expect.any(Number),
        code: 2307,
        message: expect.stringContaining("'prisma-aurora-fix/runtime'"),
      },
    ]);
    expect(report.error).toContain('--verify: the fix would add 1 type error');
    expect(report.files.find((file) => file.path === 'src/prisma.ts')).toMatchObject({ status: 'changed', written: false });
    expect(gitStatus(dir)).toBe('');

    const human = runCli(['--verify'], dir);
    expect(human.status).toBe(2);
    expect(human.stdout).toMatch(/^type error src\/prisma\.ts:2:\d+ {2}TS2307: Cannot find module 'prisma-aurora-fix\/runtime'/m);
    expect(human.stdout).toContain('nothing was written');
  });

  it('callers in other files keep compiling: the fix keeps the class type, and tsc -p agrees', () => {
    // `$extends` returns another type here, as Prisma's does: only the cast back keeps use.ts compiling.
    const dir = makeRepo({ ...PROJECT, ...prismaStandIn('{ extended: true }') });
    installThisPackage(dir);
    const errorsBefore = tscErrors(dir);
    expect(errorsBefore).toEqual(['src/legacy.ts TS2322', 'src/prisma.ts TS2322']);
    const result = runCli(['--verify', '--json'], dir);
    expect(result.status, result.stdout).toBe(0);
    expect(json(result.stdout).verify!.newDiagnostics).toEqual([]);
    expect(readFileSync(join(dir, 'src/prisma.ts'), 'utf8')).toContain('.$extends(auroraRetry()) as unknown as PrismaClient');
    expect(tscErrors(dir)).toEqual(errorsBefore);
  });

  it('checks the whole program as tsc -p does: an error in a module the change makes it load counts', () => {
    // A runtime whose types resolve to TypeScript sources the project rejects (the
    // moduleResolution "node" case of issue 12): neither a changed file nor an importer.
    const dir = makeRepo({
      ...PROJECT,
      ...prismaStandIn('this'),
      'node_modules/prisma-aurora-fix/package.json': JSON.stringify({
        name: 'prisma-aurora-fix',
        version: '0.1.0',
        exports: { './runtime': { types: './runtime.ts', default: './runtime.js' } },
      }),
      'node_modules/prisma-aurora-fix/runtime.ts':
        "export function auroraRetry(): unknown { return undefined }\nexport const attempts: number = 'ten'\n",
    });
    const result = runCli(['--verify', '--json'], dir);
    expect(result.status).toBe(2);
    const diagnostics = json(result.stdout).verify!.newDiagnostics;
    expect(diagnostics).toEqual([expect.objectContaining({ path: 'node_modules/prisma-aurora-fix/runtime.ts', line: 2, code: 2322 })]);
    expect(gitStatus(dir)).toBe('');
    // Written anyway, plain tsc -p finds the errors it had plus exactly the one reported.
    expect(runCli(['--force'], dir).status).toBe(0);
    expect(tscErrors(dir)).toEqual(['node_modules/prisma-aurora-fix/runtime.ts TS2322', 'src/legacy.ts TS2322', 'src/prisma.ts TS2322']);
  });

  it('follows a solution-style tsconfig to the referenced project that owns the file', () => {
    const dir = makeRepo({
      ...PROJECT,
      ...prismaStandIn('this'),
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }),
      'tsconfig.app.json': TSCONFIG,
    });
    const report = json(runCli(['--verify', '--json', '--dry'], dir).stdout);
    expect(report.verify).toMatchObject({ tsconfigs: ['tsconfig.app.json'] });
    expect(report.notes.join('\n')).not.toContain('default options');
    expect(report.verify!.newDiagnostics.map((diagnostic) => diagnostic.code)).toEqual([2307]);
  });

  it('passes, and writes, when the fix adds no type error (existing errors stay unreported)', () => {
    const dir = makeRepo({ ...PROJECT, ...prismaStandIn('this') });
    installThisPackage(dir);
    const result = runCli(['--verify'], dir);
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toContain('--verify: the fix adds no type errors.');
    expect(result.stdout).not.toMatch(/^type error /m);
    expect(readFileSync(join(dir, 'src/prisma.ts'), 'utf8')).toContain('auroraRetry');
  });

  it('with --dry: reports, writes nothing, and still exits 2 on a new error', () => {
    const dir = makeRepo({ ...PROJECT, ...prismaStandIn('this') });
    const result = runCli(['--verify', '--dry'], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('+++ b/src/prisma.ts');
    expect(result.stderr).toContain('TS2307');
    expect(gitStatus(dir)).toBe('');
  });

  it('without a tsconfig.json: checks with default options and says so', () => {
    const dir = makeRepo({ 'lib/db.js': "const { PrismaClient } = require('@prisma/client');\nmodule.exports = new PrismaClient();\n" });
    const result = runCli(['--verify', '--json', '--dry'], dir);
    const report = json(result.stdout);
    expect(report.notes).toContain('--verify: no tsconfig.json for lib/db.js; checked with default options');
    expect(report.verify).toMatchObject({ tsconfigs: [], newDiagnostics: [] });
    expect(result.status).toBe(0);
  });

  it('a tsconfig.json TypeScript cannot load: an error, exit 2, nothing written', () => {
    const dir = makeRepo({ 'tsconfig.json': '{ "compilerOptions": \n', 'src/prisma.ts': PRISMA_MODULE });
    const result = runCli(['--verify'], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/^error: --verify could not type-check the project: \S*tsconfig\.json: .*; nothing was written$/m);
    expect(gitStatus(dir)).toBe('');
  });

  it('nothing changed: nothing to check', () => {
    const dir = makeRepo({ 'src/legacy.ts': "export const databaseName: number = 'notes';\n", 'tsconfig.json': TSCONFIG });
    const result = runCli(['--verify', '--json'], dir);
    expect(result.status).toBe(0);
    expect(json(result.stdout).verify).toBeNull();
  });
});
