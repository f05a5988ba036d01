import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface OwnPackage {
  name: string;
  version: string;
  /** The package's `homepage` (its README on GitHub). */
  homepage: string;
  /** Absolute path of the folder holding this package's package.json. */
  root: string;
}

let cached: OwnPackage | undefined;

/**
 * This package's name and version, found by walking up from this file: the same code runs
 * from sources (tests) and from dist/ (published), which sit at different depths.
 */
export function ownPackage(): OwnPackage {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
        homepage?: string;
      };
      if (manifest.name === 'prisma-aurora-fix' && typeof manifest.version === 'string') {
        cached = { name: manifest.name, version: manifest.version, homepage: manifest.homepage ?? '', root: dir };
        return cached;
      }
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('prisma-aurora-fix: cannot find its own package.json');
    dir = parent;
  }
}
