import { join } from 'node:path';
import rule from '../../rules/require-connection-params.js';
import { typescriptRuleTester } from '../support/rule-tester.js';

const LAMBDA = { 'prisma-aurora-fix': { lambda: 'always' } };
const AUTO = { 'prisma-aurora-fix': { lambda: 'auto' } };
const FIXTURES = join(import.meta.dirname, '../../fixtures/rules/require-connection-params');
/** Files of a package whose package.json pins Prisma 7 / Prisma 6 (see the fixture folders). */
const PRISMA7_FILE = join(FIXTURES, 'prisma7/lib/db.ts');
const PRISMA6_FILE = join(FIXTURES, 'prisma6/lib/db.ts');

/** Suggestion outputs several findings share (one fix per string or object). */
const CDK_FIXED = `import * as lambda from 'aws-cdk-lib/aws-lambda';
const option = '?pool_timeout=20&connect_timeout=30&connection_limit=1';
new lambda.Function(this, 'Api', {
  environment: {
    DATABASE_URL: \`\${engine}://\${user}:\${password}@\${host}:\${port}/\${dbName}\${option}\`,
  },
});`;
const SST_FIXED = `export default $config({
  async run() {
    const db = new sst.aws.Aurora('Db', { engine: 'postgres' });
    new sst.aws.Function('Api', {
      environment: {
        DATABASE_URL: $interpolate\`postgresql://\${db.username}:\${db.password}@\${db.host}:\${db.port}/\${db.database}?connection_limit=1&connect_timeout=30\`,
      },
    });
  },
});`;

const ruleTester = typescriptRuleTester(LAMBDA);

