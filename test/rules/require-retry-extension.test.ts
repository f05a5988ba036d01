import rule from '../../rules/require-retry-extension.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

const lambda = { 'prisma-aurora-fix': { lambda: 'always' } };
const ts = typescriptRuleTester(lambda);
const js = await javascriptRuleTester(lambda);

ts.run('require-retry-extension (TypeScript)', rule, {
  valid: [
    // auroraRetry chained directly, Prisma 6 package import.
    `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
export const prisma = new PrismaClient().$extends(auroraRetry())`,
    // Prisma 7 generated client under an alias, extended on a later line.
    `import { PrismaClient as Db } from '../generated/prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL })
const base = new Db({ adapter })
export const prisma = base.$extends(auroraRetry({ maxAttempts: 5 }))`,
    // Namespace import; retry after another extension.
    `import * as P from '@/generated/prisma'
import { withAccelerate } from '@prisma/extension-accelerate'
import { auroraRetry } from './aurora-retry.js'
export const prisma = new P.PrismaClient().$extends(withAccelerate()).$extends(auroraRetry())`,
    // Vendored runtime under another name: "retry" in the imported name is enough.
    `import { PrismaClient } from '.prisma/client'
import { auroraRetry as resilient } from '~/lib/aurora-retry'
export const prisma = new PrismaClient().$extends(resilient())`,
    // Any imported identifier with "retry" in its name, called or passed.
    `import { PrismaClient } from '@prisma/client'
import { createRetryExtension, RETRY_EXTENSION } from './extensions'
export const a = new PrismaClient().$extends(createRetryExtension({ attempts: 3 }))
export const b = new PrismaClient().$extends(RETRY_EXTENSION)`,
    // A configured extension name.
    {
      code: `import { PrismaClient } from '@prisma/client'
import { withResilience } from '@acme/prisma-extensions'
export const prisma = new PrismaClient().$extends(withResilience())`,
      options: [{ retryExtensions: ['withResilience'] }],
    },
    // Inline extension: $allOperations retries query(args) in a loop with try/catch.
    `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient().$extends({
  query: {
    async $allOperations({ args, query }) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await query(args)
        } catch (error) {
          if (attempt >= 3) throw error
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
        }
      }
    },
  },
})`,
    // Inline on $allModels, defined with Prisma.defineExtension in a const.
    `import { Prisma, PrismaClient } from '@prisma/client'
const resilience = Prisma.defineExtension({
  name: 'resilience',
  query: {
    $allModels: {
      $allOperations: async ({ args, query: run }) => {
        let attempt = 0
        while (true) {
          try { return await run(args) } catch (error) { if (++attempt > 3) throw error }
        }
      },
    },
  },
})
export const prisma = new PrismaClient().$extends(resilience)`,
    // Inline $allOperations handing query to a retry helper.
    `import { PrismaClient } from '@prisma/client'
import pRetry from 'p-retry'
export const prisma = new PrismaClient().$extends({
  query: { $allOperations: ({ args, query }) => pRetry(() => query(args), { retries: 3 }) },
})`,
    // globalThis singleton with the retry inside the factory (Prisma's Next.js guide shape).
    `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
const prismaClientSingleton = () => {
  return new PrismaClient().$extends(auroraRetry())
}
declare global {
  var prismaGlobal: undefined | ReturnType<typeof prismaClientSingleton>
}
export const prisma = globalThis.prismaGlobal ?? prismaClientSingleton()
if (process.env.NODE_ENV !== 'production') globalThis.prismaGlobal = prisma`,
    // A factory whose result is extended by the caller.
    `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
const createClient = () => new PrismaClient()
export const prisma = createClient().$extends(auroraRetry())`,
    // Passed into a local helper that extends it (the fix's shape for lazily built clients).
    `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
const extendPrismaClient = (client: PrismaClient) => client.$extends(auroraRetry())
let prisma: ReturnType<typeof extendPrismaClient> | undefined
export async function getPrisma(url: string) {
  prisma ??= extendPrismaClient(new PrismaClient({ datasourceUrl: url }))
  return prisma
}`,
    // The raw client is kept for $connect, the exported one retries.
    `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
const base = new PrismaClient()
await base.$connect()
export const prisma = base.$extends(auroraRetry())`,
    // Not Prisma's class: a local class of the same name, a type-only import.
    `class PrismaClient {}
export const fake = new PrismaClient()`,
    `import type { PrismaClient } from '@prisma/client'
export function repository(db: PrismaClient) { return db.user }`,
    // Not Lambda code.
    {
      code: `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient()`,
      settings: { 'prisma-aurora-fix': { lambda: 'never' } },
    },
    {
      code: `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient()`,
      settings: { 'prisma-aurora-fix': { lambda: 'auto' } },
    },
  ],
  invalid: [
    {
      // A local helper that does not extend: the client stays bare.
      code: `import { PrismaClient } from '@prisma/client'
const withLogging = (client: PrismaClient) => { console.info('client ready'); return client }
export const prisma = withLogging(new PrismaClient())`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 3,
          column: 35,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
const withLogging = (client: PrismaClient) => { console.info('client ready'); return client }
export const prisma = withLogging(new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient)`,
            },
          ],
        },
      ],
    },
    {
      code: `import { PrismaClient } from '@prisma/client'

export const prisma = new PrismaClient()
`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 3,
          column: 23,
          endLine: 3,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'addRetry',
              data: { name: 'auroraRetry', source: 'prisma-aurora-fix/runtime' },
              output: `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'

export const prisma = new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient
`,
            },
          ],
        },
      ],
    },
    {
      // withAccelerate alone is not a retry; auto Lambda scope from the aws-lambda import.
      code: `import type { APIGatewayProxyHandler } from 'aws-lambda';
import { PrismaClient } from '@prisma/client/edge';
import { withAccelerate } from '@prisma/extension-accelerate';

const prisma = new PrismaClient().$extends(withAccelerate());

export const handler: APIGatewayProxyHandler = async () => ({ statusCode: 200, body: String(await prisma.user.count()) });
`,
      settings: { 'prisma-aurora-fix': { lambda: 'auto' } },
      errors: [
        {
          messageId: 'missingRetry',
          line: 5,
          column: 16,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import type { APIGatewayProxyHandler } from 'aws-lambda';
import { PrismaClient } from '@prisma/client/edge';
import { withAccelerate } from '@prisma/extension-accelerate';
import { auroraRetry } from 'prisma-aurora-fix/runtime';

const prisma = new PrismaClient().$extends(withAccelerate()).$extends(auroraRetry());

export const handler: APIGatewayProxyHandler = async () => ({ statusCode: 200, body: String(await prisma.user.count()) });
`,
            },
          ],
        },
      ],
    },
    {
      // The canonical singleton: the cast's type must follow the extended client.
      code: `import { PrismaClient } from '@prisma/client'

const globalForPrisma = globalThis as unknown as { prisma: PrismaClient }

export const prisma = globalForPrisma.prisma || new PrismaClient({ log: ['warn', 'error'] })

if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma
`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 5,
          column: 49,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'

const globalForPrisma = globalThis as unknown as { prisma: PrismaClient }

export const prisma = globalForPrisma.prisma || new PrismaClient({ log: ['warn', 'error'] }).$extends(auroraRetry()) as unknown as PrismaClient

if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma
`,
            },
          ],
        },
      ],
    },
    {
      // `declare global` singleton.
      code: `import { PrismaClient } from '../generated/prisma/client';

declare global {
  // survives hot reloads in development
  var prisma: PrismaClient | undefined;
}

export const db = globalThis.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== 'production') globalThis.prisma = db;
`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 8,
          column: 40,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import { PrismaClient } from '../generated/prisma/client';
import { auroraRetry } from 'prisma-aurora-fix/runtime';

declare global {
  // survives hot reloads in development
  var prisma: PrismaClient | undefined;
}

export const db = globalThis.prisma ?? new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient;
if (process.env.NODE_ENV !== 'production') globalThis.prisma = db;
`,
            },
          ],
        },
      ],
    },
    {
      // An annotation on the client's own const is dropped; `new X` without parentheses.
      code: `import { PrismaClient } from '@prisma/client'
export const prisma: PrismaClient = new PrismaClient`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 2,
          column: 37,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
export const prisma: PrismaClient = new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient`,
            },
          ],
        },
      ],
    },
    {
      // An inline extension that only logs is not a retry; the later-line $extends is followed.
      code: `import { PrismaClient } from '@prisma/client'
const base = new PrismaClient()
export const prisma = base.$extends({
  query: { async $allOperations({ args, query }) { console.time('q'); try { return await query(args) } finally { console.timeEnd('q') } } },
})`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 2,
          column: 14,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
const base = new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient
export const prisma = base.$extends({
  query: { async $allOperations({ args, query }) { console.time('q'); try { return await query(args) } finally { console.timeEnd('q') } } },
})`,
            },
          ],
        },
      ],
    },
    {
      // auroraRetry already imported under an alias: reused; a vendored runtimeImport.
      code: `import { PrismaClient } from './generated/prisma'
import { auroraRetry as backoff } from './aurora-retry.js'
export const reader = new PrismaClient().$extends(backoff())
export const writer = new PrismaClient()`,
      options: [{ runtimeImport: './aurora-retry.js' }],
      errors: [
        {
          messageId: 'missingRetry',
          line: 4,
          column: 23,
          suggestions: [
            {
              messageId: 'addRetry',
              data: { name: 'auroraRetry', source: './aurora-retry.js' },
              output: `import { PrismaClient } from './generated/prisma'
import { auroraRetry as backoff } from './aurora-retry.js'
export const reader = new PrismaClient().$extends(backoff())
export const writer = new PrismaClient().$extends(backoff()) as unknown as PrismaClient`,
            },
          ],
        },
      ],
    },
    {
      // An existing import from the runtime gains the specifier.
      code: `import { PrismaClient } from '@prisma/client'
import { withRetry } from 'prisma-aurora-fix/runtime'
export const prisma = new PrismaClient()
export const ping = () => withRetry(() => prisma.$queryRaw\`SELECT 1\`)`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 3,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import { PrismaClient } from '@prisma/client'
import { withRetry, auroraRetry } from 'prisma-aurora-fix/runtime'
export const prisma = new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient
export const ping = () => withRetry(() => prisma.$queryRaw\`SELECT 1\`)`,
            },
          ],
        },
      ],
    },
    {
      // $on exists only on the base client: reported, but no one-click fix.
      code: `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: [{ emit: 'event', level: 'warn' }] })
prisma.$on('warn', (event) => console.warn(event.message))`,
      errors: [{ messageId: 'missingRetry', line: 2, column: 23, suggestions: [] }],
    },
    {
      // A client built inside a middy-wrapped handler from a dynamic import.
      code: `import middy from '@middy/core'
export const handler = middy(async () => {
  const { PrismaClient } = await import('@prisma/client')
  const prisma = new PrismaClient()
  return prisma.user.count()
})`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 4,
          column: 18,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import middy from '@middy/core'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
export const handler = middy(async () => {
  const { PrismaClient } = await import('@prisma/client')
  const prisma = new PrismaClient().$extends(auroraRetry()) as unknown as InstanceType<typeof PrismaClient>
  return prisma.user.count()
})`,
            },
          ],
        },
      ],
    },
    {
      // An exported factory hands out unextended clients.
      code: `import { PrismaClient } from '@prisma/client'
export function createClient(url: string) {
  return new PrismaClient({ datasourceUrl: url })
}`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
export function createClient(url: string) {
  return new PrismaClient({ datasourceUrl: url }).$extends(auroraRetry()) as unknown as PrismaClient
}`,
            },
          ],
        },
      ],
    },
  ],
});

