import { join } from 'node:path';
import rule from '../../rules/require-connection-params.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

// The second half of require-connection-params's cases (require-connection-params.test.ts holds the first): one file would pass 600 lines.

const LAMBDA = { 'prisma-aurora-fix': { lambda: 'always' } };
const AUTO = { 'prisma-aurora-fix': { lambda: 'auto' } };
const FIXTURES = join(import.meta.dirname, '../../fixtures/rules/require-connection-params');
/** Files of a package whose package.json pins Prisma 7 / Prisma 6 (see the fixture folders). */
const PRISMA7_FILE = join(FIXTURES, 'prisma7/lib/db.ts');
const PRISMA6_FILE = join(FIXTURES, 'prisma6/lib/db.ts');
const PRISMA_PG_FIXED = `import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: 30_000 });`;
const MULTI_LINE_POOL_FIXED = `import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL, // from Secrets Manager
  max: 1,
  connectionTimeoutMillis: 30_000,
});
export const adapter = new PrismaPg(pool);`;
const JS_CDK_FIXED = `const cdk = require('aws-cdk-lib');
const option = "?pool_timeout=20&connect_timeout=30&connection_limit=1";
const environment = { DATABASE_URL: \`postgresql://\${user}:\${password}@\${host}:5432/\${db}\` + option };`;
const JS_POOL_FIXED = `const { Pool } = require('pg');
const { PrismaPg } = require('@prisma/adapter-pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: 30_000 });
module.exports = new PrismaPg(pool);`;

