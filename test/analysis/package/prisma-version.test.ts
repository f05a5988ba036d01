import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { clearNearestPackageCache } from '../../../analysis/package/nearest-package.js';
import { majorOfVersionRange, prismaMajorOfManifest, prismaMajorVersion } from '../../../analysis/package/prisma-version.js';

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
