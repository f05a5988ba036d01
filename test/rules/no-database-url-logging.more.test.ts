import rule from '../../rules/no-database-url-logging.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

// The second half of no-database-url-logging's cases (no-database-url-logging.test.ts holds the first): one file would pass 600 lines.

// Not Lambda-only: no settings needed, and `lambda: 'never'` changes nothing.
const ts = typescriptRuleTester();
const js = await javascriptRuleTester();

const remove = (output: string) => [{ messageId: 'removeLogStatement' as const, output }];
ts.run('no-database-url-logging (TypeScript), part 2', rule, {
  valid: [],
  invalid: [
    {
      // Iterating over the environment.
      code: `for (const [name, value] of Object.entries(process.env)) console.log(name, value)
Object.keys(process.env).forEach((key) => console.log(key, process.env[key]))`,
      errors: [
        {
          messageId: 'environmentLogged',
          line: 1,
          column: 58,
          endLine: 1,
          endColumn: 82,
          // A loop whose whole body dumps the environment goes with it.
          suggestions: remove('Object.keys(process.env).forEach((key) => console.log(key, process.env[key]))'),
        },
        {
          messageId: 'environmentLogged',
          line: 2,
          column: 43,
          endLine: 2,
          endColumn: 77,
          suggestions: remove('for (const [name, value] of Object.entries(process.env)) console.log(name, value)\n'),
        },
      ],
    },
    {
      // An arrow's expression body is not a statement: no removal suggestion.
      code: 'export const onReady = () => console.log(process.env.DATABASE_URL)',
      errors: [{ messageId: 'envVariableLogged', line: 1, column: 30, endLine: 1, endColumn: 67, suggestions: [] }],
    },
    {
      // Credentialed URLs in literals, and assembled in templates.
      code: `console.log('using postgres://admin:s3cr3t@db.internal:5432/app')
const url = \`\${engine}://\${user}:\${password}@\${host}:\${port}/\${db}\`
logger.debug('url', url)`,
      errors: [
        {
          messageId: 'credentialedUrlLogged',
          data: { sink: 'console.log' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 66,
          suggestions: remove(`const url = \`\${engine}://\${user}:\${password}@\${host}:\${port}/\${db}\`
logger.debug('url', url)`),
        },
        {
          messageId: 'credentialedUrlLogged',
          data: { sink: 'logger.debug' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 25,
          suggestions: remove(`console.log('using postgres://admin:s3cr3t@db.internal:5432/app')
const url = \`\${engine}://\${user}:\${password}@\${host}:\${port}/\${db}\`
`),
        },
      ],
    },
    {
      // Sink aliases and process streams.
      code: `const log = console.log.bind(console)
const { error } = console
const url = process.env.DATABASE_URL
log(url)
error(url)
process.stdout.write(url + '\\n')
process.stderr.write(\`\${url}\\n\`)`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'log' },
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 9,
          suggestions: remove(`const log = console.log.bind(console)
const { error } = console
const url = process.env.DATABASE_URL
error(url)
process.stdout.write(url + '\\n')
process.stderr.write(\`\${url}\\n\`)`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'error' },
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 11,
          suggestions: remove(`const log = console.log.bind(console)
const { error } = console
const url = process.env.DATABASE_URL
log(url)
process.stdout.write(url + '\\n')
process.stderr.write(\`\${url}\\n\`)`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'process.stdout.write' },
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 33,
          suggestions: remove(`const log = console.log.bind(console)
const { error } = console
const url = process.env.DATABASE_URL
log(url)
error(url)
process.stderr.write(\`\${url}\\n\`)`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'process.stderr.write' },
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 33,
          suggestions: remove(`const log = console.log.bind(console)
const { error } = console
const url = process.env.DATABASE_URL
log(url)
error(url)
process.stdout.write(url + '\\n')
`),
        },
      ],
    },
    {
      // A local function's parameter, followed to its call sites.
      code: `function connect(connectionString: string, attempt = 1) {
  console.log('attempt', attempt, 'connecting to', connectionString)
}
connect(process.env.DATABASE_URL!)`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'console.log' },
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 69,
          suggestions: remove(`function connect(connectionString: string, attempt = 1) {}
connect(process.env.DATABASE_URL!)`),
        },
      ],
    },
    {
      // Removal suggestions keep code valid and layout sane.
      code: `function init(debug: boolean) {
  const url = process.env.DATABASE_URL!
  if (debug) console.log(url)
  else console.warn(url)
  try { console.error(url) } finally { done() }
  // prettier-ignore
  console.log(url) // DEBUG

  return url.length
}`,
      errors: [
        {
          messageId: 'envVariableLogged',
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 30,
          suggestions: remove(`function init(debug: boolean) {
  const url = process.env.DATABASE_URL!
  if (debug) {}
  else console.warn(url)
  try { console.error(url) } finally { done() }
  // prettier-ignore
  console.log(url) // DEBUG

  return url.length
}`),
        },
        {
          messageId: 'envVariableLogged',
          line: 4,
          column: 8,
          endLine: 4,
          endColumn: 25,
          suggestions: remove(`function init(debug: boolean) {
  const url = process.env.DATABASE_URL!
  if (debug) console.log(url)
  else {}
  try { console.error(url) } finally { done() }
  // prettier-ignore
  console.log(url) // DEBUG

  return url.length
}`),
        },
        {
          messageId: 'envVariableLogged',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 27,
          suggestions: remove(`function init(debug: boolean) {
  const url = process.env.DATABASE_URL!
  if (debug) console.log(url)
  else console.warn(url)
  try {} finally { done() }
  // prettier-ignore
  console.log(url) // DEBUG

  return url.length
}`),
        },
        {
          messageId: 'envVariableLogged',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 19,
          // The directive above and the trailing comment go with the line; the blank line below stays.
          suggestions: remove(`function init(debug: boolean) {
  const url = process.env.DATABASE_URL!
  if (debug) console.log(url)
  else console.warn(url)
  try { console.error(url) } finally { done() }

  return url.length
}`),
        },
      ],
    },
    {
      // Part of a larger expression: reported, but no statement to remove.
      code: 'const result = debug && console.log(process.env.DATABASE_URL)',
      errors: [{ messageId: 'envVariableLogged', line: 1, column: 25, endLine: 1, endColumn: 62, suggestions: [] }],
    },
    {
      // Options: extra secret names, logger objects and methods.
      code: `console.log(process.env.AURORA_CONNECTION)
audit.record(process.env.DATABASE_URL)
logger.print(process.env.DATABASE_URL)`,
      options: [{ secretNames: ['AURORA_*'], loggerNames: ['audit'], logMethods: ['record', 'print'] }],
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'AURORA_CONNECTION', sink: 'console.log' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 43,
          suggestions: remove(`audit.record(process.env.DATABASE_URL)
logger.print(process.env.DATABASE_URL)`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'audit.record' },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 39,
          suggestions: remove(`console.log(process.env.AURORA_CONNECTION)
logger.print(process.env.DATABASE_URL)`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'logger.print' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 39,
          suggestions: remove(`console.log(process.env.AURORA_CONNECTION)
audit.record(process.env.DATABASE_URL)
`),
        },
      ],
    },
    {
      // Nested destructuring of `process`, globalThis, spread arguments, URL query secrets.
      code: `const { env: { DATABASE_URL } } = process
globalThis.console.log(global.process.env.DIRECT_URL)
console.log(...Object.values(process.env))
const params = new URL(DATABASE_URL!).searchParams
console.log(params.get('schema'), params.get('password'))`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DIRECT_URL', sink: 'globalThis.console.log' },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 54,
          suggestions: remove(`const { env: { DATABASE_URL } } = process
console.log(...Object.values(process.env))
const params = new URL(DATABASE_URL!).searchParams
console.log(params.get('schema'), params.get('password'))`),
        },
        {
          messageId: 'environmentLogged',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 43,
          suggestions: remove(`const { env: { DATABASE_URL } } = process
globalThis.console.log(global.process.env.DIRECT_URL)
const params = new URL(DATABASE_URL!).searchParams
console.log(params.get('schema'), params.get('password'))`),
        },
        {
          messageId: 'credentialedUrlLogged',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 58,
          suggestions: remove(`const { env: { DATABASE_URL } } = process
globalThis.console.log(global.process.env.DIRECT_URL)
console.log(...Object.values(process.env))
const params = new URL(DATABASE_URL!).searchParams
`),
        },
      ],
    },
    {
      // Awaited logs, labelled statements, default parameters.
      code: `async function report({ url = process.env.DATABASE_URL } = {}) {
  await logger.info(url)
  retry: console.log(url)
}`,
      errors: [
        {
          messageId: 'envVariableLogged',
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 25,
          suggestions: remove(`async function report({ url = process.env.DATABASE_URL } = {}) {
  retry: console.log(url)
}`),
        },
        {
          messageId: 'envVariableLogged',
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 26,
          suggestions: remove(`async function report({ url = process.env.DATABASE_URL } = {}) {
  await logger.info(url)
  retry: {}
}`),
        },
      ],
    },
    {
      // Not Lambda-only: reported whatever the Lambda setting says.
      code: 'console.log(process.env.DATABASE_URL)',
      settings: { 'prisma-aurora-fix': { lambda: 'never' } },
      errors: [{ messageId: 'envVariableLogged', line: 1, column: 1, endLine: 1, endColumn: 38, suggestions: remove('') }],
    },
  ],
});

