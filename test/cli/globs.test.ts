import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report.js';
import { ignorePatternMatcher, pathGlob } from '../../cli/path-patterns.js';
import { PRISMA_MODULE, ensureBuilt, makeRepo, removeTempDirs, runCli } from './support.js';

/** Glob paths and --ignore-pattern, as ESLint takes them, with what discovery ignores still ignored. */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const TREE = {
  '.gitignore': 'generated/\n*.local.ts\n',
  'src/prisma.ts': PRISMA_MODULE,
  'src/db/client.mts': PRISMA_MODULE,
  'src/.hidden/client.ts': PRISMA_MODULE,
  'src/dev.local.ts': PRISMA_MODULE,
  'src/legacy/old.js': PRISMA_MODULE,
  'scripts/db.ts': PRISMA_MODULE,
  'generated/client.ts': PRISMA_MODULE,
  'node_modules/dep/index.ts': PRISMA_MODULE,
  'pages/[id].ts': PRISMA_MODULE,
};

const paths = (stdout: string): string[] => (JSON.parse(stdout) as Report).files.map((file) => file.path);

describe('pathGlob and ignorePatternMatcher', () => {
  it('splits a glob at its static folder; a plain path is no glob', () => {
    expect(pathGlob('src/**/*.ts')).toMatchObject({ base: 'src', pattern: '**/*.ts' });
    expect(pathGlob('./src/*.{ts,js}')).toMatchObject({ base: 'src', pattern: '*.{ts,js}' });
    expect(pathGlob('**/*.ts')).toMatchObject({ base: '', pattern: '**/*.ts' });
    expect(pathGlob('src/prisma.ts')).toBeUndefined();
    const glob = pathGlob('src/**/*.ts')!;
    expect(glob.matches('a/b.ts')).toBe(true);
    expect(glob.matches('.hidden/b.ts'), 'dotfiles, as ESLint').toBe(true);
    expect(glob.matches('a/b.js')).toBe(false);
  });

  it('ignores a file its pattern or one of its folders matches, relative to the current directory', () => {
    const ignoredBy = ignorePatternMatcher(['src/legacy/', '**/*.test.ts', './scripts'], '/repo');
    expect(ignoredBy('/repo/src/legacy/old.js')).toBe('src/legacy/');
    expect(ignoredBy('/repo/src/a.test.ts')).toBe('**/*.test.ts');
    expect(ignoredBy('/repo/scripts/db.ts')).toBe('./scripts');
    expect(ignoredBy('/repo/src/prisma.ts')).toBeUndefined();
    expect(ignoredBy('/elsewhere/src/legacy/old.js')).toBeUndefined();
  });
});

describe('a glob path', () => {
  it("quoted, 'src/**/*.ts' checks the matching files, and .gitignore'd, generated and dependency files stay out", () => {
    const dir = makeRepo(TREE);
    const result = runCli(['--dry', '--json', 'src/**/*.ts'], dir);
    expect(result.status).toBe(0);
    expect(paths(result.stdout)).toEqual(['src/.hidden/client.ts', 'src/prisma.ts']);
    expect((JSON.parse(result.stdout) as Report).fixCommand).toBe("npx prisma-aurora-fix 'src/**/*.ts'");
  });

  it('the same outside git, .gitignore read on the way', () => {
    const dir = makeRepo(TREE, { git: false });
    expect(paths(runCli(['--dry', '--json', 'src/**/*.ts'], dir).stdout)).toEqual(['src/.hidden/client.ts', 'src/prisma.ts']);
  });

  it('**/*.{ts,mts} from the root, node_modules never entered', () => {
    const dir = makeRepo(TREE);
    expect(paths(runCli(['--dry', '--json', '**/*.{ts,mts}'], dir).stdout)).toEqual([
      'pages/[id].ts',
      'scripts/db.ts',
      'src/.hidden/client.ts',
      'src/db/client.mts',
      'src/prisma.ts',
    ]);
  });

  it('a file whose name looks like a glob (a Next.js route) is that file', () => {
    const dir = makeRepo(TREE);
    expect(paths(runCli(['--dry', '--json', 'pages/[id].ts'], dir).stdout)).toEqual(['pages/[id].ts']);
  });

  it('matching nothing: ESLint’s error, exit 2, as JSON too', () => {
    const dir = makeRepo(TREE);
    const result = runCli(['--check', 'src/**/*.vue'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^prisma-aurora-fix: No files matching the pattern "src\/\*\*\/\*\.vue" were found\./);
    const missingBase = runCli(['--check', 'nowhere/**/*.ts'], dir);
    expect(missingBase.status).toBe(2);
    expect(missingBase.stderr).toContain('No files matching the pattern "nowhere/**/*.ts" were found.');
    const json = runCli(['--check', '--json', 'src/**/*.vue'], dir);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ exitCode: 2, error: expect.stringContaining('No files matching the pattern') });
  });

  it('matching only ignored files: says they are ignored, exit 2', () => {
    const dir = makeRepo(TREE);
    const result = runCli(['--check', 'generated/**/*.ts'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('All files matched by "generated/**/*.ts" are ignored');
    const byOption = runCli(['--check', '--ignore-pattern', 'src/legacy', 'src/legacy/*.js'], dir);
    expect(byOption.status).toBe(2);
    expect(byOption.stderr).toContain('All files matched by "src/legacy/*.js" are ignored');
  });
});

describe('--ignore-pattern', () => {
  it('leaves out what it matches, folders included; repeatable; kept in the fix command', () => {
    const dir = makeRepo(TREE);
    const result = runCli(
      ['--check', '--json', '--ignore-pattern', 'src/legacy/', '--ignore-pattern', '**/.hidden/**', 'src', 'scripts'],
      dir,
    );
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.files.map((file) => file.path)).toEqual(['scripts/db.ts', 'src/db/client.mts', 'src/prisma.ts']);
    expect(report.fixCommand).toBe("npx prisma-aurora-fix --ignore-pattern src/legacy/ --ignore-pattern '**/.hidden/**' src scripts");
  });

  it('a file named on the command line that it matches is listed as skipped, with the pattern', () => {
    const dir = makeRepo(TREE);
    const result = runCli(['--check', '--ignore-pattern', 'scripts/**', 'scripts/db.ts', 'src/prisma.ts'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^skipped {4}scripts\/db\.ts {2}ignored by --ignore-pattern scripts\/\*\*$/m);
    expect(result.stdout).toMatch(/^changed {4}src\/prisma\.ts/m);
  });
});
