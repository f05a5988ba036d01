import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest package.json of a file (the first one walking up), read once per folder for the
 * life of the process: ESLint and the CLI visit many files of one package.
 */
export interface PackageInfo {
  /** Folder holding the package.json (the file's own folder's root when there is none). */
  dir: string;
  manifest: Record<string, unknown> | undefined;
}

const byDir = new Map<string, PackageInfo>();

export function nearestPackage(filePath: string): PackageInfo {
  const visited: string[] = [];
  let dir = dirname(filePath);
  for (;;) {
    const cached = byDir.get(dir);
    if (cached !== undefined) return remember(visited, cached);
    visited.push(dir);
    const manifestPath = join(dir, 'package.json');
    if (existsSync(manifestPath)) {
      let manifest: Record<string, unknown> | undefined;
      try {
        manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
      } catch {
        manifest = undefined;
      }
      return remember(visited, { dir, manifest });
    }
    const parent = dirname(dir);
    if (parent === dir) return remember(visited, { dir: dirname(filePath), manifest: undefined });
    dir = parent;
  }
}

function remember(dirs: readonly string[], info: PackageInfo): PackageInfo {
  for (const dir of dirs) byDir.set(dir, info);
  return info;
}

/** Whether the package lists `name` in any dependency field. */
export function packageDependsOn(info: PackageInfo, name: string): boolean {
  if (info.manifest === undefined) return false;
  return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((field) => {
    const deps = info.manifest![field];
    return typeof deps === 'object' && deps !== null && name in deps;
  });
}

/** `"type": "module"` in the nearest package.json: `.js` files are ES modules. */
export function isModulePackage(info: PackageInfo): boolean {
  return info.manifest?.type === 'module';
}

/** Forgets what was read (tests that write package.json files call it). */
export function clearNearestPackageCache(): void {
  byDir.clear();
}
