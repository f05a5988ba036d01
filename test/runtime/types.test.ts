/**
 * `new PrismaClient(...).$extends(auroraRetry())` keeps the client's types, with no cast, for
 * Prisma 7 (both generators) and Prisma 6: `tsc` over small programs using real generated
 * clients. The programs are written here (into the git-ignored generated folders) because the
 * clients exist only once the tests generated them, after the repository's own type check.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { generatePrismaClient, PRISMA6_WORKSPACE, REPO_ROOT, type PrismaFlavor } from '../support/prisma-generate.js';

const TYPECHECK_DIR = join(REPO_ROOT, 'test/.generated/typecheck');
const PRISMA6_TYPECHECK_DIR = join(PRISMA6_WORKSPACE, '.generated/typecheck');

/** A program that only compiles if the extended client has the generated client's exact types. */
function program(flavor: PrismaFlavor, clientModule: string, runtimeModule: string): string {
  // prisma-client (Prisma 7's new generator) exports model types from its client module too.
  return `
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient, type User } from '${clientModule}';
import { auroraRetry, withRetry, type RetryEvent } from '${runtimeModule}';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_proof?: T): void {}

const adapter = new PrismaPg({ connectionString: process.env['DATABASE_URL'] ?? '' });
const events: RetryEvent[] = [];
export const prisma = new PrismaClient({ adapter }).$extends(auroraRetry({ maxRetries: 3, onRetry: (event) => events.push(event) }));

export async function uses(): Promise<void> {
  const users = await prisma.user.findMany({ where: { email: 'a@example.com' } });
  expectType<Equal<typeof users, User[]>>();
  const picked = await prisma.user.findUnique({ where: { id: 1 }, select: { email: true } });
  expectType<Equal<typeof picked, { email: string } | null>>();
  const [count, list] = await prisma.$transaction([prisma.user.count(), prisma.user.findMany()]);
  expectType<Equal<typeof count, number>>();
  expectType<Equal<typeof list, User[]>>();
  const inTransaction = await prisma.$transaction(async (tx) => tx.user.count(), { maxWait: 5_000 });
  expectType<Equal<typeof inTransaction, number>>();
  const created = await withRetry(() => prisma.user.create({ data: { email: 'x@example.com' } }), { operation: 'signup' });
  expectType<Equal<typeof created, User>>();
  const raw = await prisma.$queryRaw<{ one: number }[]>\`SELECT 1 AS one\`;
  expectType<Equal<typeof raw, { one: number }[]>>();
  const changed: number = await prisma.$executeRawUnsafe('SELECT 1');
  void changed;

  // @ts-expect-error -- \`nope\` is not a field of User: the model types survived the extension.
  await prisma.user.findMany({ where: { nope: 1 } });
  // @ts-expect-error -- nor is \`post\` a model.
  void prisma.post;

  // Prisma.defineExtension accepts it, with the same result.
  const defined = Prisma.defineExtension(auroraRetry());
  const viaDefine = new PrismaClient({ adapter }).$extends(defined);
  const definedCount = await viaDefine.user.count();
  expectType<Equal<typeof definedCount, number>>();

  // Composes with other extensions in either order.
  const composed = new PrismaClient({ adapter })
    .$extends({ result: { user: { label: { needs: { email: true }, compute: (user) => \`<\${user.email}>\` } } } })
    .$extends(auroraRetry());
  const labelled = await composed.user.findFirstOrThrow();
  expectType<Equal<typeof labelled.label, string>>();
}
// ${flavor}
`;
}

beforeAll(async () => {
  const [js, ts, six] = await Promise.all([
    generatePrismaClient('prisma7-js'),
    generatePrismaClient('prisma7-ts'),
    generatePrismaClient('prisma6'),
  ]);
  mkdirSync(TYPECHECK_DIR, { recursive: true });
  mkdirSync(PRISMA6_TYPECHECK_DIR, { recursive: true });
  const importPath = (from: string, file: string): string => {
    const path = relative(from, file).split('\\').join('/');
    return path.startsWith('.') ? path : `./${path}`;
  };
  const runtimeFrom = (dir: string): string => importPath(dir, join(REPO_ROOT, 'runtime/index.js'));
  writeFileSync(
    join(TYPECHECK_DIR, 'prisma7-js.ts'),
    program('prisma7-js', importPath(TYPECHECK_DIR, join(js.outputDir, 'index.js')), runtimeFrom(TYPECHECK_DIR)),
  );
  writeFileSync(
    join(TYPECHECK_DIR, 'prisma7-ts.ts'),
    program('prisma7-ts', importPath(TYPECHECK_DIR, join(ts.outputDir, 'client.js')), runtimeFrom(TYPECHECK_DIR)),
  );
  // Inside the Prisma 6 workspace, so '@prisma/adapter-pg' resolves to 6.19.
  writeFileSync(
    join(PRISMA6_TYPECHECK_DIR, 'prisma6.ts'),
    program('prisma6', importPath(PRISMA6_TYPECHECK_DIR, join(six.outputDir, 'index.js')), runtimeFrom(PRISMA6_TYPECHECK_DIR)),
  );
  // What a user's project typically has: strict, NodeNext, no exactOptionalPropertyTypes.
  writeFileSync(
    join(TYPECHECK_DIR, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
        },
        files: ['prisma7-js.ts', 'prisma7-ts.ts', join(PRISMA6_TYPECHECK_DIR, 'prisma6.ts')],
      },
      null,
      2,
    ),
  );
}, 120_000);

it('type-checks $extends(auroraRetry()) on Prisma 7 (prisma-client-js and prisma-client) and Prisma 6 without a cast', () => {
  let output = '';
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(TYPECHECK_DIR, 'tsconfig.json')], {
      encoding: 'utf8',
      cwd: REPO_ROOT,
    });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe('');
}, 120_000);
