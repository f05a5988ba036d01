/**
 * Database-side files of the generated corpus: the Prisma client module in its many real
 * shapes (broken and already fixed), repositories and services that query through it, a seed
 * script and a Next.js route handler. Every one of these passes the CLI's text prefilter.
 */
import { ENTITIES, camel, fieldsFor, pascal, plural } from './names.js';
import type { Random } from './random.js';

export interface PackageContext {
  /** Prisma major the package depends on (decides the URL form vs the driver adapter form). */
  prismaMajor: 6 | 7;
  /** Module specifier a file in `src/<dir>/` uses to reach the package's Prisma module. */
  prismaImport: string;
  /** The exported name of the package's client. */
  clientName: string;
}

/** `lib/prisma.ts`-style modules, in the shapes real repositories carry. */
export function prismaModule(random: Random, context: PackageContext): string {
  const name = context.clientName;
  const variant = random.weighted({
    canonicalBroken: 3,
    globalSingletonFixed: 2,
    adapterBroken: context.prismaMajor === 7 ? 3 : 0,
    adapterFixed: context.prismaMajor === 7 ? 2 : 0,
    plainExport: 1,
    chainedLater: 1,
  });
  switch (variant) {
    case 'canonicalBroken':
      return `import { PrismaClient } from '@prisma/client';

const globalForPrisma = globalThis as unknown as { ${name}: PrismaClient | undefined };

console.log(process.env.DATABASE_URL);

export const ${name} =
  globalForPrisma.${name} ||
  new PrismaClient({
    log: ['query', 'info', 'warn', 'error'],
  });

if (process.env.NODE_ENV !== 'production') globalForPrisma.${name} = ${name};
`;
    case 'globalSingletonFixed':
      return `import { PrismaClient } from '@prisma/client';
import { auroraRetry } from 'prisma-aurora-fix/runtime';

// One client per Lambda container: module scope survives between invocations.
const createClient = () => new PrismaClient({ log: ['warn', 'error'] }).$extends(auroraRetry());

type ExtendedClient = ReturnType<typeof createClient>;

const globalForPrisma = globalThis as unknown as { ${name}?: ExtendedClient };

export const ${name}: ExtendedClient = globalForPrisma.${name} ?? createClient();

if (process.env.NODE_ENV !== 'production') {
  globalForPrisma.${name} = ${name};
}
`;
    case 'adapterBroken':
      return `import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

const adapter = new PrismaPg({
  connectionString: process.env.DATABASE_URL${random.chance(0.5) ? ',\n  poolSize: 1' : ''},
});

export const ${name} = new PrismaClient({ adapter${random.chance(0.4) ? ", log: ['query']" : ''} });
`;
    case 'adapterFixed':
      return `import { PrismaPg } from '@prisma/adapter-pg';
import { auroraRetry } from 'prisma-aurora-fix/runtime';
import { PrismaClient } from '../generated/prisma/client.js';

// max: 1 and a 30 s connect timeout: Aurora Serverless v2 holds the TCP connect while it resumes.
const adapter = new PrismaPg({
  connectionString: process.env.DATABASE_URL,
  max: 1,
  connectionTimeoutMillis: 30_000,
});

export const ${name} = new PrismaClient({ adapter }).$extends(auroraRetry());
`;
    case 'plainExport':
      return `import { PrismaClient } from '@prisma/client';

export const ${name} = new PrismaClient();

export async function disconnect(): Promise<void> {
  await ${name}.$disconnect();
}
`;
    case 'chainedLater':
      return `import { PrismaClient as BaseClient } from '@prisma/client';
import { withAccelerate } from '@prisma/extension-accelerate';

const base = new BaseClient({ errorFormat: 'minimal' });

export const ${name} = base.$extends(withAccelerate());

export type Db = typeof ${name};
`;
  }
}

