import rule from '../../rules/no-sslmode-disable.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

// Not a Lambda-only rule: no settings needed.
const ruleTester = typescriptRuleTester();

ruleTester.run('no-sslmode-disable', rule, {
  valid: [
    // Local databases.
    "const url = 'postgresql://postgres:postgres@localhost:5432/test?sslmode=disable';",
    "const url = 'postgresql://postgres@127.0.0.1/test?sslmode=disable';",
    "const url = 'postgresql://postgres@[::1]:5432/test?sslmode=disable';",
    "const url = 'postgresql:///test?host=/var/run/postgresql&sslmode=disable';",
    // TLS on, or a value the file does not pin.
    "const url = 'postgresql://app:secret@db.example.com/app?sslmode=require';",
    'const url = `postgresql://app:secret@db.example.com/app?sslmode=${process.env.PGSSLMODE}`;',
    // Not a connection string.
    "fetch('https://example.com/search?sslmode=disable');",
    "const query = '?sslmode=disable'; fetch(api + query);",
    // Only compared: a check for an insecure URL sets nothing.
    "export const isInsecure = (url) => url.startsWith('postgresql://u:p@db.example.com/app?sslmode=disable');",
    // `ssl: false` only a conditional spread may set.
    `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, ...(isLocal ? { ssl: false } : {}) });`,
    // Local pools, unknown values, and certificate settings (another concern).
    `import { Pool } from 'pg';
const pool = new Pool({ host: 'localhost', ssl: false });`,
    `import { Pool } from 'pg';
const pool = new Pool({ connectionString: 'postgresql://postgres@127.0.0.1:5432/dev', ssl: false });`,
    `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: process.env.NODE_ENV === 'production' });`,
    `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } });`,
    // `ssl: false` for something that is not a pg pool.
    'const redis = createClient({ ssl: false });',
    // A configured local host (a docker-compose service).
    { code: "const url = 'postgresql://postgres@db:5432/test?sslmode=disable';", options: [{ localHosts: ['db'] }] },
  ],
  invalid: [
    {
      // The query part of a URL, in its own env var.
      code: "const environment = { DATABASE_OPTION: '?sslmode=disable' };",
      errors: [
        {
          messageId: 'sslModeDisable',
          data: { host: 'a host only known at runtime' },
          line: 1,
          column: 42,
          endLine: 1,
          endColumn: 57,
          suggestions: [{ messageId: 'useSslModeRequire', output: "const environment = { DATABASE_OPTION: '?sslmode=require' };" }],
        },
      ],
    },
    {
      code: "const url = 'postgresql://app:secret@db.example.com:5432/app?sslmode=disable';",
      errors: [
        {
          messageId: 'sslModeDisable',
          data: { host: '`db.example.com`' },
          line: 1,
          column: 62,
          endLine: 1,
          endColumn: 77,
          suggestions: [
            { messageId: 'useSslModeRequire', output: "const url = 'postgresql://app:secret@db.example.com:5432/app?sslmode=require';" },
          ],
        },
      ],
    },
    {
      // A host only known at runtime counts as remote.
      code: `const option = '?sslmode=disable&connection_limit=1';
export const environment = { DATABASE_URL: \`postgresql://\${user}:\${password}@\${host}/app\${option}\` };`,
      errors: [
        {
          messageId: 'sslModeDisable',
          data: { host: 'a host only known at runtime' },
          line: 1,
          column: 18,
          endLine: 1,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'useSslModeRequire',
              output: `const option = '?sslmode=require&connection_limit=1';
export const environment = { DATABASE_URL: \`postgresql://\${user}:\${password}@\${host}/app\${option}\` };`,
            },
          ],
        },
      ],
    },
    {
      // One remote host among local ones.
      code: "const url = 'postgresql://app@localhost,db.example.com/app?sslmode=disable';",
      errors: [
        {
          messageId: 'sslModeDisable',
          data: { host: '`localhost`, `db.example.com`' },
          line: 1,
          column: 60,
          endLine: 1,
          endColumn: 75,
          suggestions: [
            { messageId: 'useSslModeRequire', output: "const url = 'postgresql://app@localhost,db.example.com/app?sslmode=require';" },
          ],
        },
      ],
    },
    {
      code: `const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('sslmode', "disable");`,
      errors: [
        {
          messageId: 'sslModeDisable',
          line: 2,
          column: 33,
          endLine: 2,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useSslModeRequire',
              output: `const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('sslmode', "require");`,
            },
          ],
        },
      ],
    },
    {
      code: `import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, ssl: false, max: 1 });`,
      errors: [
        {
          messageId: 'sslFalse',
          data: { host: 'a host only known at runtime' },
          line: 2,
          column: 76,
          endLine: 2,
          endColumn: 86,
          suggestions: [
            {
              messageId: 'useSslTrue',
              output: `import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, ssl: true, max: 1 });`,
            },
          ],
        },
      ],
    },
    {
      code: `import * as pg from 'pg';
const SSL = false;
const client = new pg.Client({ host: 'db.example.com', ssl: SSL });`,
      errors: [
        {
          messageId: 'sslFalse',
          data: { host: '`db.example.com`' },
          line: 3,
          column: 56,
          endLine: 3,
          endColumn: 64,
          suggestions: [
            {
              messageId: 'useSslTrue',
              output: `import * as pg from 'pg';
const SSL = false;
const client = new pg.Client({ host: 'db.example.com', ssl: true });`,
            },
          ],
        },
      ],
    },
  ],
});

const javascriptTester = await javascriptRuleTester();

javascriptTester.run('no-sslmode-disable (JavaScript)', rule, {
  valid: ["module.exports = { url: 'postgres://postgres@localhost/dev?sslmode=disable' };"],
  invalid: [
    {
      code: "module.exports = { DATABASE_URL: 'postgres://app:secret@10.0.4.17/app?sslmode=disable' };",
      errors: [
        {
          messageId: 'sslModeDisable',
          data: { host: '`10.0.4.17`' },
          line: 1,
          column: 71,
          endLine: 1,
          endColumn: 86,
          suggestions: [
            {
              messageId: 'useSslModeRequire',
              output: "module.exports = { DATABASE_URL: 'postgres://app:secret@10.0.4.17/app?sslmode=require' };",
            },
          ],
        },
      ],
    },
    {
      code: `const Pool = require('pg').Pool;
const config = { connectionString: process.env.DATABASE_URL, ssl: false };
const pool = new Pool(config);`,
      errors: [
        {
          messageId: 'sslFalse',
          line: 2,
          column: 62,
          endLine: 2,
          endColumn: 72,
          suggestions: [
            {
              messageId: 'useSslTrue',
              output: `const Pool = require('pg').Pool;
const config = { connectionString: process.env.DATABASE_URL, ssl: true };
const pool = new Pool(config);`,
            },
          ],
        },
      ],
    },
  ],
});
