import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
// Single functions, not the index: it loads all of semver (~40 modules) into every CLI start.
import minVersion from 'semver/ranges/min-version.js';
import validRange from 'semver/ranges/valid.js';
import parseVersion from 'semver/functions/parse.js';
import validVersion from 'semver/functions/valid.js';
import satisfies from 'semver/functions/satisfies.js';
import { DEFAULT_RUNTIME_IMPORT } from '../runtime-api.js';
import { nearestPackage, type PackageInfo } from './nearest-package.js';

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
  const range = declaredClientRange(manifest);
  return range === undefined ? undefined : majorOfVersionRange(range);
}

/**
 * The Prisma major of the package `filePath` belongs to: its nearest package.json (the first
 * one walking up, whether or not it mentions Prisma). Undefined when unknown: no package.json,
 * no Prisma dependency there, or a range that pins no major.
 */
export function prismaMajorVersion(filePath: string): number | undefined {
  const { manifest } = nearestPackage(filePath);
  if (manifest === undefined) return undefined;
  // What is installed (or locked) is what runs, whatever the range allows.
  const version = prismaVersionOf(filePath);
  if (version?.source === 'installed' || version?.source === 'package-lock') return version.major;
  return prismaMajorOfManifest(manifest as PackageManifest);
}

/**
 * The Prisma client version a package runs, as precisely as the project says it: the
 * `@prisma/client` installed where Node would resolve it from the package's folder, else the
 * version its package-lock.json resolved, else the lowest version its declared range allows
 * (`semver.minVersion`), since a rewrite must be safe on every version the range admits.
 * `latest`, `*` and an empty range install the newest release, which has everything we use.
 */
export interface PrismaVersion {
  /** `major.minor.patch` (the lowest allowed, for a declared range). */
  version: string;
  major: number;
  minor: number;
  source: 'installed' | 'package-lock' | 'declared range' | 'latest';
  /** What the project wrote: the range, or the installed version. */
  text: string;
}

// Keyed by the package read, so clearNearestPackageCache() forgets these too.
const versionByPackage = new WeakMap<PackageInfo, PrismaVersion | undefined>();

export function prismaVersionOf(filePath: string): PrismaVersion | undefined {
  const info = nearestPackage(filePath);
  if (info.manifest === undefined) return undefined;
  if (versionByPackage.has(info)) return versionByPackage.get(info);
  const version = readPrismaVersion(info.dir, info.manifest as PackageManifest);
  versionByPackage.set(info, version);
  return version;
}

function readPrismaVersion(packageDir: string, manifest: PackageManifest): PrismaVersion | undefined {
  const range = declaredClientRange(manifest);
  if (range === undefined) return undefined;
  // An install outside the declared range belongs to another package (hoisted from a parent
  // project, say) or is stale: the range is the better witness then.
  const fits = (found: PrismaVersion | undefined): PrismaVersion | undefined =>
    found !== undefined && (validRange(range) === null || satisfies(found.version, range)) ? found : undefined;
  return fits(installedClientVersion(packageDir)) ?? fits(lockedClientVersion(packageDir)) ?? versionOfRange(range);
}

/** `@prisma/client`'s range, else the CLI's (`prisma`), which the client must match. */
function declaredClientRange(manifest: PackageManifest): string | undefined {
  for (const name of PRISMA_PACKAGES) {
    for (const field of DEPENDENCY_FIELDS) {
      const range = manifest[field]?.[name];
      if (typeof range === 'string') return range;
    }
  }
  return undefined;
}

/** The lowest version a declared range admits; undefined for a range that names no version here. */
export function versionOfRange(range: string): PrismaVersion | undefined {
  let spec = range.trim();
  if (spec.startsWith('npm:')) spec = spec.slice(spec.lastIndexOf('@') + 1);
  if (spec === '' || spec === '*' || spec.toLowerCase() === 'x' || spec === 'latest') {
    return { ...parts(LATEST_KNOWN), source: 'latest', text: range };
  }
  if (/^[a-z+-]+:/i.test(spec) || spec.includes('/')) return undefined;
  let lowest: string | undefined;
  try {
    lowest = validRange(spec) === null ? undefined : minVersion(spec)?.version;
  } catch {
    lowest = undefined;
  }
  return lowest === undefined ? undefined : { ...parts(lowest), source: 'declared range', text: range };
}

/**
 * The newest Prisma major this package knows: what `latest` installs at the earliest.
 * (Higher is fine: every check here asks "at least".)
 */
const LATEST_KNOWN = '7.0.0';