js.run('require-retry-extension (JavaScript)', rule, {
  valid: [
    `const { PrismaClient } = require('@prisma/client')
const { auroraRetry } = require('prisma-aurora-fix/runtime')
module.exports = new PrismaClient().$extends(auroraRetry())`,
    `import pkg from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
const { PrismaClient } = pkg
export const prisma = new PrismaClient().$extends(auroraRetry())`,
  ],
  invalid: [
    {
      code: `'use strict'
const { PrismaClient: Client } = require('@prisma/client')

const prisma = new Client()
module.exports = { prisma }
`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 4,
          column: 16,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `'use strict'
const { PrismaClient: Client } = require('@prisma/client')
const { auroraRetry } = require('prisma-aurora-fix/runtime')

const prisma = new Client().$extends(auroraRetry())
module.exports = { prisma }
`,
            },
          ],
        },
      ],
    },
    {
      // Member access on the required package; optional chaining on the later $extends.
      code: `const prismaPackage = require("@prisma/client");
const base = new prismaPackage.PrismaClient();
exports.prisma = base?.$extends({});
`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 2,
          column: 14,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `const prismaPackage = require("@prisma/client");
const { auroraRetry } = require("prisma-aurora-fix/runtime");
const base = new prismaPackage.PrismaClient().$extends(auroraRetry());
exports.prisma = base?.$extends({});
`,
            },
          ],
        },
      ],
    },
    {
      // ESM JavaScript with the namespace import.
      code: `import * as Prisma from '@prisma/client';
export default new Prisma.PrismaClient();
`,
      errors: [
        {
          messageId: 'missingRetry',
          line: 2,
          column: 16,
          suggestions: [
            {
              messageId: 'addRetry',
              output: `import * as Prisma from '@prisma/client';
import { auroraRetry } from 'prisma-aurora-fix/runtime';
export default new Prisma.PrismaClient().$extends(auroraRetry());
`,
            },
          ],
        },
      ],
    },
  ],
});
