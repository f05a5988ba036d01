import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { clearNearestPackageCache } from '../../../analysis/package/nearest-package.js';
import {
  majorOfVersionRange,
  prismaMajorOfManifest,
  prismaMajorVersion,
  prismaVersionOf,
  retryExtensionBlocker,
  retryExtensionBlockerFor,
  versionOfRange,
} from '../../../analysis/package/prisma-version.js';

describe('majorOfVersionRange', () => {
  it.each([
    ['6.19.0', 6],
    ['^6.19.0', 6],
    ['~7.1', 7],
    ['7', 7],
    ['7.x', 7],
    ['6.X.x', 6],
    ['=6.1.0', 6],
    ['v7.10.1', 7],
    ['^7.0.0-dev.12', 7],
    ['>=6.2.0 <7', 6],
    ['>=6.2.0 <7.0.0', 6],
    ['>6 <=6.9', 6],
    ['npm:prisma@6.1.0', 6],
    ['npm:@prisma/client@^7.2.0', 7],
  ])('%s -> %s', (range, major) => {
    expect(majorOfVersionRange(range)).toBe(major);
  });

  it.each([
    'latest',
    'next',
    '*',
    '',
    'x',
    '>=6',
    '>=6 <8',
    '6 || 7',
    '^6 || ^7',
    'workspace:*',
    'workspace:^6.1.0',
    'catalog:',
    'file:../prisma',
    'link:../x',
    'git+https://github.com/prisma/prisma.git',
    'prisma/prisma#main',
    '1.2.3 - 2.3.4',
  ])('%j pins no major', (range) => {
    expect(majorOfVersionRange(range)).toBeUndefined();
  });
});

describe('prismaMajorOfManifest', () => {
  it('reads dependencies and devDependencies, @prisma/client first', () => {
    expect(prismaMajorOfManifest({ dependencies: { '@prisma/client': '^6.19.0' }, devDependencies: { prisma: '^7.0.0' } })).toBe(6);
    expect(prismaMajorOfManifest({ devDependencies: { prisma: '~7.1' } })).toBe(7);
    expect(prismaMajorOfManifest({ dependencies: { pg: '^8' } })).toBeUndefined();
    expect(prismaMajorOfManifest({})).toBeUndefined();
  });
  it('is unknown when the client range pins no major, even if the CLI range does', () => {
    expect(prismaMajorOfManifest({ dependencies: { '@prisma/client': 'latest' }, devDependencies: { prisma: '6.1.0' } })).toBeUndefined();
  });
});

