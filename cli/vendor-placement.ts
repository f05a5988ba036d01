import { existsSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { ownPackage } from '../analysis/package/own-package.js';
import { isModulePackage, nearestPackage, packageDependsOn } from '../analysis/package/nearest-package.js';
import { MIN_RUNTIME_MAJOR, prismaVersionOf } from '../analysis/package/prisma-version.js';
import { enableCompileCache } from './compile-cache.js';
import { encodeSource } from './source-text.js';
import { DEFAULT_RUNTIME_IMPORT } from '../codemods/lib/transform.js';
import { VENDOR_PLACEHOLDER, vendoredFileFor, vendoredRuntimeVersion, vendoredSpecifier, type VendorFormat } from './vendor.js';
import { type FileState, displayPath } from './file-state.js';

/** `--vendor`: where the runtime copy goes, and what the importers' placeholders become. */

/**
 * `--vendor`: transforms imported the runtime from a placeholder; now each package gets one
 * vendored file (the existing one, or a new one next to its Prisma module) and every
 * placeholder becomes a relative import of it.
 */
export async function placeVendoredRuntime(states: FileState[], existingByPackage: Map<string, string>, cwd: string): Promise<void> {
  const users = states.filter((state) => state.status === 'changed' && state.afterText!.includes(VENDOR_PLACEHOLDER));
  const packages = new Map<string, FileState[]>();
  for (const state of users) {
    const dir = nearestPackage(state.path).dir;
    packages.set(dir, [...(packages.get(dir) ?? []), state]);
  }
  for (const dir of existingByPackage.keys()) if (!packages.has(dir)) packages.set(dir, []);
  if (packages.size === 0) return;

  enableCompileCache();
  const ts = (await import('typescript')).default;
  const { buildVendoredRuntime, vendoredRuntimeIn } = await import('./vendor.js');
  const typescriptSource = buildVendoredRuntime(ts);

  for (const [packageDir, importers] of packages) {
    const packageInfo = nearestPackage(join(packageDir, 'package.json'));
    const moduleType = isModulePackage(packageInfo);
    let vendoredPath = existingByPackage.get(packageDir);
    let format: VendorFormat;
    if (vendoredPath !== undefined) {
      // Keep the format the existing copy has: TypeScript, CommonJS (TypeScript's `exports.x =`
      // output) or an ES module.
      format = /\.[cm]?ts$/.test(vendoredPath) ? 'ts' : /^exports\.\w+ = /m.test(await readFile(vendoredPath, 'utf8')) ? 'cjs' : 'esm';
    } else {
      const anchor = prismaModuleOf(importers, states, packageDir);
      const placed = vendoredFileFor(anchor.path, anchor.afterText ?? anchor.beforeText ?? '', moduleType);
      vendoredPath = placed.path;
      format = placed.format;
      const present = await readFile(vendoredPath, 'utf8').catch(() => undefined);
      if (present !== undefined && vendoredRuntimeVersion(present) === undefined) {
        throw new Error(
          `--vendor: ${displayPath(cwd, vendoredPath)} already exists and is not a vendored prisma-aurora-fix runtime; rename it and rerun`,
        );
      }
    }

    for (const importer of importers) {
      const specifier = vendoredSpecifier(importer.path, importer.beforeText ?? '', vendoredPath, moduleType);
      importer.afterText = importer.afterText!.split(VENDOR_PLACEHOLDER).join(specifier);
      importer.afterBytes = encodeSource(importer.source!, importer.afterText);
    }

    const content = vendoredRuntimeIn(ts, format, typescriptSource);
    const existing = states.find((state) => state.path === vendoredPath);
    let onDisk: Buffer | undefined;
    try {
      onDisk = await readFile(vendoredPath);
    } catch {
      onDisk = undefined;
    }
    if (onDisk !== undefined && onDisk.toString('utf8') === content) continue;
    const info = onDisk === undefined ? undefined : await lstat(vendoredPath);
    const state: FileState = existing ?? { path: vendoredPath, status: 'changed', transforms: [] };
    Object.assign(state, {
      status: 'changed',
      transforms: ['vendor'],
      reason: undefined,
      quiet: false,
      created: onDisk === undefined,
      beforeText: onDisk?.toString('utf8'),
      afterText: content,
      afterBytes: content,
      original: onDisk === undefined || info === undefined ? undefined : { bytes: onDisk, mode: info.mode, uid: info.uid, gid: info.gid },
    });
    if (existing === undefined) states.push(state);
  }
}

/** The package's Prisma module: where the retry extension went, else where a client is made. */
export function prismaModuleOf(importers: readonly FileState[], states: readonly FileState[], packageDir: string): FileState {
  const byDepth = (a: FileState, b: FileState): number =>
    a.path.split(sep).length - b.path.split(sep).length || a.path.localeCompare(b.path);
  const constructs = (text: string | undefined): boolean => text !== undefined && /\bnew\s+PrismaClient\b/.test(text);
  const retried = importers.filter((state) => /\bauroraRetry\b/.test(state.afterText ?? '')).sort(byDepth);
  if (retried[0] !== undefined) return retried[0];
  const clients = states
    .filter((state) => nearestPackage(state.path).dir === packageDir && constructs(state.afterText ?? state.beforeText))
    .sort(byDepth);
  return clients[0] ?? [...importers].sort(byDepth)[0]!;
}

/**
 * Without --vendor the fixed files import `prisma-aurora-fix/runtime`: say so when the package
 * lacks it, the way the README advises: a development dependency that the function's bundler
 * inlines, or --vendor when nothing bundles it (or when the package's Prisma is outside the
 * runtime's peer range, where the install itself fails).
 */
export function missingRuntimeNotes(states: readonly FileState[], cwd: string): string[] {
  const notes = new Map<string, string>();
  for (const state of states) {
    if (
      state.status !== 'changed' ||
      !state.afterText!.includes(DEFAULT_RUNTIME_IMPORT) ||
      (state.beforeText ?? '').includes(DEFAULT_RUNTIME_IMPORT)
    )
      continue;
    const info = nearestPackage(state.path);
    if (info.manifest === undefined || packageDependsOn(info, ownPackage().name) || notes.has(info.dir)) continue;
    const manifestPath = displayPath(cwd, join(info.dir, 'package.json'));
    const prisma = prismaVersionOf(state.path);
    const lead = `${displayPath(cwd, state.path)} now imports ${DEFAULT_RUNTIME_IMPORT}, which ${manifestPath} does not list`;
    notes.set(
      info.dir,
      prisma !== undefined && prisma.major < MIN_RUNTIME_MAJOR
        ? `${lead}, and its Prisma ${prisma.version} is outside the runtime's peer range (Prisma 6 and 7), so installing it fails: rerun with --vendor to copy the runtime into the project`
        : `${lead}: if a bundler builds the function (CDK NodejsFunction, SST, serverless-esbuild, Next.js), add it as a development dependency (\`${devInstallCommand(info.dir)}\`); if the function ships node_modules as they are, rerun with --vendor to copy the runtime into the project`,
    );
  }
  return [...notes.values()];
}

/** The install command for the package manager whose lockfile is nearest. */
function devInstallCommand(packageDir: string): string {
  const name = ownPackage().name;
  for (let dir = packageDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-lock.yaml'))) return `pnpm add --save-dev ${name}`;
    if (existsSync(join(dir, 'yarn.lock'))) return `yarn add --dev ${name}`;
    if (existsSync(join(dir, 'bun.lock')) || existsSync(join(dir, 'bun.lockb'))) return `bun add --dev ${name}`;
    if (existsSync(join(dir, 'package-lock.json')) || dirname(dir) === dir) return `npm install --save-dev ${name}`;
  }
}