ruleTester.run('require-connection-params', rule, {
  valid: [
    "const url = 'postgresql://app:secret@db.example.com:5432/app?connection_limit=1&connect_timeout=30';",
    "const url = 'postgresql://app:secret@db.example.com/app?connect_timeout=60&connection_limit=1&pool_timeout=20&schema=app';",
    // Fallbacks of variables named after a connection parameter: right values, or names that do not say.
    'const limit = process.env.PRISMA_CONNECTION_LIMIT || 1;',
    "const timeout = process.env.DB_CONNECT_TIMEOUT ?? '30';",
    'const max = process.env.MAX_CONNECTIONS || 5;',
    'const limit = env.PRISMA_CONNECTION_LIMIT || 5;',
    // Local databases (tests, docker) do not need Lambda settings.
    "const url = 'postgresql://postgres:postgres@localhost:5432/test';",
    "const url = 'mysql://root:root@127.0.0.1:3306/test';",
    "const url = 'postgresql://u@[::1]/test';",
    // Not connection strings.
    "fetch('https://api.example.com/items?page=2&limit=10');",
    "if (url.startsWith('postgresql://')) {}",
    "throw new Error('DATABASE_URL must look like postgresql://user:password@host/db');",
    "const query = '?page=2&size=10'; fetch(base + query);",
    'const env = { DATABASE_URL: process.env.DATABASE_URL };',
    "const env = { DATABASE_URL: 'prisma+postgres://accelerate.prisma-data.net/?api_key=abc' };",
    // Only compared: a check against insecure placeholders configures nothing.
    "export const isPlaceholder = (value) => value.startsWith('postgresql://username:password@host:5432/db');",
    "const EXAMPLE = 'postgresql://user:pass@db.example.com/app'; export const isExample = (v) => v === EXAMPLE;",
    "const DEFAULTS = ['postgresql://u:p@db.example.com/a', 'postgres://u:p@db.example.com/b']; export const isDefault = (v) => DEFAULTS.some((d) => v.startsWith(d));",
    // Handed straight to node-postgres, which reads no Prisma URL parameter.
    "import { Client } from 'pg'; export const admin = new Client({ connectionString: 'postgresql://admin:secret@db.example.com/postgres' });",
    "import { Pool } from 'pg'; const url = 'postgresql://admin:secret@db.example.com/app'; export const pool = new Pool(url);",
    // A fallback that is already right, and an options name holding no query.
    'const env = { DATABASE_URL: `postgresql://${user}@${host}/app?connect_timeout=30&connection_limit=${process.env.LIMIT || 1}` };',
    "const env = { DATABASE_OPTION: 'none' };",
    "const env = { DATABASE_NAME: '', CACHE_OPTIONS: '' };",
    // An options-like name whose query carries no connection parameter (a REST query).
    "const env = { DB_QUERY: '?select=id,name&limit=10' };",
    // The shadow database is for `prisma migrate dev` only.
    "const env = { SHADOW_DATABASE_URL: 'postgresql://u:p@db.example.com/shadow' };",
    // The query may come from a placeholder: absence proves nothing.
    'const env = { DATABASE_URL: `postgresql://${user}:${password}@${host}/${db}${options}` };',
    'const env = { DATABASE_URL: `${process.env.DATABASE_URL}&connection_limit=1` };',
    // Unknown values are never reported.
    'const env = { DATABASE_URL: `postgresql://${user}@${host}/app?connection_limit=${limit}&connect_timeout=${timeout}` };',
    // A local branch.
    "const url = process.env.IS_LOCAL ? 'postgresql://postgres@localhost/app' : process.env.DATABASE_URL;",
    // Not Lambda code and not deployment code: out of scope.
    { code: "const url = 'postgresql://app:secret@db.example.com/app';", settings: AUTO },
    { code: "const url = 'postgresql://app:secret@db.example.com/app';", settings: { 'prisma-aurora-fix': { lambda: 'never' } } },
    // The options.
    {
      code: "const url = 'postgresql://h.example.com/db?connection_limit=2&connect_timeout=20';",
      options: [{ maxConnectionLimit: 2, minConnectTimeoutSeconds: 20 }],
    },
    // Prisma 7 adapter form, done right.
    `import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: 30_000 });`,
    `import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: 45000 });
export const adapter = new PrismaPg(pool);`,
    // With a driver adapter, a URL without Prisma 6 parameters is right.
    `import { PrismaPg } from '@prisma/adapter-pg';
const connectionString = 'postgresql://app:secret@db.example.com/app';
const adapter = new PrismaPg({ connectionString, max: 1, connectionTimeoutMillis: 30_000 });`,
    // Values the file does not pin, and options hidden in a spread, are not reported.
    `import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX), connectionTimeoutMillis: 30_000 });`,
    `import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ ...poolConfig });`,
    // A pg Pool that has nothing to do with Prisma.
    `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
    // A local adapter.
    `import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ connectionString: 'postgresql://postgres@localhost:5432/dev' });`,
    // URL objects that get both parameters.
    `const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('connection_limit', '1');
url.searchParams.set('connect_timeout', '30');`,
    // Prisma 7 package: the URL form is not checked; nor are its parameters called no-ops where no
    // adapter is in sight (the same URL may feed `prisma migrate`, which reads connect_timeout).
    { code: "const url = 'postgresql://app:secret@db.example.com/app';", filename: PRISMA7_FILE },
    {
      code: `import * as lambda from 'aws-cdk-lib/aws-lambda';
export const environment = { DATABASE_URL: \`postgresql://\${user}:\${password}@\${host}/app?pool_timeout=20&connect_timeout=30\` };`,
      filename: PRISMA7_FILE,
      settings: AUTO,
    },
    {
      code: "const url = 'postgresql://app:secret@db.example.com/app?connection_limit=1';",
      filename: PRISMA6_FILE,
      options: [{ prismaMajor: 7 }],
    },
    // Prisma 6 package: the URL form is checked, and this one is right.
    { code: "const url = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';", filename: PRISMA6_FILE },
    // A local alias of the class, without an adapter: still the URL form, and this URL is right.
    `import { PrismaClient } from '@prisma/client';
const Db = PrismaClient;
export const prisma = new Db();
export const migrationUrl = 'postgresql://app@db.example.com/app?connection_limit=1&connect_timeout=30';`,
  ],
  invalid: [
    {
      // An options fragment in its own env var: the query part of a URL put together elsewhere.
      code: "const env = { DATABASE_OPTION: '?pool_timeout=20&connect_timeout=20' };",
      errors: [
        {
          messageId: 'missingParams',
          data: { params: '`connection_limit=1`' },
          line: 1,
          column: 32,
          endLine: 1,
          endColumn: 69,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: "const env = { DATABASE_OPTION: '?pool_timeout=20&connect_timeout=30&connection_limit=1' };",
            },
          ],
        },
        {
          messageId: 'connectTimeout',
          line: 1,
          column: 50,
          endLine: 1,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: "const env = { DATABASE_OPTION: '?pool_timeout=20&connect_timeout=30&connection_limit=1' };",
            },
          ],
        },
      ],
    },
    {
      // An empty options fragment: the URL it completes (in a `.env`) gets no setting at all. How the
      // join is written is not in the file, so it is reported without a suggestion.
      code: "const env = { DATABASE_OPTION: '' };",
      errors: [
        {
          messageId: 'missingParams',
          data: { params: '`connection_limit=1` and `connect_timeout=30`' },
          line: 1,
          column: 32,
          endLine: 1,
          endColumn: 34,
          suggestions: [],
        },
      ],
    },
    {
      code: 'const dbOptions = ``;\nexport const environment = { DATABASE_OPTIONS: dbOptions };',
      errors: [{ messageId: 'missingParams', line: 2, column: 48, endLine: 2, endColumn: 57, suggestions: [] }],
    },
    {
      // An environment fallback that gives every deployment without the variable 5 connections.
      code: 'const limit = process.env.PRISMA_CONNECTION_LIMIT || 5;\nconst env = { DATABASE_URL: `postgresql://u:p@db.example.com/app?connect_timeout=30&connection_limit=${limit}` };',
      errors: [
        {
          messageId: 'fallbackValue',
          data: { key: 'connection_limit', fallback: '`5`', source: 'PRISMA_CONNECTION_LIMIT', recommended: '1' },
          line: 1,
          column: 54,
          endLine: 1,
          endColumn: 55,
          suggestions: [],
        },
      ],
    },
    {
      // The same fallback handed to an SST `Config.Parameter` (seen in a real SST app): the URL
      // is built where this file cannot follow, but the variable's name says what it holds.
      code: "const limit = process.env.PRISMA_CONNECTION_LIMIT || 5;\nnew Config.Parameter(stack, 'PRISMA_CONNECTION_LIMIT', { value: limit.toString() });",
      errors: [
        {
          messageId: 'fallbackValue',
          data: { key: 'connection_limit', fallback: '`5`', source: 'PRISMA_CONNECTION_LIMIT', recommended: '1' },
          line: 1,
          column: 54,
          endLine: 1,
          endColumn: 55,
          suggestions: [],
        },
      ],
    },
    {
      code: "export const environment = { CONNECT_TIMEOUT: process.env['DB_CONNECT_TIMEOUT'] ?? '10' };",
      errors: [
        {
          messageId: 'fallbackValue',
          data: { key: 'connect_timeout', fallback: '`10`', source: 'DB_CONNECT_TIMEOUT', recommended: '30' },
          line: 1,
          column: 84,
          endLine: 1,
          endColumn: 88,
          suggestions: [],
        },
      ],
    },
    {
      code: "const url = 'postgresql://app:secret@db.example.com:5432/app';",
      errors: [
        {
          messageId: 'missingParams',
          data: { params: '`connection_limit=1` and `connect_timeout=30`' },
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 62,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: "const url = 'postgresql://app:secret@db.example.com:5432/app?connection_limit=1&connect_timeout=30';",
            },
          ],
        },
      ],
    },
    {
      // The canonical CDK construct: a `?`-fragment concatenated into the Lambda's DATABASE_URL.
      code: `import * as lambda from 'aws-cdk-lib/aws-lambda';
const option = '?pool_timeout=20&connect_timeout=20';
new lambda.Function(this, 'Api', {
  environment: {
    DATABASE_URL: \`\${engine}://\${user}:\${password}@\${host}:\${port}/\${dbName}\${option}\`,
  },
});`,
      settings: AUTO,
      errors: [
        {
          messageId: 'missingParams',
          data: { params: '`connection_limit=1`' },
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: CDK_FIXED,
            },
          ],
        },
        {
          messageId: 'connectTimeout',
          data: { value: '20', min: '30' },
          line: 2,
          column: 34,
          endLine: 2,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: CDK_FIXED,
            },
          ],
        },
      ],
    },
    {
      code: "const url = 'postgresql://h.example.com/app?sslmode=require?connection_limit=1&connect_timeout=30';",
      errors: [
        {
          messageId: 'secondQuestionMark',
          data: { key: 'connection_limit' },
          line: 1,
          column: 60,
          endLine: 1,
          endColumn: 61,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: "const url = 'postgresql://h.example.com/app?sslmode=require&connection_limit=1&connect_timeout=30';",
            },
          ],
        },
      ],
    },
    {
      code: 'const url = "mysql://h.example.com/app?connection_limit=5&connect_timeout=0";',
      errors: [
        {
          messageId: 'connectionLimit',
          data: { value: '5', max: '1' },
          line: 1,
          column: 40,
          endLine: 1,
          endColumn: 58,
          suggestions: [
            { messageId: 'setConnectionParams', output: 'const url = "mysql://h.example.com/app?connection_limit=1&connect_timeout=30";' },
          ],
        },
        {
          messageId: 'connectTimeout',
          data: { value: '0', min: '30' },
          line: 1,
          column: 59,
          endLine: 1,
          endColumn: 76,
          suggestions: [
            { messageId: 'setConnectionParams', output: 'const url = "mysql://h.example.com/app?connection_limit=1&connect_timeout=30";' },
          ],
        },
      ],
    },
    {
      // A template with `${}` parameters: the missing ones go inside the template.
      code: 'export const DATABASE_URL = `postgresql://${user}:${password}@${host}:5432/${db}?schema=${schema}`;',
      errors: [
        {
          messageId: 'missingParams',
          line: 1,
          column: 29,
          endLine: 1,
          endColumn: 99,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output:
                'export const DATABASE_URL = `postgresql://${user}:${password}@${host}:5432/${db}?schema=${schema}&connection_limit=1&connect_timeout=30`;',
            },
          ],
        },
      ],
    },
    {
      // SST: `$interpolate` in sst.config.ts (deployment code, no Lambda settings needed).
      code: `export default $config({
  async run() {
    const db = new sst.aws.Aurora('Db', { engine: 'postgres' });
    new sst.aws.Function('Api', {
      environment: {
        DATABASE_URL: $interpolate\`postgresql://\${db.username}:\${db.password}@\${db.host}:\${db.port}/\${db.database}?connection_limit=10\`,
      },
    });
  },
});`,
      filename: 'sst.config.ts',
      settings: AUTO,
      errors: [
        {
          messageId: 'missingParams',
          data: { params: '`connect_timeout=30`' },
          line: 6,
          column: 35,
          endLine: 6,
          endColumn: 136,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: SST_FIXED,
            },
          ],
        },
        {
          messageId: 'connectionLimit',
          line: 6,
          column: 116,
          endLine: 6,
          endColumn: 135,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: SST_FIXED,
            },
          ],
        },
      ],
    },
    {
      // Serverless Framework variables inside a plain string.
      code: `const config = {
  provider: { environment: { DATABASE_URL: '\${ssm:/app/database-url}?pool_timeout=20' } },
};
module.exports = config;`,
      filename: 'serverless.ts',
      settings: AUTO,
      errors: [
        {
          messageId: 'missingParams',
          line: 2,
          column: 44,
          endLine: 2,
          endColumn: 86,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: `const config = {
  provider: { environment: { DATABASE_URL: '\${ssm:/app/database-url}?pool_timeout=20&connection_limit=1&connect_timeout=30' } },
};
module.exports = config;`,
            },
          ],
        },
      ],
    },
    {
      // A fragment concatenated to a runtime URL, stored under a database-URL name.
      code: "const databaseUrl = process.env.DB_BASE_URL + '?pool_timeout=20';",
      errors: [
        {
          messageId: 'missingParams',
          line: 1,
          column: 47,
          endLine: 1,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: "const databaseUrl = process.env.DB_BASE_URL + '?pool_timeout=20&connection_limit=1&connect_timeout=30';",
            },
          ],
        },
      ],
    },
    {
      // PrismaClient's `datasources.db.url`.
      code: 'export const prisma = new PrismaClient({ datasources: { db: { url: `${process.env.DB_BASE}?pool_timeout=5` } } });',
      errors: [
        {
          messageId: 'missingParams',
          line: 1,
          column: 68,
          endLine: 1,
          endColumn: 107,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output:
                'export const prisma = new PrismaClient({ datasources: { db: { url: `${process.env.DB_BASE}?pool_timeout=5&connection_limit=1&connect_timeout=30` } } });',
            },
          ],
        },
      ],
    },
    {
      // Assigned to the environment at runtime.
      code: 'process.env.DATABASE_URL = `${base}?connect_timeout=10`;',
      errors: [
        {
          messageId: 'missingParams',
          data: { params: '`connection_limit=1`' },
          line: 1,
          column: 28,
          endLine: 1,
          endColumn: 56,
          suggestions: [
            { messageId: 'setConnectionParams', output: 'process.env.DATABASE_URL = `${base}?connect_timeout=30&connection_limit=1`;' },
          ],
        },
        {
          messageId: 'connectTimeout',
          line: 1,
          column: 37,
          endLine: 1,
          endColumn: 55,
          suggestions: [
            { messageId: 'setConnectionParams', output: 'process.env.DATABASE_URL = `${base}?connect_timeout=30&connection_limit=1`;' },
          ],
        },
      ],
    },
    {
      // Each branch of a conditional on its own: the local one is fine.
      code: `export default {
  DATABASE_URL: isProd ? 'postgresql://app@prod.example.com/app' : 'postgresql://app@localhost/app',
};`,
      errors: [
        {
          messageId: 'missingParams',
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: `export default {
  DATABASE_URL: isProd ? 'postgresql://app@prod.example.com/app?connection_limit=1&connect_timeout=30' : 'postgresql://app@localhost/app',
};`,
            },
          ],
        },
      ],
    },
    {
      // A class field.
      code: `class Config {
  private readonly databaseUrl = 'postgresql://app@db.example.com/app?connection_limit=1';
}`,
      errors: [
        {
          messageId: 'missingParams',
          line: 2,
          column: 34,
          endLine: 2,
          endColumn: 90,
          suggestions: [
            {
              messageId: 'setConnectionParams',
              output: `class Config {
  private readonly databaseUrl = 'postgresql://app@db.example.com/app?connection_limit=1&connect_timeout=30';
}`,
            },
          ],
        },
      ],
    },
  ],
});
