/**
 * Generates real Prisma clients for the tests, offline (FACTS.md, "What can run here"):
 * `prisma generate` only needs the schema engine to exist, so PRISMA_SCHEMA_ENGINE_BINARY points
 * at an empty file. Three flavours:
 * - `prisma7-js`: Prisma 7, the `prisma-client-js` generator (CommonJS, `.d.ts`);
 * - `prisma7-ts`: Prisma 7, the new `prisma-client` generator (TypeScript sources, ESM);
 * - `prisma6`: Prisma 6.19 from the `test/prisma6` workspace, `engineType = "client"` (the
 *   only Prisma 6 engine that runs offline, with `@prisma/adapter-pg` 6.19).
 *
 * Output goes to git-ignored folders (`test/.generated/`, `test/prisma6/.generated/`; Prisma 6's
 * must sit inside its workspace so its imports resolve Prisma 6 packages). A client is
 * regenerated only when its schema or the Prisma version changed, under a lock, so test files
 * running in parallel can all call this. Tables are not created here: Prisma 7 cannot run
 * `db push` offline, so tests create them with plain SQL (`TEST_TABLES_SQL`).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PRISMA6_WORKSPACE = join(REPO_ROOT, 'test/prisma6');

export type PrismaFlavor = 'prisma7-js' | 'prisma7-ts' | 'prisma6';
export const PRISMA_FLAVORS: readonly PrismaFlavor[] = ['prisma7-js', 'prisma7-ts', 'prisma6'];

/** The models the runtime tests use; the tables are `TEST_TABLES_SQL`. */
export const TEST_MODELS = `
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
}

model Event {
  id     Int    @id @default(autoincrement())
  seq    Int
  worker Int    @default(0)
}
`;

export const TEST_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS "User" (id serial PRIMARY KEY, email text NOT NULL, name text);
CREATE UNIQUE INDEX IF NOT EXISTS "User_email_key" ON "User"(email);
CREATE TABLE IF NOT EXISTS "Event" (id serial PRIMARY KEY, seq integer NOT NULL, worker integer NOT NULL DEFAULT 0);
`;

export interface GeneratedPrismaClient {
  flavor: PrismaFlavor;
  /** The folder the generator wrote. */
  outputDir: string;
  /** The file to import (`prisma7-ts`) or require (the others) for `PrismaClient`. */
  entry: string;
  /** The major Prisma version. */
  major: 6 | 7;
}

export interface GeneratePrismaClientOptions {
  /** A folder name that keeps clients of different schemas apart (default `runtime`). */
  name?: string;
  /** Models (and enums) appended to the generator and datasource blocks. Default: `TEST_MODELS`. */
  models?: string;
}

function prismaCliOf(flavor: PrismaFlavor): string {
  const root = flavor === 'prisma6' ? PRISMA6_WORKSPACE : REPO_ROOT;
  return join(root, 'node_modules/prisma/build/index.js');
}

function prismaVersionOf(flavor: PrismaFlavor): string {
  const root = flavor === 'prisma6' ? PRISMA6_WORKSPACE : REPO_ROOT;
  const file = join(root, 'node_modules/prisma/package.json');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`npm ci\` at the repository root (it installs the test/prisma6 workspace too).`);
  }
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function schemaFor(flavor: PrismaFlavor, models: string): string {
  const generator =
    flavor === 'prisma7-ts'
      ? `generator client {\n  provider = "prisma-client"\n  output   = "./client"\n}`
      : flavor === 'prisma7-js'
        ? `generator client {\n  provider = "prisma-client-js"\n  output   = "./client"\n}`
        : `generator client {\n  provider   = "prisma-client-js"\n  output     = "./client"\n  engineType = "client"\n}`;
  // Prisma 7 takes the URL from prisma.config.ts or the adapter, never the schema; Prisma 6 requires one.
  const datasource =
    flavor === 'prisma6'
      ? `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}`
      : `datasource db {\n  provider = "postgresql"\n}`;
  return `${generator}\n\n${datasource}\n${models}`;
}

export function generatedDirOf(flavor: PrismaFlavor, name = 'runtime'): string {
  return flavor === 'prisma6' ? join(PRISMA6_WORKSPACE, '.generated', name) : join(REPO_ROOT, 'test/.generated', name, flavor);
}

async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than a minute belongs to a process that died mid-generate.
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 60_000) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Generates (or reuses) one client. Safe to call from several test files at once. */
export async function generatePrismaClient(
  flavor: PrismaFlavor,
  options: GeneratePrismaClientOptions = {},
): Promise<GeneratedPrismaClient> {
  const name = options.name ?? 'runtime';
  const dir = generatedDirOf(flavor, name);
  const outputDir = join(dir, 'client');
  const schema = schemaFor(flavor, options.models ?? TEST_MODELS);
  const version = prismaVersionOf(flavor);
  const hash = createHash('sha256').update(`${version}\n${schema}`).digest('hex');
  const hashFile = join(outputDir, '.schema-hash');
  const result: GeneratedPrismaClient = {
    flavor,
    outputDir,
    entry: join(outputDir, flavor === 'prisma7-ts' ? 'client.ts' : 'index.js'),
    major: flavor === 'prisma6' ? 6 : 7,
  };
  const isCurrent = (): boolean => existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash;
  if (isCurrent()) return result;

  mkdirSync(dir, { recursive: true });
  await withLock(join(dir, '.lock'), async () => {
    if (isCurrent()) return;
    rmSync(outputDir, { recursive: true, force: true });
    const schemaFile = join(dir, 'schema.prisma');
    writeFileSync(schemaFile, schema);
    // Any existing file satisfies the CLI's engine check; generate never runs the schema engine.
    const emptyEngine = join(dir, 'empty-schema-engine');
    writeFileSync(emptyEngine, '');
    try {
      await execFileAsync(process.execPath, [prismaCliOf(flavor), 'generate', '--schema', schemaFile], {
        cwd: flavor === 'prisma6' ? PRISMA6_WORKSPACE : REPO_ROOT,
        env: {
          ...process.env,
          PRISMA_SCHEMA_ENGINE_BINARY: emptyEngine,
          CHECKPOINT_DISABLE: '1',
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
          PRISMA_GENERATE_SKIP_AUTOINSTALL: '1',
          // Prisma 6 reads engineType only when the datasource URL resolves (FACTS.md).
          DATABASE_URL: 'postgresql://generate:generate@127.0.0.1:1/generate',
        },
        timeout: 120_000,
      });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`prisma generate (${flavor}) failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
    }
    writeFileSync(hashFile, hash);
  });
  return result;
}

/** Generates every flavour (sequentially: `prisma generate` is CPU-bound). */
export async function generateAllPrismaClients(
  options: GeneratePrismaClientOptions = {},
): Promise<Record<PrismaFlavor, GeneratedPrismaClient>> {
  const clients = {} as Record<PrismaFlavor, GeneratedPrismaClient>;
  for (const flavor of PRISMA_FLAVORS) clients[flavor] = await generatePrismaClient(flavor, options);
  return clients;
}