describe('prismaMajorVersion', () => {
  const root = mkdtempSync(join(tmpdir(), 'prisma-version-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => clearNearestPackageCache());

  function writePackage(dir: string, manifest: unknown): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  }

  it('reads the nearest package.json, walking up from the file', () => {
    writePackage(join(root, 'p6'), { dependencies: { '@prisma/client': '^6.19.0' } });
    mkdirSync(join(root, 'p6/src/lib'), { recursive: true });
    expect(prismaMajorVersion(join(root, 'p6/src/lib/prisma.ts'))).toBe(6);
  });

  it('stops at the nearest package.json even when it does not mention Prisma', () => {
    writePackage(join(root, 'mono'), { devDependencies: { prisma: '7.10.1' } });
    writePackage(join(root, 'mono/packages/infra'), { dependencies: { 'aws-cdk-lib': '^2' } });
    expect(prismaMajorVersion(join(root, 'mono/packages/infra/lib/stack.ts'))).toBeUndefined();
    expect(prismaMajorVersion(join(root, 'mono/scripts/seed.ts'))).toBe(7);
  });

  it('is unknown for a workspace range and for an unreadable manifest', () => {
    writePackage(join(root, 'ws'), { dependencies: { '@prisma/client': 'workspace:*' } });
    writePackage(join(root, 'broken'), '{ not json');
    expect(prismaMajorVersion(join(root, 'ws/index.ts'))).toBeUndefined();
    expect(prismaMajorVersion(join(root, 'broken/index.ts'))).toBeUndefined();
  });

  it('caches per folder until cleared', () => {
    writePackage(join(root, 'cached'), { dependencies: { '@prisma/client': '^6.0.0' } });
    expect(prismaMajorVersion(join(root, 'cached/a.ts'))).toBe(6);
    writePackage(join(root, 'cached'), { dependencies: { '@prisma/client': '^7.0.0' } });
    expect(prismaMajorVersion(join(root, 'cached/b.ts'))).toBe(6);
    clearNearestPackageCache();
    expect(prismaMajorVersion(join(root, 'cached/b.ts'))).toBe(7);
  });
});

describe('versionOfRange', () => {
  it.each([
    ['6.19.3', '6.19.3', 'declared range'],
    ['^4.5.0', '4.5.0', 'declared range'],
    ['~3.6', '3.6.0', 'declared range'],
    ['>=4.16 <6', '4.16.0', 'declared range'],
    ['npm:@prisma/client@5.7.0', '5.7.0', 'declared range'],
    ['latest', '7.0.0', 'latest'],
    ['*', '7.0.0', 'latest'],
    ['', '7.0.0', 'latest'],
  ])('%j admits %s at the lowest', (range, version, source) => {
    expect(versionOfRange(range)).toMatchObject({ version, source, text: range });
  });
  it.each(['workspace:*', 'file:../client', 'github:prisma/prisma', 'next', 'not a range'])('%j names no version', (range) => {
    expect(versionOfRange(range)).toBeUndefined();
  });
});

describe('prismaVersionOf', () => {
  const root = mkdtempSync(join(tmpdir(), 'prisma-installed-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => clearNearestPackageCache());

  function write(path: string, content: unknown): void {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }

  it('prefers the installed client, found as Node resolves it (walking up)', () => {
    write('mono/package.json', { private: true });
    write('mono/node_modules/@prisma/client/package.json', { name: '@prisma/client', version: '4.12.0' });
    write('mono/packages/api/package.json', { dependencies: { '@prisma/client': '^4.5.0' } });
    expect(prismaVersionOf(join(root, 'mono/packages/api/src/db.ts'))).toMatchObject({ version: '4.12.0', source: 'installed' });
  });

  it('ignores an install outside the declared range (hoisted from another package) and reads the lock, then the range', () => {
    write('locked/package.json', { dependencies: { '@prisma/client': '^5.0.0' } });
    write('locked/node_modules/@prisma/client/package.json', { version: '7.10.0' });
    write('locked/package-lock.json', { packages: { 'node_modules/@prisma/client': { version: '5.22.0' } } });
    expect(prismaVersionOf(join(root, 'locked/index.ts'))).toMatchObject({ version: '5.22.0', source: 'package-lock' });
    write('ranged/package.json', { devDependencies: { prisma: '~3.6.0' } });
    expect(prismaVersionOf(join(root, 'ranged/index.ts'))).toMatchObject({
      version: '3.6.0',
      source: 'declared range',
      major: 3,
      minor: 6,
    });
  });

  it('reads a workspace package of a package-lock by its path', () => {
    write('ws/package.json', { workspaces: ['apps/*'] });
    write('ws/apps/fn/package.json', { dependencies: { '@prisma/client': '^4.0.0' } });
    write('ws/package-lock.json', {
      packages: { 'node_modules/@prisma/client': { version: '6.1.0' }, 'apps/fn/node_modules/@prisma/client': { version: '4.9.0' } },
    });
    expect(prismaVersionOf(join(root, 'ws/apps/fn/handler.ts'))).toMatchObject({ version: '4.9.0', source: 'package-lock' });
  });

  it('is unknown without a Prisma dependency in the nearest package.json', () => {
    write('infra/package.json', { dependencies: { 'aws-cdk-lib': '^2' } });
    write('infra/node_modules/@prisma/client/package.json', { version: '3.0.0' });
    expect(prismaVersionOf(join(root, 'infra/lib/stack.ts'))).toBeUndefined();
  });

  it('gives the installed major to prismaMajorVersion, over a range spanning majors', () => {
    write('span/package.json', { dependencies: { '@prisma/client': '>=6' } });
    expect(prismaMajorVersion(join(root, 'span/a.ts'))).toBeUndefined();
    write('span/node_modules/@prisma/client/package.json', { version: '7.2.0' });
    clearNearestPackageCache();
    expect(prismaMajorVersion(join(root, 'span/a.ts'))).toBe(7);
  });
});

describe('retryExtensionBlocker', () => {
  it.each(['2.30.0', '3.6.0', '4.5.0', '4.15.9'])('refuses Prisma %s: no $extends', (version) => {
    expect(retryExtensionBlocker(versionOfRange(version))).toMatch(/has no `\$extends` \(client extensions arrived in 4\.16\).*withRetry/);
  });
  it.each(['4.16.0', '5.22.0'])('refuses Prisma %s: below the runtime peer range', (version) => {
    expect(retryExtensionBlocker(versionOfRange(version))).toMatch(/below the runtime's supported Prisma \(6 and 7/);
  });
  it('says which range admits an old version', () => {
    expect(retryExtensionBlocker(versionOfRange('^4.8.0'))).toMatch(/^Prisma \^4\.8\.0 \(allows 4\.8\.0\) has no/);
  });
  it.each(['6.0.0', '^6.19.0', '7.10.1', 'latest'])('lets %s through', (version) => {
    expect(retryExtensionBlocker(versionOfRange(version))).toBeUndefined();
  });
  it('lets an unknown version through: nothing says it is old', () => {
    expect(retryExtensionBlocker(undefined)).toBeUndefined();
    expect(retryExtensionBlockerFor('relative/file.ts')).toBeUndefined();
    expect(retryExtensionBlockerFor('relative/file.ts', '3.6.0')).toMatch(/has no/);
  });
});
