import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT } from './user-project.js';

/**
 * What `npm publish` would upload: `npm pack --dry-run --json` lists the tarball's files. It
 * must hold the built plugin, CLI and runtime with everything they import, the docs the
 * README links to, and nothing else: no fixtures, no tests, no TypeScript sources except the
 * runtime sources `--vendor` copies into a user's project, no stale build output.
 */

const execFileAsync = promisify(execFile);

interface PackedFile {
  path: string;
  size: number;
  mode: number;
}

interface Manifest {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  license?: string;
  repository?: { type: string; url: string };
  engines?: Record<string, string>;
  files?: string[];
  bin?: Record<string, string>;
  exports?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
let packed: PackedFile[] = [];
let paths: Set<string>;

beforeAll(async () => {
  // Scripts skipped: `npm test` built dist/ already; a rebuild here would race other suites.
  const { stdout } = await execFileAsync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    env: cleanEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  const [result] = JSON.parse(stdout) as Array<{ files: PackedFile[] }>;
  packed = result!.files;
  paths = new Set(packed.map((file) => file.path));
}, 60_000);

/** Every string target of an `exports` map, whatever its nesting of conditions. */
function exportTargets(exportsField: unknown): string[] {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.values(exportsField).flatMap(exportTargets);
}

/** Static and dynamic import specifiers of a shipped file, read by TypeScript's pre-processor (not a regex). */
function moduleSpecifiers(path: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, path), 'utf8'), true, true);
  return info.importedFiles.map((file) => file.fileName);
}

