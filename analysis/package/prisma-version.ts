import { nearestPackage } from './nearest-package.js';

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

/**
 * The Prisma major of the package `filePath` belongs to: its nearest package.json (the first
 * one walking up, whether or not it mentions Prisma). Undefined when unknown: no package.json,
 * no Prisma dependency there, or a range that pins no major.
 */
export function prismaMajorVersion(filePath: string): number | undefined {
  const { manifest } = nearestPackage(filePath);
  return manifest === undefined ? undefined : prismaMajorOfManifest(manifest as PackageManifest);
}