/** A repository module: typed queries through the package's client. */
export function repository(random: Random, context: PackageContext): string {
  const entity = random.pick(ENTITIES);
  const Entity = pascal(entity);
  const fields = fieldsFor(random, random.int(3, 7));
  const db = context.clientName;
  const methods: string[] = [];
  methods.push(`export async function find${Entity}ById(id: string): Promise<${Entity}Record | null> {
  return ${db}.${entity}.findUnique({ where: { id } });
}`);
  methods.push(`export async function list${pascal(plural(entity))}(options: ListOptions = {}): Promise<${Entity}Record[]> {
  const { take = 50, cursor, ownerId } = options;
  return ${db}.${entity}.findMany({
    where: ownerId ? { ownerId } : undefined,
    take,
    ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    orderBy: { createdAt: 'desc' },
  });
}`);
  if (random.chance(0.8)) {
    methods.push(`export async function create${Entity}(input: ${Entity}Input): Promise<${Entity}Record> {
  return ${db}.${entity}.create({
    data: {
${fields.map((field) => `      ${field.name}: input.${field.name},`).join('\n')}
    },
  });
}`);
  }
  if (random.chance(0.6)) {
    methods.push(`export async function update${Entity}(id: string, patch: Partial<${Entity}Input>): Promise<${Entity}Record> {
  return ${db}.${entity}.update({ where: { id }, data: patch });
}`);
  }
  if (random.chance(0.4)) {
    methods.push(`export async function count${pascal(plural(entity))}ByStatus(): Promise<Record<string, number>> {
  const rows = await ${db}.${entity}.groupBy({ by: ['ownerId'], _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.ownerId, row._count._all]));
}`);
  }
  if (random.chance(0.35)) {
    methods.push(`export async function archive${pascal(plural(entity))}(ids: readonly string[]): Promise<number> {
  const [result] = await ${db}.$transaction([
    ${db}.${entity}.updateMany({ where: { id: { in: [...ids] } }, data: { archivedAt: new Date() } }),
    ${db}.auditLog.create({ data: { action: 'archive', entity: '${entity}', count: ids.length } }),
  ]);
  return result.count;
}`);
  }
  if (random.chance(0.25)) {
    methods.push(`export async function ${camel('search', plural(entity))}(term: string): Promise<{ id: string }[]> {
  return ${db}.$queryRaw<{ id: string }[]>\`SELECT id FROM "${Entity}" WHERE title ILIKE \${'%' + term + '%'} LIMIT 20\`;
}`);
  }
  return `import type { ${Entity} } from '@prisma/client';
import { ${db} } from '${context.prismaImport}';

export type ${Entity}Record = ${Entity};

export interface ${Entity}Input {
${fields.map((field) => `  ${field.name}: ${field.type};`).join('\n')}
}

export interface ListOptions {
  take?: number;
  cursor?: string;
  ownerId?: string;
}

${methods.join('\n\n')}
`;
}

/** A service that combines a repository with validation and mapping. */
export function service(random: Random, context: PackageContext): string {
  const entity = random.pick(ENTITIES);
  const Entity = pascal(entity);
  const fields = fieldsFor(random, random.int(3, 6));
  const usesTransaction = random.chance(0.5);
  return `import { ${context.clientName} } from '${context.prismaImport}';

export class ${Entity}NotFoundError extends Error {
  constructor(readonly id: string) {
    super(\`${Entity} \${id} not found\`);
    this.name = '${Entity}NotFoundError';
  }
}

export interface ${Entity}View {
  id: string;
${fields.map((field) => `  ${field.name}: ${field.type};`).join('\n')}
}

function toView(row: Record<string, unknown> & { id: string }): ${Entity}View {
  return {
    id: row.id,
${fields.map((field) => `    ${field.name}: row.${field.name} as ${Entity}View['${field.name}'],`).join('\n')}
  };
}

export class ${Entity}Service {
  constructor(private readonly db = ${context.clientName}) {}

  async get(id: string): Promise<${Entity}View> {
    const row = await this.db.${entity}.findUnique({ where: { id } });
    if (!row) throw new ${Entity}NotFoundError(id);
    return toView(row);
  }

  async list(page = 0, size = 20): Promise<${Entity}View[]> {
    const rows = await this.db.${entity}.findMany({ skip: page * size, take: size });
    return rows.map(toView);
  }
${
  usesTransaction
    ? `
  async transfer(fromId: string, toId: string, amount: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const from = await tx.${entity}.update({ where: { id: fromId }, data: { amount: { decrement: amount } } });
      if (from.amount < 0) throw new Error('insufficient balance');
      await tx.${entity}.update({ where: { id: toId }, data: { amount: { increment: amount } } });
    });
  }
`
    : ''
}
  async remove(id: string): Promise<boolean> {
    const { count } = await this.db.${entity}.deleteMany({ where: { id } });
    return count > 0;
  }
}
`;
}

/** `prisma/seed.ts`: a script, not Lambda code; disconnects at the end. */
export function seedScript(random: Random): string {
  const entities = random.sample(ENTITIES, random.int(2, 4));
  return `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function main(): Promise<void> {
${entities
  .map(
    (entity) => `  await prisma.${entity}.createMany({
    data: Array.from({ length: ${random.int(5, 40)} }, (_, index) => ({ title: \`${entity} \${index}\` })),
    skipDuplicates: true,
  });`,
  )
  .join('\n')}
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
`;
}

/** A Next.js app-router route handler that queries through the shared client. */
export function routeHandler(random: Random, context: PackageContext): string {
  const entity = random.pick(ENTITIES);
  return `import { NextResponse } from 'next/server';
import { ${context.clientName} } from '${context.prismaImport}';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const { searchParams } = new URL(request.url);
  const take = Math.min(Number(searchParams.get('take') ?? 20), 100);
  const items = await ${context.clientName}.${entity}.findMany({ take, orderBy: { createdAt: 'desc' } });
  return NextResponse.json({ items });
}

export async function POST(request: Request): Promise<Response> {
  const body = (await request.json()) as { title?: unknown };
  if (typeof body.title !== 'string' || body.title.length === 0) {
    return NextResponse.json({ error: 'title is required' }, { status: 400 });
  }
  const created = await ${context.clientName}.${entity}.create({ data: { title: body.title } });
  return NextResponse.json(created, { status: 201 });
}
`;
}
