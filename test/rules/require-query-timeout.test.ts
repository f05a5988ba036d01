import { join } from 'node:path';
import rule from '../../rules/require-query-timeout.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

const LAMBDA = { 'prisma-aurora-fix': { lambda: 'always' } };
const AUTO = { 'prisma-aurora-fix': { lambda: 'auto' } };
/** Files of packages whose package.json pins Prisma 7 / Prisma 6 (the require-connection-params fixture folders). */
const FIXTURES = join(import.meta.dirname, '../../fixtures/rules/require-connection-params');
const PRISMA7_FILE = join(FIXTURES, 'prisma7/lib/db.ts');
const PRISMA6_FILE = join(FIXTURES, 'prisma6/lib/db.ts');

const ADAPTER = "import { PrismaPg } from '@prisma/adapter-pg';\n";
const POOL = "import { Pool } from 'pg';\nimport { PrismaPg } from '@prisma/adapter-pg';\n";

const ruleTester = typescriptRuleTester(LAMBDA);

ruleTester.run('require-query-timeout', rule, {
  valid: [
    // The adapter form with a bound, written as an option or in the URL pg reads.
    `${ADAPTER}export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1, query_timeout: 10_000 });`,
    `${POOL}export const adapter = new PrismaPg(new Pool({ connectionString: process.env.DATABASE_URL, query_timeout: 5000 }));`,
    `${ADAPTER}export const adapter = new PrismaPg({ connectionString: 'postgresql://app:secret@db.example.com/app?query_timeout=8000' });`,
    // A value the file does not pin, a spread that may bring it, a conditional spread.
    `${ADAPTER}export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, query_timeout: Number(process.env.QUERY_TIMEOUT) });`,
    `${ADAPTER}export const adapter = new PrismaPg({ ...poolConfig, connectionString: process.env.DATABASE_URL });`,
    `${ADAPTER}export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, ...(isLambda ? { query_timeout: 10_000 } : {}) });`,
    // Local databases, a pg Client, a pool in a file without Prisma.
    `${ADAPTER}export const adapter = new PrismaPg({ connectionString: 'postgresql://postgres@localhost:5432/test' });`,
    `${ADAPTER}export const adapter = new PrismaPg({ host: '127.0.0.1', database: 'test' });`,
    `import { Client } from 'pg';\n${ADAPTER}export const client = new Client({ connectionString: process.env.DATABASE_URL });`,
    "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });",
    // The URL form: a bound, a placeholder that may carry one, a query the file does not show.
    "const url = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30&socket_timeout=10';",
    'const url = `postgresql://app:secret@db.example.com/app?socket_timeout=${process.env.SOCKET_TIMEOUT}`;',
    'const env = { DATABASE_URL: `postgresql://${user}:${password}@${host}/app${options}` };',
    'const env = { DATABASE_URL: `${process.env.BASE_URL}&connection_limit=1` };',
    "const url = 'postgresql://postgres:postgres@localhost:5432/test';",
    // Empty options fragments are require-connection-params' (the join is not shown).
    "const environment = { DATABASE_OPTION: '' };",
    // Not Lambda code.
    {
      code: `${ADAPTER}export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL });`,
      settings: AUTO,
      filename: join(import.meta.dirname, 'server/db.ts'),
    },
  ],
  invalid: [
    {
      code: `${ADAPTER}export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1 });`,
      errors: [
        {
          messageId: 'missingQueryTimeout',
          data: { option: 'query_timeout: 10_000' },
          line: 2,
          column: 37,
          endLine: 2,
          endColumn: 91,
          suggestions: [
            {
              messageId: 'setQueryTimeout',
              data: { option: 'query_timeout: 10_000' },
              output: `${ADAPTER}export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1, query_timeout: 10_000 });`,
            },
          ],
        },
      ],
    },
    {
      // The configured bound, on a pool passed to the adapter, one property per line.
      code: `${POOL}const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 1,
});
export const adapter = new PrismaPg(pool);`,
      options: [{ queryTimeoutMillis: 20_000 }],
      errors: [
        {
          messageId: 'missingQueryTimeout',
          line: 3,
          suggestions: [
            {
              messageId: 'setQueryTimeout',
              output: `${POOL}const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 1,
  query_timeout: 20_000,
});
export const adapter = new PrismaPg(pool);`,
            },
          ],
        },
      ],
    },
    {
      // 0 is pg's default: no bound.
      code: `${ADAPTER}export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, query_timeout: 0 });`,
      errors: [
        {
          messageId: 'unboundedQueryTimeout',
          data: { option: 'query_timeout: 10_000', value: '0' },
          line: 2,
          column: 98,
          endColumn: 99,
          suggestions: [
            {
              messageId: 'setQueryTimeout',
              output: `${ADAPTER}export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, query_timeout: 10_000 });`,
            },
          ],
        },
      ],
    },
    {
      // A connection string straight to the adapter, and an adapter with no argument at all.
      code: `${ADAPTER}export const a = new PrismaPg(process.env.DATABASE_URL!);\nexport const b = new PrismaPg();`,
      errors: [
        {
          messageId: 'missingQueryTimeout',
          line: 2,
          suggestions: [
            {
              messageId: 'setQueryTimeout',
              output: `${ADAPTER}export const a = new PrismaPg({ connectionString: process.env.DATABASE_URL!, query_timeout: 10_000 });\nexport const b = new PrismaPg();`,
            },
          ],
        },
        {
          messageId: 'missingQueryTimeout',
          line: 3,
          suggestions: [
            {
              messageId: 'setQueryTimeout',
              output: `${ADAPTER}export const a = new PrismaPg(process.env.DATABASE_URL!);\nexport const b = new PrismaPg({ query_timeout: 10_000 });`,
            },
          ],
        },
      ],
    },
    {
      // A package pinning Prisma 7: the adapter form even for a pool in a file that only imports the client.
      code: "import { Pool } from 'pg';\nimport { PrismaClient } from '@prisma/client';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });",
      filename: PRISMA7_FILE,
      errors: [
        {
          messageId: 'missingQueryTimeout',
          line: 3,
          suggestions: [
            {
              messageId: 'setQueryTimeout',
              output:
                "import { Pool } from 'pg';\nimport { PrismaClient } from '@prisma/client';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL, query_timeout: 10_000 });",
            },
          ],
        },
      ],
    },
    {
      // Prisma 6, URL form: the bound goes into the query that opens the URL's parameters.
      code: "const url = 'postgresql://app:secret@db.example.com:5432/app?connection_limit=1&connect_timeout=30';",
      filename: PRISMA6_FILE,
      errors: [
        {
          messageId: 'missingSocketTimeout',
          data: { seconds: '10' },
          line: 1,
          column: 13,
          endColumn: 100,
          suggestions: [
            {
              messageId: 'setSocketTimeout',
              output:
                "const url = 'postgresql://app:secret@db.example.com:5432/app?connection_limit=1&connect_timeout=30&socket_timeout=10';",
            },
          ],
        },
      ],
    },
    {
      // Milliseconds round up to whole seconds; a URL without a query gets one.
      code: "const env = { DATABASE_URL: 'postgresql://app:secret@db.example.com/app' };",
      options: [{ queryTimeoutMillis: 2500 }],
      errors: [
        {
          messageId: 'missingSocketTimeout',
          data: { seconds: '3' },
          suggestions: [
            {
              messageId: 'setSocketTimeout',
              output: "const env = { DATABASE_URL: 'postgresql://app:secret@db.example.com/app?socket_timeout=3' };",
            },
          ],
        },
      ],
    },
    {
      // The starter kit's shape: a shared options constant, used twice, both want the same edit.
      code: `import * as lambda from 'aws-cdk-lib/aws-lambda';
const option = '?pool_timeout=20&connect_timeout=30&connection_limit=1';
new lambda.Function(this, 'Api', {
  environment: {
    DATABASE_OPTION: option,
    DATABASE_URL: \`\${engine}://\${user}:\${password}@\${host}:\${port}/\${dbName}\${option}\`,
  },
});`,
      errors: [
        {
          messageId: 'missingSocketTimeout',
          line: 2,
          suggestions: [
            {
              messageId: 'setSocketTimeout',
              output: `import * as lambda from 'aws-cdk-lib/aws-lambda';
const option = '?pool_timeout=20&connect_timeout=30&connection_limit=1&socket_timeout=10';
new lambda.Function(this, 'Api', {
  environment: {
    DATABASE_OPTION: option,
    DATABASE_URL: \`\${engine}://\${user}:\${password}@\${host}:\${port}/\${dbName}\${option}\`,
  },
});`,
            },
          ],
        },
      ],
    },
    {
      code: "const url = 'postgresql://app:secret@db.example.com/app?socket_timeout=0&connection_limit=1';",
      errors: [
        {
          messageId: 'unboundedSocketTimeout',
          data: { seconds: '10', value: '0' },
          line: 1,
          column: 57,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'setSocketTimeout',
              output: "const url = 'postgresql://app:secret@db.example.com/app?socket_timeout=10&connection_limit=1';",
            },
          ],
        },
      ],
    },
  ],
});

const jsRuleTester = await javascriptRuleTester(LAMBDA);

jsRuleTester.run('require-query-timeout (JavaScript)', rule, {
  valid: [
    `const { PrismaPg } = require('@prisma/adapter-pg');\nmodule.exports = new PrismaPg({ connectionString: process.env.DATABASE_URL, query_timeout: 10000 });`,
  ],
  invalid: [
    {
      code: `const { PrismaPg } = require('@prisma/adapter-pg');\nmodule.exports = new PrismaPg({ connectionString: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingQueryTimeout',
          line: 2,
          suggestions: [
            {
              messageId: 'setQueryTimeout',
              output: `const { PrismaPg } = require('@prisma/adapter-pg');\nmodule.exports = new PrismaPg({ connectionString: process.env.DATABASE_URL, query_timeout: 10_000 });`,
            },
          ],
        },
      ],
    },
  ],
});
