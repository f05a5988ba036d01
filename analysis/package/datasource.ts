import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { nearestPackage } from './nearest-package.js';

/**
 * Which database the package's Prisma schema talks to: the `provider` of its `datasource`
 * block. Aurora is PostgreSQL or MySQL; a SQLite file or a MongoDB cluster never pauses,
 * resumes or drops idle sessions the way Aurora Serverless v2 does, so the Aurora advice
 * (a retry extension, a migration that waits for the database) does not apply there. Seen
 * on real repositories: Serverless Framework and Lambda examples on `provider = "sqlite"`.
 *
 * The schema is where Prisma looks for it: the package.json `prisma.schema` path, else
 * `prisma/schema.prisma`, `schema.prisma`, or the multi-file `prisma/schema/*.prisma`; in the
 * file's package, else in the packages above it (a monorepo's root schema).
 */

/** Providers of databases Aurora runs (PostgreSQL and MySQL compatible editions). */
const AURORA_PROVIDERS = new Set(['postgresql', 'postgres', 'mysql']);

const providerByDir = new Map<string, string | undefined>();

function schemaFilesOf(dir: string, manifest: Record<string, unknown> | undefined): string[] {
  const prismaField = manifest?.prisma as { schema?: unknown } | undefined;
  const declared = typeof prismaField?.schema === 'string' ? join(dir, prismaField.schema) : undefined;
  const candidates = declared ? [declared] : [join(dir, 'prisma/schema.prisma'), join(dir, 'schema.prisma'), join(dir, 'prisma/schema')];
  const files: string[] = [];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    if (candidate.endsWith('.prisma')) files.push(candidate);
    else {
      try {
        files.push(
          ...readdirSync(candidate)
            .filter((name) => name.endsWith('.prisma'))
            .map((name) => join(candidate, name)),
        );
      } catch {
        // Not a folder: nothing to read.
      }
    }
    if (files.length > 0) break;
  }
  return files;
}

/** `provider = "..."` of the first `datasource` block, comments stripped. */
export function datasourceProviderInSchema(schema: string): string | undefined {
  const code = schema.replace(/\/\/.*$/gm, '');
  return /\bdatasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*"([^"]+)"/.exec(code)?.[1];
}

function providerAt(dir: string, manifest: Record<string, unknown> | undefined): string | undefined {
  for (const file of schemaFilesOf(dir, manifest)) {
    try {
      const provider = datasourceProviderInSchema(readFileSync(file, 'utf8'));
      if (provider !== undefined) return provider;
    } catch {
      // Unreadable: as if absent.
    }
  }
  return undefined;
}

/** The datasource provider of the Prisma schema that serves `filePath`, when one is found. */
export function datasourceProviderOf(filePath: string): string | undefined {
  if (!isAbsolute(filePath)) return undefined;
  let info = nearestPackage(filePath);
  const visited: string[] = [];
  let provider: string | undefined;
  for (;;) {
    if (providerByDir.has(info.dir)) {
      provider = providerByDir.get(info.dir);
      break;
    }
    visited.push(info.dir);
    provider = providerAt(info.dir, info.manifest);
    if (provider !== undefined || existsSync(join(info.dir, '.git'))) break;
    const parent = dirname(info.dir);
    if (parent === info.dir) break;
    const above = nearestPackage(join(parent, 'package.json'));
    if (above.manifest === undefined) break;
    info = above;
  }
  for (const dir of visited) providerByDir.set(dir, provider);
  return provider;
}

/**
 * Why the Aurora advice does not apply to the code at `filePath`: its schema's provider is a
 * database Aurora does not run (`sqlite`, `mongodb`, `sqlserver`, `cockroachdb`); undefined
 * for PostgreSQL, MySQL, or no schema found (then the advice stands).
 */
export function nonAuroraDatasourceFor(filePath: string): string | undefined {
  const provider = datasourceProviderOf(filePath);
  return provider !== undefined && !AURORA_PROVIDERS.has(provider) ? provider : undefined;
}

/** Forgets what was read (tests that write schemas call it). */
export function clearDatasourceCache(): void {
  providerByDir.clear();
}
