import rule from '../../rules/no-query-logging.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

const lambda = { 'prisma-aurora-fix': { lambda: 'always' } };
const ts = typescriptRuleTester(lambda);
const js = await javascriptRuleTester(lambda);

ts.run('no-query-logging (TypeScript)', rule, {
  valid: [
    `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: ['warn', 'error'] })`,
    `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: [{ emit: 'stdout', level: 'warn' }, { emit: 'event', level: 'error' }] })`,
    // create-t3-app: query logging only when NODE_ENV is 'development', which a Lambda never sets.
    `import { PrismaClient } from '@prisma/client'
import { env } from '~/env'
const createPrismaClient = () =>
  new PrismaClient({
    log: env.NODE_ENV === 'development' ? ['query', 'error', 'warn'] : ['error'],
  })
export const db = createPrismaClient()`,
    `import { PrismaClient } from '@prisma/client'
const isDev = process.env.NODE_ENV === 'development'
export const prisma = new PrismaClient({ log: isDev ? ['query', 'info'] : ['error'] })`,
    `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: process.env.STAGE !== 'dev' ? ['error'] : ['query'] })`,
    // A later own \`log\` overrides the spread options' one.
    `import { PrismaClient } from '@prisma/client'
const options = { log: ['query'], errorFormat: 'minimal' } as const
export const prisma = new PrismaClient({ ...options, log: ['error'] })`,
    // Not a PrismaClient.
    `import { Logger } from './logger'
export const logger = new Logger({ log: ['query'] })`,
    // An alias without 'query'.
    `import { PrismaClient, type Prisma } from '@prisma/client'
const levels: Prisma.LogLevel[] = ['warn', 'error']
export const prisma = new PrismaClient({ log: levels })`,
    // Not Lambda code.
    {
      code: `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: ['query'] })`,
      settings: { 'prisma-aurora-fix': { lambda: 'never' } },
    },
    {
      code: `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: ['query'] })`,
      settings: { 'prisma-aurora-fix': { lambda: 'auto' } },
    },
  ],
  invalid: [
    {
      // The canonical verbose log: only 'query' goes.
      code: `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: ['query', 'info', 'warn', 'error'] })`,
      errors: [
        {
          messageId: 'queryLogging',
          line: 2,
          column: 48,
          endLine: 2,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'removeQueryLevel',
              output: `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: ['info', 'warn', 'error'] })`,
            },
          ],
        },
      ],
    },
    {
      // The only entry of the only option: the argument goes.
      code: `import { PrismaClient } from '../generated/prisma'
export const handler = async () => new PrismaClient({ log: ['query'] }).user.count()`,
      settings: { 'prisma-aurora-fix': { lambda: 'auto' } },
      errors: [
        {
          messageId: 'queryLogging',
          line: 2,
          column: 61,
          suggestions: [
            {
              messageId: 'removeQueryLevel',
              output: `import { PrismaClient } from '../generated/prisma'
export const handler = async () => new PrismaClient().user.count()`,
            },
          ],
        },
      ],
    },
    {
      // The only entry next to other options: the property goes.
      code: `import { PrismaClient } from './generated/prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL })
export const prisma = new PrismaClient({
  adapter,
  log: [{ emit: 'stdout', level: 'query' }],
})`,
      errors: [
        {
          messageId: 'queryLogging',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'removeQueryLevel',
              output: `import { PrismaClient } from './generated/prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL })
export const prisma = new PrismaClient({
  adapter,
})`,
            },
          ],
        },
      ],
    },
    {
      // Multi-line array; event-emitting form.
      code: `import { PrismaClient as Db } from '@prisma/client'
export const prisma = new Db({
  log: [
    { emit: 'event', level: 'query' },
    'warn',
  ],
})`,
      errors: [
        {
          messageId: 'queryLogging',
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'removeQueryLevel',
              output: `import { PrismaClient as Db } from '@prisma/client'
export const prisma = new Db({
  log: [
    'warn',
  ],
})`,
            },
          ],
        },
      ],
    },
    {
      // Followed through a const alias shared by two clients: reported once, where it is written.
      code: `import { PrismaClient, type Prisma } from '@prisma/client'
const logLevels: Prisma.LogLevel[] = ['error', 'query']
export const reader = new PrismaClient({ log: logLevels })
export const writer = new PrismaClient({ log: logLevels })`,
      errors: [
        {
          messageId: 'queryLogging',
          line: 2,
          column: 48,
          suggestions: [
            {
              messageId: 'removeQueryLevel',
              output: `import { PrismaClient, type Prisma } from '@prisma/client'
const logLevels: Prisma.LogLevel[] = ['error']
export const reader = new PrismaClient({ log: logLevels })
export const writer = new PrismaClient({ log: logLevels })`,
            },
          ],
        },
      ],
    },
    {
      // "not production" includes a Lambda without NODE_ENV; an options object in a const.
      code: `import * as P from '@prisma/client'
const options = { log: process.env.NODE_ENV !== 'production' ? ['query', 'error'] : ['error'] } as const
export const prisma = new P.PrismaClient(options)`,
      errors: [
        {
          messageId: 'queryLogging',
          line: 2,
          column: 65,
          suggestions: [
            {
              messageId: 'removeQueryLevel',
              output: `import * as P from '@prisma/client'
const options = { log: process.env.NODE_ENV !== 'production' ? ['error'] : ['error'] } as const
export const prisma = new P.PrismaClient(options)`,
            },
          ],
        },
      ],
    },
    {
      // A spread of a local options object: its \`log\` is the client's (issue 13 item 6).
      code: `import { PrismaClient } from '@prisma/client'
const options = { log: ['query', 'warn'], errorFormat: 'minimal' } as const
export const prisma = new PrismaClient({ ...options })`,
      errors: [
        {
          messageId: 'queryLogging',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'removeQueryLevel',
              output: `import { PrismaClient } from '@prisma/client'
const options = { log: ['warn'], errorFormat: 'minimal' } as const
export const prisma = new PrismaClient({ ...options })`,
            },
          ],
        },
      ],
    },
    {
      // The spread comes after an own \`log\`: the spread's wins.
      code: `import { PrismaClient } from '@prisma/client'
const base = { log: [{ level: 'query', emit: 'event' }] }
export const prisma = new PrismaClient({ log: ['error'], ...base, datasourceUrl: process.env.DATABASE_URL })`,
      errors: [
        {
          messageId: 'queryLogging',
          line: 2,
          column: 22,
          suggestions: [
            {
              messageId: 'removeQueryLevel',
              output: `import { PrismaClient } from '@prisma/client'
const base = { log: [] }
export const prisma = new PrismaClient({ log: ['error'], ...base, datasourceUrl: process.env.DATABASE_URL })`,
            },
          ],
        },
      ],
    },
  ],
});

js.run('no-query-logging (JavaScript)', rule, {
  valid: [
    `const { PrismaClient } = require('@prisma/client')
module.exports = new PrismaClient({ log: ['error'] })`,
  ],
  invalid: [
    {
      code: `const { PrismaClient } = require('@prisma/client')
const prisma = new PrismaClient({ log: ['info', "query"] })
exports.handler = async () => prisma.user.count()`,
      settings: { 'prisma-aurora-fix': { lambda: 'auto' } },
      errors: [
        {
          messageId: 'queryLogging',
          line: 2,
          column: 49,
          suggestions: [
            {
              messageId: 'removeQueryLevel',
              output: `const { PrismaClient } = require('@prisma/client')
const prisma = new PrismaClient({ log: ['info'] })
exports.handler = async () => prisma.user.count()`,
            },
          ],
        },
      ],
    },
  ],
});