const ruleTester = typescriptRuleTester(LAMBDA);
ruleTester.run('require-connection-params, part 2', rule, {
  valid: [],
  invalid: [
    {
      // A concatenation that ends in an identifier: the parameters follow as a new literal.
      code: "const DATABASE_URL = 'postgresql://app:secret@db.example.com:5432/' + dbName;",
      errors: [
        {
          messageId: 'missingParams',
          line: 1,
          column: 22,
          endLine: 1,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output:
                "const DATABASE_URL = 'postgresql://app:secret@db.example.com:5432/' + dbName + '?connection_limit=1&connect_timeout=30';",
            },
          ],
        },
      ],
    },
    {
      // A constant that also feeds a string that is already right: the parameters go where it is used.
      code: `const base = 'postgresql://app:secret@db.example.com/app';
export const reader = base;
export const writer = base + '?connection_limit=1&connect_timeout=30';`,
      errors: [
        {
          messageId: 'missingParams',
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: `const base = 'postgresql://app:secret@db.example.com/app';
export const reader = base + '?connection_limit=1&connect_timeout=30';
export const writer = base + '?connection_limit=1&connect_timeout=30';`,
            },
          ],
        },
      ],
    },
    {
      // A fragment shared with a string that is already right: editing it would change that one too, so no suggestion.
      code: `const option = '?pool_timeout=20';
export const DATABASE_URL = \`postgresql://app:secret@db.example.com/app\${option}\`;
export const READER_DATABASE_URL = \`postgresql://app:secret@reader.example.com/app\${option}&connection_limit=1&connect_timeout=30\`;`,
      errors: [{ messageId: 'missingParams', line: 1, column: 16, endLine: 1, endColumn: 34, suggestions: [] }],
    },
    {
      // URL objects whose searchParams the file edits.
      code: `const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('connect_timeout', '10');
export const datasourceUrl = url.toString();`,
      errors: [
        {
          messageId: 'missingParams',
          data: { params: '`connection_limit=1`' },
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: `const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('connect_timeout', '10');
url.searchParams.set('connection_limit', '1');
export const datasourceUrl = url.toString();`,
            },
          ],
        },
        {
          messageId: 'connectTimeout',
          line: 2,
          column: 41,
          endLine: 2,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: `const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('connect_timeout', '30');
export const datasourceUrl = url.toString();`,
            },
          ],
        },
      ],
    },
    {
      // A driver adapter in the file: Prisma 6 URL parameters are no-ops, the pool options are what count.
      code: `import { PrismaPg } from '@prisma/adapter-pg';
const connectionString = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';
export const adapter = new PrismaPg({ connectionString });`,
      errors: [
        {
          messageId: 'ignoredByDriverAdapter',
          data: { param: 'connection_limit', replacement: '`max` on the PrismaPg/Pool options' },
          line: 2,
          column: 70,
          endLine: 2,
          endColumn: 88,
          suggestions: [],
        },
        {
          messageId: 'ignoredByDriverAdapter',
          data: { param: 'connect_timeout', replacement: '`connectionTimeoutMillis` on the PrismaPg/Pool options' },
          line: 2,
          column: 89,
          endLine: 2,
          endColumn: 107,
          suggestions: [],
        },
        {
          messageId: 'missingPoolOptions',
          data: { callee: 'PrismaPg', options: '`max: 1` and `connectionTimeoutMillis: 30_000`' },
          line: 3,
          column: 37,
          endLine: 3,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'setPoolOptions',
              output: `import { PrismaPg } from '@prisma/adapter-pg';
const connectionString = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';
export const adapter = new PrismaPg({ connectionString, max: 1, connectionTimeoutMillis: 30_000 });`,
            },
          ],
        },
      ],
    },
    {
      // `const Db = PrismaClient` is the PrismaClient class still: its `adapter:` puts the file in the adapter form.
      code: `import { PrismaClient } from '@prisma/client';
import { createAdapter } from './adapter';
const Db = PrismaClient;
export const prisma = new Db({ adapter: createAdapter() });
export const migrationUrl = 'postgresql://app@db.example.com/app?connection_limit=1&connect_timeout=30';`,
      errors: [
        {
          messageId: 'ignoredByDriverAdapter',
          data: { param: 'connection_limit', replacement: '`max` on the PrismaPg/Pool options' },
          line: 5,
          column: 66,
          endLine: 5,
          endColumn: 84,
          suggestions: [],
        },
        {
          messageId: 'ignoredByDriverAdapter',
          data: { param: 'connect_timeout', replacement: '`connectionTimeoutMillis` on the PrismaPg/Pool options' },
          line: 5,
          column: 85,
          endLine: 5,
          endColumn: 103,
          suggestions: [],
        },
      ],
    },
    {
      code: `import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 10, connectionTimeoutMillis: 5000 });`,
      errors: [
        {
          messageId: 'poolMax',
          data: { value: '10', max: '1' },
          line: 2,
          column: 81,
          endLine: 2,
          endColumn: 83,
          suggestions: [
            {
              messageId: 'setPoolOptions',
              output: PRISMA_PG_FIXED,
            },
          ],
        },
        {
          messageId: 'poolConnectionTimeout',
          data: { value: '5000', min: '30_000' },
          line: 2,
          column: 110,
          endLine: 2,
          endColumn: 114,
          suggestions: [
            {
              messageId: 'setPoolOptions',
              output: PRISMA_PG_FIXED,
            },
          ],
        },
      ],
    },
    {
      // A multi-line pg Pool with the ignored `poolSize`: it gives its place to `max: 1`.
      code: `import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL, // from Secrets Manager
  poolSize: 5,
});
export const adapter = new PrismaPg(pool);`,
      errors: [
        {
          messageId: 'missingPoolOptions',
          data: { callee: 'pg.Pool', options: '`max: 1` and `connectionTimeoutMillis: 30_000`' },
          line: 3,
          column: 26,
          endLine: 6,
          endColumn: 2,
          suggestions: [
            {
              messageId: 'setPoolOptions',
              output: MULTI_LINE_POOL_FIXED,
            },
          ],
        },
        {
          messageId: 'poolSizeIgnored',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'setPoolOptions',
              output: MULTI_LINE_POOL_FIXED,
            },
          ],
        },
      ],
    },
    {
      // A connection string handed to PrismaPg directly.
      code: `import { PrismaPg as Adapter } from '@prisma/adapter-pg';
const adapter = new Adapter(process.env.DATABASE_URL!);`,
      errors: [
        {
          messageId: 'missingPoolOptions',
          line: 2,
          column: 29,
          endLine: 2,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'setPoolOptions',
              output: `import { PrismaPg as Adapter } from '@prisma/adapter-pg';
const adapter = new Adapter({ connectionString: process.env.DATABASE_URL!, max: 1, connectionTimeoutMillis: 30_000 });`,
            },
          ],
        },
      ],
    },
    {
      // Options from a const object, one option already right.
      code: `import * as adapterPg from '@prisma/adapter-pg';
const config = { connectionString: process.env.DATABASE_URL, max: 1 };
export const adapter = new adapterPg.PrismaPg(config);`,
      errors: [
        {
          messageId: 'missingPoolOptions',
          data: { callee: 'adapterPg.PrismaPg', options: '`connectionTimeoutMillis: 30_000`' },
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'setPoolOptions',
              output: `import * as adapterPg from '@prisma/adapter-pg';
const config = { connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: 30_000 };
export const adapter = new adapterPg.PrismaPg(config);`,
            },
          ],
        },
      ],
    },
    {
      // The prismaMajor option overrides the package.json.
      code: "const url = 'postgresql://app:secret@db.example.com/app?connection_limit=1';",
      filename: PRISMA7_FILE,
      options: [{ prismaMajor: 6 }],
      errors: [
        {
          messageId: 'missingParams',
          data: { params: '`connect_timeout=30`' },
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 76,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: "const url = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';",
            },
          ],
        },
      ],
    },
    {
      // A URL object in a file that hands it to a driver adapter: its Prisma 6 parameters are no-ops.
      code: `import { PrismaPg } from '@prisma/adapter-pg';
const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('pool_timeout', '20');
export const adapter = new PrismaPg({ connectionString: url.href, max: 1, connectionTimeoutMillis: 30_000 });`,
      errors: [
        {
          messageId: 'ignoredByDriverAdapter',
          data: { param: 'pool_timeout', replacement: '`connectionTimeoutMillis` on the PrismaPg/Pool options' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 43,
          suggestions: [],
        },
      ],
    },
    {
      code: "const url = 'postgresql://h.example.com/db?connection_limit=3&connect_timeout=30';",
      filename: PRISMA6_FILE,
      options: [{ maxConnectionLimit: 2, minConnectTimeoutSeconds: 45 }],
      errors: [
        {
          messageId: 'connectionLimit',
          data: { value: '3', max: '2' },
          line: 1,
          column: 44,
          endLine: 1,
          endColumn: 62,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: "const url = 'postgresql://h.example.com/db?connection_limit=1&connect_timeout=45';",
            },
          ],
        },
        {
          messageId: 'connectTimeout',
          data: { value: '30', min: '45' },
          line: 1,
          column: 63,
          endLine: 1,
          endColumn: 81,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: "const url = 'postgresql://h.example.com/db?connection_limit=1&connect_timeout=45';",
            },
          ],
        },
      ],
    },
  ],
});