const normalize = (path: string): string => posix.normalize(path).replace(/^\.\//, '');

/** A packed path is one of these, or it should not be in the tarball. */
const ALLOWED: Array<[RegExp, string]> = [
  [/^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/, 'package metadata and top-level docs'],
  [/^docs\/([\w-]+\/)*[\w-]+\.md$/, 'documentation'],
  [/^dist\/(runtime|rules|codemods|cli|analysis)\/([\w-]+\/)*[\w-]+\.(js|d\.ts)$/, 'built code and its types'],
  [/^dist\/runtime\/index\.(cjs|d\.cts)$/, 'the CommonJS runtime bundle and its types'],
  [/^dist\/rules\/index\.(cjs|d\.cts)$/, "the plugin's CommonJS entry (require without .default) and its types"],
  [/^dist\/runtime-source\/[\w-]+\.ts$/, 'runtime sources --vendor copies into a project'],
];

describe('npm pack', () => {
  it('contains only built code, docs and package metadata', () => {
    const unexpected = [...paths].filter((path) => !ALLOWED.some(([pattern]) => pattern.test(path)));
    expect(unexpected, 'files that should not be published').toEqual([]);
    expect([...paths].filter((path) => /(^|\/)(test|fixtures|bench|scripts|node_modules|\.ci)\//.test(path))).toEqual([]);
    expect([...paths].filter((path) => /\.test\.[cm]?[jt]s$|\.map$|tsbuildinfo/.test(path))).toEqual([]);
  });

  it('contains the built plugin, CLI and runtime, and every file package.json points at', () => {
    const required = [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'dist/rules/index.js',
      'dist/rules/index.d.ts',
      'dist/cli/bin.js',
      'dist/runtime/index.js',
      'dist/runtime/index.d.ts',
      'dist/runtime/index.cjs',
      'dist/rules/index.cjs',
      'dist/rules/index.d.cts',
      'dist/runtime/index.d.cts',
      'dist/runtime-source/index.ts',
      ...Object.values(manifest.bin ?? {}).map(normalize),
      ...exportTargets(manifest.exports).map(normalize),
    ];
    expect(required.filter((path) => !paths.has(path))).toEqual([]);
    expect(Object.keys(manifest.bin ?? {})).toEqual(['prisma-aurora-fix']);
  });

  it('starts the CLI with a node shebang', () => {
    for (const bin of Object.values(manifest.bin ?? {})) {
      expect(readFileSync(join(ROOT, bin), 'utf8').split('\n')[0], bin).toBe('#!/usr/bin/env node');
    }
  });

  it('ships every doc page of the repository (the README and rule metadata link to them)', () => {
    const docs: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.md')) docs.push(path);
      }
    };
    walk('docs');
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.filter((path) => !paths.has(path))).toEqual([]);
  });

  it('ships no stale build output: every built file has its TypeScript source', () => {
    const stale = [...paths]
      .filter((path) => path.startsWith('dist/'))
      // The bin's bundles (scripts/build.mjs): each holds many modules, whose tsc output is checked here.
      .filter((path) => !path.startsWith('dist/cli/chunks/'))
      .filter((path) => {
        const source = path
          .replace(/^dist\/runtime-source\//, 'runtime/')
          .replace(/^dist\//, '')
          .replace(/\.(d\.ts|d\.cts|js|cjs|ts)$/, '');
        return !['.ts', '.mts', '.cts', '.tsx'].some((extension) => existsSync(join(ROOT, `${source}${extension}`)));
      });
    expect(stale, 'dist/ files whose source is gone (rebuild from a clean dist/)').toEqual([]);
  });

  it('is self-contained: every relative import of a shipped module is shipped too', () => {
    const missing: string[] = [];
    for (const path of paths) {
      if (!/\.(js|d\.ts)$/.test(path)) continue;
      const specifiers = moduleSpecifiers(path).filter((specifier) => specifier.startsWith('.'));
      for (const specifier of specifiers) {
        const target = posix.normalize(posix.join(posix.dirname(path), specifier));
        const candidates = path.endsWith('.d.ts') ? [target, target.replace(/\.js$/, '.d.ts')] : [target];
        if (!candidates.some((candidate) => paths.has(candidate))) missing.push(`${path} -> ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps dependencies to what the shipped code imports', () => {
    const imported = new Set<string>();
    for (const path of paths) {
      if (!path.endsWith('.js')) continue;
      for (const specifier of moduleSpecifiers(path)) {
        if (specifier.startsWith('.')) continue;
        if (specifier.startsWith('node:')) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        imported.add(name);
      }
    }
    imported.delete(manifest.name); // self-references through the package's own exports
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    expect([...imported].filter((name) => !declared.has(name)).sort(), 'imported but not declared').toEqual([]);
    expect(
      Object.keys(manifest.dependencies ?? {}).filter((name) => !imported.has(name)),
      'declared but never imported',
    ).toEqual([]);
  });
});

describe('package.json metadata', () => {
  it('describes the package for the registry page', () => {
    expect(manifest.name).toBe('prisma-aurora-fix');
    expect(manifest.description).toMatch(/Prisma.*Lambda.*Aurora Serverless v2/);
    expect(manifest.keywords).toEqual(
      expect.arrayContaining(['prisma', 'aurora-serverless', 'aws-lambda', 'eslint', 'eslintplugin', 'codemod']),
    );
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(manifest.repository).toEqual({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w-]+\/prisma-aurora-fix\.git$/),
    });
    expect(manifest.engines?.node).toMatch(/^>=20/);
  });

  it('peers on ESLint 9 and 10 (the majors the suite lints with) and optionally on @prisma/client', () => {
    expect(manifest.peerDependencies?.eslint).toBe('^9 || ^10');
    expect(manifest.peerDependenciesMeta?.eslint?.optional).not.toBe(true);
    expect(manifest.peerDependencies?.['@prisma/client']).toBeDefined();
    expect(manifest.peerDependenciesMeta?.['@prisma/client']).toEqual({ optional: true });
    const installedMajors = ['eslint', 'eslint9'].map((name) =>
      Number(
        (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0],
      ),
    );
    expect(installedMajors.sort((a, b) => a - b)).toEqual([9, 10]);
    const prismaMajor = Number(
      (JSON.parse(readFileSync(join(ROOT, 'node_modules/@prisma/client/package.json'), 'utf8')) as { version: string }).version.split(
        '.',
      )[0],
    );
    expect(manifest.peerDependencies?.['@prisma/client']).toContain(`^${prismaMajor}`);
  });

  it('lists in "files" only entries that put something in the tarball', () => {
    for (const entry of manifest.files ?? []) {
      if (entry.startsWith('!')) continue;
      if (/[*?[]/.test(entry)) {
        const pattern = new RegExp(
          `^${entry
            .replace(/[.+^${}()|\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]')}$`,
        );
        expect(
          [...paths].some((path) => pattern.test(path)),
          entry,
        ).toBe(true);
      } else {
        expect(existsSync(join(ROOT, entry)), entry).toBe(true);
      }
    }
  });
});
