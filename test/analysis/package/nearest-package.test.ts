import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearNearestPackageCache, isModulePackage, nearestPackage, packageDependsOn } from '../../../analysis/package/nearest-package.js';
import { fileTrees } from '../../support/file-tree.js';

const tree = fileTrees('nearest-package-');
beforeEach(() => clearNearestPackageCache());

describe('nearestPackage', () => {
  it('is the first package.json walking up, with its module format and dependencies', () => {
    const root = tree({ 'package.json': { type: 'module', dependencies: { '@prisma/client': '7.0.0' } }, 'src/lib/db.ts': '' });
    const info = nearestPackage(join(root, 'src/lib/db.ts'));
    expect(info.dir).toBe(root);
    expect(isModulePackage(info)).toBe(true);
    expect(packageDependsOn(info, '@prisma/client')).toBe(true);
    expect(packageDependsOn(info, 'pg')).toBe(false);
  });

  it('reads each folder once until told to forget', () => {
    const root = tree({ 'package.json': { devDependencies: { prisma: '6.19.0' } }, 'a.ts': '' });
    expect(packageDependsOn(nearestPackage(join(root, 'a.ts')), 'prisma')).toBe(true);
    writeFileSync(join(root, 'package.json'), '{}');
    expect(packageDependsOn(nearestPackage(join(root, 'a.ts')), 'prisma')).toBe(true);
    clearNearestPackageCache();
    expect(packageDependsOn(nearestPackage(join(root, 'a.ts')), 'prisma')).toBe(false);
  });

  it('an unreadable package.json has no manifest', () => {
    const root = tree({ 'package.json': '{ not json', 'a.ts': '' });
    expect(nearestPackage(join(root, 'a.ts'))).toEqual({ dir: root, manifest: undefined });
  });
});
