import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Which Prisma major a file's package uses, read from its nearest package.json. Decides the
 * form of the connection settings: Prisma ≤ 6 reads `connection_limit`/`connect_timeout`
 * from the URL; Prisma 7 always runs through a driver adapter, which ignores them (see
 * ../shared/FACTS.md).
 */

/** The packages that pin the Prisma version, the runtime client first. */
const PRISMA_PACKAGES = ['@prisma/client', 'prisma'] as const;
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies'] as const;

/**
 * The major version a dependency range pins: `6.19.0`, `^6.19.0`, `~7.1`, `7.x`, `>=6.2.0 <7`,
 * `npm:prisma@6.1.0` all name one major. Returns undefined when the range does not pin one:
 * dist-tags (`latest`, `next`), `*`, ranges spanning majors (`>=6`, `6 || 7`), and
 * protocols whose version lives elsewhere (`workspace:`, `catalog:`, `file:`, `link:`, git, URLs).
 */
export function majorOfVersionRange(range: string): number | undefined {
  let spec = range.trim();
  if (spec.startsWith('npm:')) spec = spec.slice(spec.lastIndexOf('@') + 1);
  if (spec === '' || /^[a-z+-]+:/i.test(spec) || spec.includes('/')) return undefined;
  if (spec.includes('||')) return undefined;
  const comparators = spec.split(/\s+/).filter(Boolean);
  const majors = new Set<number>();
  let bounded = false;
  for (const comparator of comparators) {
    const match = /^(\^|~|>=|<=|>|<|=)?v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$/.exec(comparator);
    if (!match) return undefined;
    const [, operator = '', majorText, minorText, patchText] = match;
    const major = Number(majorText);
    if (operator === '<') {
      // `<7` / `<7.0.0` excludes 7 itself: the range's top major is 6.
      const excludesMajor = (minorText === undefined || minorText === '0') && (patchText === undefined || patchText === '0');
      majors.add(excludesMajor ? major - 1 : major);
      bounded = true;
    } else if (operator === '<=') {
      majors.add(major);
      bounded = true;
    } else if (operator === '>' || operator === '>=') {
      majors.add(major);
    } else {
      majors.add(major);
      bounded = true;
    }
  }
  if (!bounded || majors.size !== 1) return undefined;
  return [...majors][0];
}

interface PackageManifest {
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

/** The Prisma major a package.json pins, `@prisma/client` before `prisma`. */
export function prismaMajorOfManifest(manifest: PackageManifest): number | undefined {
  for (const name of PRISMA_PACKAGES) {
    for (const field of DEPENDENCY_FIELDS) {
      const range = manifest[field]?.[name];
      if (typeof range === 'string') return majorOfVersionRange(range);
    }
  }
  return undefined;
}

/** Per folder: the verdict of the nearest package.json at or above it. */
const majorByDir = new Map<string, number | undefined>();

/**
 * The Prisma major of the package `filePath` belongs to: its nearest package.json (the first
 * one walking up, whether or not it mentions Prisma). Undefined when unknown: no package.json,
 * no Prisma dependency there, or a range that pins no major. Cached per folder for the life of
 * the process (ESLint and the CLI visit many files of one package).
 */
export function prismaMajorVersion(filePath: string): number | undefined {
  const visited: string[] = [];
  let dir = dirname(filePath);
  let verdict: number | undefined;
  for (;;) {
    if (majorByDir.has(dir)) {
      verdict = majorByDir.get(dir);
      break;
    }
    visited.push(dir);
    const manifestPath = join(dir, 'package.json');
    if (existsSync(manifestPath)) {
      verdict = readManifestMajor(manifestPath);
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of visited) majorByDir.set(folder, verdict);
  return verdict;
}

function readManifestMajor(manifestPath: string): number | undefined {
  try {
    return prismaMajorOfManifest(JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageManifest);
  } catch {
    return undefined;
  }
}

/** Forgets cached verdicts (tests that write package.json files call it). */
export function clearPrismaVersionCache(): void {
  majorByDir.clear();
}