function parts(version: string): Pick<PrismaVersion, 'version' | 'major' | 'minor'> {
  const parsed = parseVersion(version)!;
  return { version: `${parsed.major}.${parsed.minor}.${parsed.patch}`, major: parsed.major, minor: parsed.minor };
}

/** The `@prisma/client` Node would load from the package's folder (node_modules, walking up). */
function installedClientVersion(packageDir: string): PrismaVersion | undefined {
  for (let dir = packageDir; ; dir = dirname(dir)) {
    const version = versionInManifest(join(dir, 'node_modules/@prisma/client/package.json'));
    if (version !== undefined) return { ...parts(version), source: 'installed', text: version };
    if (dirname(dir) === dir) return undefined;
  }
}

/** The version npm resolved for the package's `@prisma/client` in the nearest package-lock.json. */
function lockedClientVersion(packageDir: string): PrismaVersion | undefined {
  for (let dir = packageDir; ; dir = dirname(dir)) {
    const lockPath = join(dir, 'package-lock.json');
    if (existsSync(lockPath)) {
      let lock: { packages?: Record<string, { version?: unknown }> };
      try {
        lock = JSON.parse(readFileSync(lockPath, 'utf8')) as typeof lock;
      } catch {
        return undefined;
      }
      // npm resolves from the package's own folder outwards, as Node does.
      const below = relative(dir, packageDir).split(sep).join('/');
      const candidates = [`${below === '' ? '' : `${below}/`}node_modules/@prisma/client`, 'node_modules/@prisma/client'];
      for (const key of candidates) {
        const version = lock.packages?.[key]?.version;
        if (typeof version === 'string' && validVersion(version)) return { ...parts(version), source: 'package-lock', text: version };
      }
      return undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function versionInManifest(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const { version } = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
    return typeof version === 'string' && validVersion(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the runtime's retry extension cannot be chained onto this package's clients, or
 * undefined when it can (or the version is unknown: nothing says it is old). `$extends` is
 * generally available from Prisma 4.16; the runtime is proven against Prisma 6 and 7 only
 * (its peer range), so on 4.16 to 5.x it is refused too, with the way out.
 */
export function retryExtensionBlocker(version: PrismaVersion | undefined): string | undefined {
  if (version === undefined) return undefined;
  const pinned = version.source !== 'declared range' || version.text.trim().replace(/^[=v]+/, '') === version.version;
  const which = pinned ? `Prisma ${version.version}` : `Prisma ${version.text} (allows ${version.version})`;
  if (version.major < 4 || (version.major === 4 && version.minor < 16)) {
    return `${which} has no \`$extends\` (client extensions arrived in 4.16): upgrade Prisma to 6 or 7, or wrap the calls in \`withRetry()\` from a vendored runtime (\`--vendor\`)`;
  }
  if (version.major < MIN_RUNTIME_MAJOR) {
    return `${which} is below the runtime's supported Prisma (6 and 7; \`npm install prisma-aurora-fix\` fails its peer range): upgrade Prisma, or wrap the calls in \`withRetry()\` from a vendored runtime (\`--vendor\`)`;
  }
  return undefined;
}

/**
 * The blocker for a file: its package's Prisma, or `declaredVersion` (the rule's
 * `prismaVersion` option) when given. One function, so the rule and the transform agree.
 */
export function retryExtensionBlockerFor(filePath: string, declaredVersion?: string): string | undefined {
  if (declaredVersion !== undefined) return retryExtensionBlocker(versionOfRange(declaredVersion));
  return isAbsolute(filePath) ? retryExtensionBlocker(prismaVersionOf(filePath)) : undefined;
}

/** The lowest Prisma major the runtime is proven on (package.json peer range of `@prisma/client`). */
export const MIN_RUNTIME_MAJOR = 6;

/**
 * Why code importing the runtime *package* (not a vendored copy) cannot be written into this
 * file's package: its Prisma is below the peer range, so `npm install prisma-aurora-fix`
 * fails (ERESOLVE) and the import would not load. Seen on a Prisma 3.6 migration Lambda.
 * Undefined for a vendored import, a supported or unknown Prisma.
 */
export function runtimePackageBlocker(filePath: string, runtimeImport: string): string | undefined {
  if (runtimeImport !== DEFAULT_RUNTIME_IMPORT || !isAbsolute(filePath)) return undefined;
  const version = prismaVersionOf(filePath);
  if (version === undefined || version.major >= MIN_RUNTIME_MAJOR) return undefined;
  return `Prisma ${version.text} is outside prisma-aurora-fix's peer range (Prisma 6 and 7): \`npm install prisma-aurora-fix\` fails there, so an import of the package would not load; rerun with --vendor to copy the runtime into the project`;
}