const javascriptTester = await javascriptRuleTester(LAMBDA);

javascriptTester.run('require-connection-params (JavaScript)', rule, {
  valid: [
    "const url = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';",
    "const url = 'postgresql://postgres@localhost/app';",
    `const { PrismaPg } = require('@prisma/adapter-pg');
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: 30000 });`,
  ],
  invalid: [
    {
      code: `const cdk = require('aws-cdk-lib');
const option = "?pool_timeout=20&connect_timeout=20";
const environment = { DATABASE_URL: \`postgresql://\${user}:\${password}@\${host}:5432/\${db}\` + option };`,
      settings: AUTO,
      errors: [
        {
          messageId: 'missingParams',
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: JS_CDK_FIXED,
            },
          ],
        },
        {
          messageId: 'connectTimeout',
          line: 2,
          column: 34,
          endLine: 2,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: JS_CDK_FIXED,
            },
          ],
        },
      ],
    },
    {
      code: `const { Pool } = require('pg');
const { PrismaPg } = require('@prisma/adapter-pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, poolSize: 1 });
module.exports = new PrismaPg(pool);`,
      errors: [
        {
          messageId: 'missingPoolOptions',
          line: 3,
          column: 23,
          endLine: 3,
          endColumn: 82,
          suggestions: [
            {
              messageId: 'setPoolOptions',
              output: JS_POOL_FIXED,
            },
          ],
        },
        {
          messageId: 'poolSizeIgnored',
          line: 3,
          column: 69,
          endLine: 3,
          endColumn: 80,
          suggestions: [
            {
              messageId: 'setPoolOptions',
              output: JS_POOL_FIXED,
            },
          ],
        },
      ],
    },
    {
      code: "exports.url = 'postgres://app:secret@db.example.com/app?connection_limit=1?connect_timeout=30';",
      errors: [
        {
          messageId: 'secondQuestionMark',
          data: { key: 'connect_timeout' },
          line: 1,
          column: 75,
          endLine: 1,
          endColumn: 76,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: "exports.url = 'postgres://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';",
            },
          ],
        },
      ],
    },
  ],
});