js.run('no-database-url-logging (JavaScript)', rule, {
  valid: [
    "const { env } = require('process'); console.log(env.DATABASE_URL ? 'set' : 'missing')",
    'const url = new URL(process.env.DATABASE_URL); console.log(`db host ${url.host}`)',
    'for (const key in process.env) console.log(key)',
    "console.log('postgres://user:password@localhost:5432/db')",
  ],
  invalid: [
    {
      code: `const { env } = require('node:process')
const util = require('util')
const { DATABASE_URL: url } = env
// print the connection string for debugging
console.log(url)

module.exports.handler = async () => {
  console.log(util.inspect(env))
}`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'console.log' },
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 17,
          suggestions: remove(`const { env } = require('node:process')
const util = require('util')
const { DATABASE_URL: url } = env

module.exports.handler = async () => {
  console.log(util.inspect(env))
}`),
        },
        {
          messageId: 'environmentLogged',
          data: { sink: 'console.log' },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 33,
          suggestions: remove(`const { env } = require('node:process')
const util = require('util')
const { DATABASE_URL: url } = env
// print the connection string for debugging
console.log(url)

module.exports.handler = async () => {}`),
        },
      ],
    },
    {
      code: `for (const key in process.env) {
  console.log(\`\${key}=\${process.env[key]}\`)
}
console?.log({ databaseUrl: process.env.DATABASE_URL })`,
      errors: [
        {
          messageId: 'environmentLogged',
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 44,
          suggestions: remove('console?.log({ databaseUrl: process.env.DATABASE_URL })'),
        },
        {
          messageId: 'envVariableLogged',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 56,
          suggestions: remove(`for (const key in process.env) {
  console.log(\`\${key}=\${process.env[key]}\`)
}
`),
        },
      ],
    },
    {
      code: "const url = 'mysql://root:hunter2@db:3306/app'; logger.info(`connecting to ${url}`)",
      errors: [
        {
          messageId: 'credentialedUrlLogged',
          data: { sink: 'logger.info' },
          line: 1,
          column: 49,
          endLine: 1,
          endColumn: 84,
          suggestions: remove("const url = 'mysql://root:hunter2@db:3306/app';"),
        },
      ],
    },
  ],
});
