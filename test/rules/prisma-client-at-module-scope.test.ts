import rule from '../../rules/prisma-client-at-module-scope.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

const lambda = { 'prisma-aurora-fix': { lambda: 'always' } };
const ts = typescriptRuleTester(lambda);
const js = await javascriptRuleTester(lambda);

ts.run('prisma-client-at-module-scope (TypeScript)', rule, {
  valid: [
    // Module scope: once per container.
    `import { PrismaClient } from '@prisma/client'
const prisma = new PrismaClient()
export const handler = async () => prisma.user.count()`,
    // Prisma 7: adapter and client at module scope.
    `import { PrismaClient } from './generated/prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 1 })
const prisma = new PrismaClient({ adapter })
export async function handler() { return prisma.user.findMany() }`,
    // globalThis singletons, memoised inside the handler.
    `import { PrismaClient } from '@prisma/client'
export const handler = async () => {
  globalThis.prisma ??= new PrismaClient()
  return globalThis.prisma.user.count()
}`,
    `import { PrismaClient } from '@prisma/client'
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient }
export const handler = async () => {
  const prisma = globalForPrisma.prisma ?? (globalForPrisma.prisma = new PrismaClient())
  return prisma.user.count()
}`,
    // A module-level variable memoises.
    `import { PrismaClient } from '@prisma/client'
let prisma: PrismaClient | undefined
export const handler = async () => {
  if (!prisma) prisma = new PrismaClient()
  return prisma.user.count()
}`,
    // A memoising helper called per request.
    `import { PrismaClient } from '@prisma/client'
let client: PrismaClient | undefined
function getClient() {
  if (!client) {
    client = new PrismaClient()
  }
  return client
}
export const handler = async () => getClient().user.count()`,
    // A per-tenant cache in a module-level Map.
    `import { PrismaClient } from '@prisma/client'
const clients = new Map<string, PrismaClient>()
export const handler = async (event: { tenant: string; url: string }) => {
  let client = clients.get(event.tenant)
  if (!client) {
    client = new PrismaClient({ datasourceUrl: event.url })
    clients.set(event.tenant, client)
  }
  return client.user.count()
}`,
    // A factory called once at module scope; a module-level IIFE.
    `import { PrismaClient } from '@prisma/client'
const createClient = () => new PrismaClient()
const prisma = createClient()
export const handler = async () => prisma.user.count()`,
    `import { PrismaClient } from '@prisma/client'
const prisma = (() => new PrismaClient({ log: ['warn'] }))()
export const handler = async () => prisma.user.count()`,
    // An exported factory nobody here calls per request; a class built once.
    `import { PrismaClient } from '@prisma/client'
export function createClient() { return new PrismaClient() }`,
    `import { PrismaClient } from '@prisma/client'
class Repository { db = new PrismaClient(); count() { return this.db.user.count() } }
const repository = new Repository()
export const handler = async () => repository.count()`,
    // Exported, but neither named nor shaped like a handler (no `event` parameter).
    `import { PrismaClient } from '@prisma/client'
export async function exportUsers(path: string) { const prisma = new PrismaClient(); return prisma.user.findMany() }`,
    // A non-handler function that is never called per request.
    `import { PrismaClient } from '@prisma/client'
export async function seed() { const prisma = new PrismaClient(); await prisma.user.create({ data: { email: 'a@b.c' } }) }`,
    // Not Lambda code.
    {
      code: `import { PrismaClient } from '@prisma/client'
export const handler = async () => new PrismaClient().user.count()`,
      settings: { 'prisma-aurora-fix': { lambda: 'never' } },
    },
    {
      code: `import { PrismaClient } from '@prisma/client'
export async function GET() { return Response.json(await new PrismaClient().user.count()) }`,
      settings: { 'prisma-aurora-fix': { lambda: 'auto' } },
    },
  ],
  invalid: [
    {
      code: `import { PrismaClient } from '@prisma/client'
export const handler = async () => {
  const prisma = new PrismaClient()
  return prisma.user.count()
}`,
      errors: [{ messageId: 'perInvocation', data: { handler: 'handler' }, line: 3, column: 18, endLine: 3, endColumn: 36 }],
    },
    {
      code: `import { PrismaClient } from '@prisma/client'
export async function handler(event: unknown) {
  const prisma = new PrismaClient()
  try { return await prisma.user.count() } finally { await prisma.$disconnect() }
}`,
      errors: [{ messageId: 'perInvocation', data: { handler: 'handler' }, line: 3, column: 18 }],
    },
    {
      // A handler named anything, typed as a Handler.
      code: `import type { Handler } from 'aws-lambda'
import { PrismaClient } from '@prisma/client'
export const main: Handler = async () => {
  const prisma = new PrismaClient()
  return prisma.user.count()
}`,
      settings: { 'prisma-aurora-fix': { lambda: 'auto' } },
      errors: [{ messageId: 'perInvocation', data: { handler: 'main' }, line: 4, column: 18 }],
    },
    {
      // middy(fn).use(...)
      code: `import middy from '@middy/core'
import httpErrorHandler from '@middy/http-error-handler'
import { PrismaClient } from '@prisma/client'
const lambdaHandler = async () => {
  const prisma = new PrismaClient()
  return prisma.user.count()
}
export const handler = middy(lambdaHandler).use(httpErrorHandler())`,
      errors: [{ messageId: 'perInvocation', data: { handler: 'handler' }, line: 5, column: 18 }],
    },
    {
      // middy().handler(fn), Prisma 7 adapter + client per invocation.
      code: `import middy from '@middy/core'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client'
export const main = middy().handler(async () => {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) })
  return prisma.user.count()
})`,
      errors: [{ messageId: 'perInvocation', data: { handler: 'main' }, line: 5, column: 18 }],
    },
    {
      // A non-memoising helper called from the handler.
      code: `import { PrismaClient as Db } from '@/generated/prisma'
async function getDb() {
  return new Db()
}
export const handler = async () => {
  const db = await getDb()
  return db.user.count()
}`,
      errors: [{ messageId: 'perInvocationHelper', data: { helper: 'getDb', handler: 'handler' }, line: 3, column: 10 }],
    },
    {
      // A class constructed per request.
      code: `import { PrismaClient } from '@prisma/client'
class UserRepository {
  private readonly db: PrismaClient
  constructor() { this.db = new PrismaClient() }
  count() { return this.db.user.count() }
}
export const handler = async () => new UserRepository().count()`,
      errors: [{ messageId: 'perInvocationHelper', data: { helper: 'UserRepository', handler: 'handler' }, line: 4, column: 29 }],
    },
    {
      // Nested in a callback of the handler; exported under another name.
      code: `import * as P from '@prisma/client'
async function run(event: { ids: number[] }) {
  return Promise.all(event.ids.map(async (id) => new P.PrismaClient().user.findUnique({ where: { id } })))
}
export { run as handler }`,
      errors: [{ messageId: 'perInvocation', data: { handler: 'handler' }, line: 3, column: 50 }],
    },
    {
      // Handler-shaped exports: SST's `main(event)`, `(event, context)` under any name.
      code: `import { PrismaClient } from '@prisma/client'
export async function main(event: { id: number }) {
  const prisma = new PrismaClient()
  return prisma.user.findUnique({ where: { id: event.id } })
}
export const processOrder = async (event: unknown, context: unknown) => new PrismaClient().user.count()`,
      errors: [
        { messageId: 'perInvocation', data: { handler: 'main' }, line: 3, column: 18 },
        { messageId: 'perInvocation', data: { handler: 'processOrder' }, line: 6, column: 73 },
      ],
    },
    {
      // A Next.js route handler in a package deployed to Lambda.
      code: `import { PrismaClient } from '@prisma/client'
export async function GET() {
  const prisma = new PrismaClient()
  return Response.json(await prisma.user.findMany())
}`,
      errors: [{ messageId: 'perInvocation', data: { handler: 'GET' }, line: 3, column: 18 }],
    },
  ],
});

js.run('prisma-client-at-module-scope (JavaScript)', rule, {
  valid: [
    `const { PrismaClient } = require('@prisma/client')
const prisma = new PrismaClient()
exports.handler = async () => prisma.user.count()`,
  ],
  invalid: [
    {
      code: `const { PrismaClient } = require('@prisma/client')
exports.handler = async (event) => {
  const prisma = new PrismaClient()
  return prisma.user.count()
}`,
      errors: [{ messageId: 'perInvocation', data: { handler: 'handler' }, line: 3, column: 18 }],
    },
    {
      code: `const Prisma = require('@prisma/client')
async function handler(event) {
  const prisma = new Prisma.PrismaClient()
  return prisma.user.count()
}
module.exports = { handler }`,
      errors: [{ messageId: 'perInvocation', data: { handler: 'handler' }, line: 3, column: 18 }],
    },
  ],
});
