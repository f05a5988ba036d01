import rule from '../../rules/no-database-url-logging.js';
import { typescriptRuleTester } from '../support/rule-tester.js';

// Not Lambda-only: no settings needed, and `lambda: 'never'` changes nothing.
const ts = typescriptRuleTester();

const remove = (output: string) => [{ messageId: 'removeLogStatement' as const, output }];

ts.run('no-database-url-logging (TypeScript)', rule, {
  valid: [
    'console.log(process.env.NODE_ENV)',
    'console.log(process.env.DATABASE_HOST, process.env.AWS_REGION)',
    // Presence checks, lengths and types say nothing about the value.
    "console.log(process.env.DATABASE_URL ? 'set' : 'missing')",
    'console.log(!!process.env.DATABASE_URL, typeof process.env.DATABASE_URL, process.env.DATABASE_URL?.length)',
    "console.log('DATABASE_URL' in process.env, Boolean(process.env.DIRECT_URL), process.env.DATABASE_URL === undefined)",
    'logger.info({ hasDatabaseUrl: Boolean(process.env.DATABASE_URL), urlLength: process.env.DATABASE_URL?.length })',
    "const url = process.env.DATABASE_URL; console.log(`DATABASE_URL is ${url ? 'set' : 'missing'}`)",
    "const url = process.env.DATABASE_URL; console.log(url && 'configured')",
    // URL parts without the password.
    `const url = new URL(process.env.DATABASE_URL!)
console.log(url.host, url.hostname, url.port, url.protocol, url.pathname, url.username, url.origin)
console.log(\`db at \${url.hostname}:\${url.port}\${url.pathname}\`, url.searchParams.get('schema'))`,
    "logger.info('connecting', { host: new URL(process.env.DATABASE_URL!).host })",
    "console.log(process.env.DATABASE_URL!.split('@')[1], process.env.DATABASE_URL!.split('@').pop())",
    "const url = process.env.DATABASE_URL!; console.log(url.slice(url.indexOf('@') + 1), url.startsWith('postgres'))",
    // The scheme alone (issue 12 item 9).
    "const url = process.env.DATABASE_URL!; console.log(`scheme ${url.split('://')[0]}`, url.split(':')[0], url.length)",
    // Masked values.
    'console.log(maskUrl(process.env.DATABASE_URL), redact(process.env.DATABASE_URL), sanitizeConnectionString(process.env.DIRECT_URL))',
    "console.log(process.env.DATABASE_URL?.replace(/:[^:@]*@/, ':***@'))",
    "console.log(process.env.DATABASE_URL!.replace(/\\/\\/.*@/, '//'))",
    "const { DATABASE_URL = '', DB_PASSWORD = '' } = process.env; console.log(DATABASE_URL.replaceAll(DB_PASSWORD, ''))",
    'logger.info({ url: utils.maskPassword(process.env.DATABASE_URL) })',
    // The names of the variables are not secrets.
    'console.log(Object.keys(process.env))',
    'Object.keys(process.env).forEach((key) => console.log(key))',
    'for (const key in process.env) console.log(key)',
    // A template literal turns the env object into "[object Object]".
    'console.log(`${process.env}`)',
    // URLs without a password, and documentation placeholders.
    "console.log('postgres://db.example.com:5432/app', 'postgres://app_user@db.example.com/app')",
    "console.log('postgresql://johndoe:randompassword@localhost:5432/mydb?schema=public')",
    "console.log('Set DATABASE_URL to postgres://USER:PASSWORD@HOST:PORT/DATABASE')",
    "console.log('postgres://<user>:<password>@<host>/<db>', 'mysql://root:${MYSQL_PASSWORD}@db/app', 'postgres://u:****@h/d')",
    'const host = "db"; console.log(`postgres://app@${host}/app`)',
    // Not a log sink.
    'new PrismaClient({ datasourceUrl: process.env.DATABASE_URL })',
    'const url = process.env.DATABASE_URL!; await connect(url); metrics.count(url.length)',
    'logger.level = process.env.LOG_LEVEL; logger.isLevelEnabled(process.env.DATABASE_URL)',
    // Scope analysis, not name matching: these `process` are local values.
    'function show(process: { env: { DATABASE_URL?: string } }) { console.log(process.env.DATABASE_URL) }',
    "const process = { env: { DATABASE_URL: 'file:./dev.db' } }; console.log(process.env.DATABASE_URL)",
    // A clean property of an object that also holds the secret.
    "const config = { url: process.env.DATABASE_URL, region: 'eu-west-1' }; console.log(config.region)",
    // `console.assert` prints its message, not its condition.
    "console.assert(process.env.DATABASE_URL, 'DATABASE_URL is missing')",
    // Options.
    { code: 'console.log(process.env.DATABASE_URL)', options: [{ ignoredSecretNames: ['DATABASE_URL'] }] },
    { code: 'console.log(toPublicUrl(process.env.DATABASE_URL))', options: [{ maskFunctions: ['toPublic*'] }] },
    // The secret in the child's environment, not on its command line; a local `exec` is not child_process's.
    "import { execSync } from 'node:child_process'\nexecSync('npx prisma migrate deploy', { env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL } })",
    "import { spawn } from 'child_process'\nspawn('npx', ['prisma', 'migrate', 'deploy'], { env: { DATABASE_URL: process.env.DATABASE_URL } })",
    'function exec(command: string) { return command.length }\nexec(`psql ${process.env.DATABASE_URL}`)',
    "import { exec } from 'child_process'\nexec(`echo ${process.env.DATABASE_URL ? 'set' : 'unset'}`)",
  ],
  invalid: [
    {
      // Node repeats a failed command in its error ("Command failed: DATABASE_URL=postgres://..."), which the handler logs.
      code: `import { exec } from 'child_process'
export const handler = (event: unknown, context: unknown, callback: (error: unknown) => void) => {
  exec(\`DATABASE_URL=\${process.env.DATABASE_URL} npx prisma migrate deploy\`, (error) => {
    if (error) console.error(\`exec error: \${error}\`)
    callback(error)
  })
}`,
      errors: [
        {
          messageId: 'secretInCommandLine',
          data: { source: 'DATABASE_URL', api: 'exec' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 49,
          suggestions: [],
        },
      ],
    },
    {
      // Through a constant, with execFile's argument list, a promisified exec and a require'd module.
      code: `const cp = require('node:child_process')
const { promisify } = require('node:util')
const run = promisify(cp.exec)
const url = process.env.DIRECT_URL
cp.execFileSync('psql', [url, '-c', 'select 1'])
await run('npx prisma db push --url ' + url)`,
      errors: [
        {
          messageId: 'secretInCommandLine',
          data: { source: 'DIRECT_URL', api: 'execFileSync' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 29,
        },
        { messageId: 'secretInCommandLine', data: { source: 'DIRECT_URL', api: 'exec' }, line: 6, column: 41, endLine: 6, endColumn: 44 },
      ],
    },
    {
      // A typed env module (create-t3-app's `createEnv` in `~/env`): the message names it.
      code: "import { env } from '~/env'\nlogger.info('db', { url: env.DATABASE_URL, region })",
      errors: [
        {
          messageId: 'typedEnvVariableLogged',
          data: { source: 'DATABASE_URL', origin: "'~/env'", sink: 'logger.info' },
          line: 2,
          column: 1,
          suggestions: [{ messageId: 'removeLogStatement', output: "import { env } from '~/env'\n" }],
        },
      ],
    },
    {
      code: "import { cleanEnv, str } from 'envalid'\nconst env = cleanEnv(process.env, { DATABASE_URL: str() })\nconsole.log(env, attempt)",
      errors: [
        {
          messageId: 'typedEnvironmentLogged',
          data: { origin: 'cleanEnv()', sink: 'console.log' },
          line: 3,
          column: 1,
          suggestions: [
            {
              messageId: 'removeLogStatement',
              output: "import { cleanEnv, str } from 'envalid'\nconst env = cleanEnv(process.env, { DATABASE_URL: str() })\n",
            },
          ],
        },
      ],
    },
    {
      // The part after the scheme, or before the `@`, holds the user info.
      code: "const url = process.env.DATABASE_URL!\nconsole.log(url.split('://')[1])\nconsole.log(url.split('@').at(0))",
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'console.log' },
          line: 2,
          column: 1,
          suggestions: [
            { messageId: 'removeLogStatement', output: "const url = process.env.DATABASE_URL!\nconsole.log(url.split('@').at(0))" },
          ],
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'console.log' },
          line: 3,
          column: 1,
          suggestions: [
            { messageId: 'removeLogStatement', output: "const url = process.env.DATABASE_URL!\nconsole.log(url.split('://')[1])\n" },
          ],
        },
      ],
    },
    {
      // The canonical lib/prisma.ts line.
      code: `import { PrismaClient } from '@prisma/client'

console.log(process.env.DATABASE_URL)

const globalForPrisma = globalThis as unknown as { prisma: PrismaClient }`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'console.log' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 38,
          suggestions: remove(`import { PrismaClient } from '@prisma/client'

const globalForPrisma = globalThis as unknown as { prisma: PrismaClient }`),
        },
      ],
    },
    {
      // Optional chaining and computed members, on the sink and on the source.
      code: `console?.log(process.env['SHADOW_DATABASE_URL'])
console['error'](process?.env?.DIRECT_URL)
console.warn?.(process.env[\`POSTGRES_PRISMA_URL\`])`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'SHADOW_DATABASE_URL', sink: 'console.log' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 49,
          suggestions: remove(`console['error'](process?.env?.DIRECT_URL)
console.warn?.(process.env[\`POSTGRES_PRISMA_URL\`])`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DIRECT_URL', sink: 'console.error' },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 43,
          suggestions: remove(`console?.log(process.env['SHADOW_DATABASE_URL'])
console.warn?.(process.env[\`POSTGRES_PRISMA_URL\`])`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'POSTGRES_PRISMA_URL', sink: 'console.warn' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 51,
          suggestions: remove(`console?.log(process.env['SHADOW_DATABASE_URL'])
console['error'](process?.env?.DIRECT_URL)
`),
        },
      ],
    },
    {
      // Every default name family.
      code: 'console.info(process.env.TEST_DATABASE_URL, process.env.DATABASE_URL_UNPOOLED, process.env.PGPASSWORD, process.env.POSTGRES_URL_NON_POOLING)',
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'TEST_DATABASE_URL', sink: 'console.info' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 141,
          suggestions: remove(''),
        },
      ],
    },
    {
      // TypeScript wrappers around the value.
      code: 'console.debug((process.env.DATABASE_URL as string).trim(), <string>process.env.DB_PASSWORD, process.env.MYSQL_URL!)',
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'console.debug' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 116,
          suggestions: remove(''),
        },
      ],
    },
    {
      // Aliases and destructuring with rename, through `const env = process.env`.
      code: `const env = process.env
const { DATABASE_URL: databaseUrl, DIRECT_URL } = env
const shadow = env.SHADOW_DATABASE_URL
let later: string | undefined
later = databaseUrl
export function report() {
  console.log(later)
  console.log(DIRECT_URL)
  console.log(shadow)
}`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'console.log' },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 21,
          suggestions: remove(`const env = process.env
const { DATABASE_URL: databaseUrl, DIRECT_URL } = env
const shadow = env.SHADOW_DATABASE_URL
let later: string | undefined
later = databaseUrl
export function report() {
  console.log(DIRECT_URL)
  console.log(shadow)
}`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DIRECT_URL', sink: 'console.log' },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 26,
          suggestions: remove(`const env = process.env
const { DATABASE_URL: databaseUrl, DIRECT_URL } = env
const shadow = env.SHADOW_DATABASE_URL
let later: string | undefined
later = databaseUrl
export function report() {
  console.log(later)
  console.log(shadow)
}`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'SHADOW_DATABASE_URL', sink: 'console.log' },
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 22,
          suggestions: remove(`const env = process.env
const { DATABASE_URL: databaseUrl, DIRECT_URL } = env
const shadow = env.SHADOW_DATABASE_URL
let later: string | undefined
later = databaseUrl
export function report() {
  console.log(later)
  console.log(DIRECT_URL)
}`),
        },
      ],
    },
    {
      // `process` and `env` imported from node:process; a constant key.
      code: `import { env } from 'node:process'
import proc from 'process'
const KEY = 'DATABASE_URL'
console.log(env[KEY], proc.env.DIRECT_URL)`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'console.log' },
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 43,
          suggestions: remove(`import { env } from 'node:process'
import proc from 'process'
const KEY = 'DATABASE_URL'
`),
        },
      ],
    },
    {
      // Template literals, concatenation, String(), URL objects, substrings.
      code: `const url = process.env.DATABASE_URL!
console.log(\`connecting to \${url} from \${process.env.AWS_REGION}\`)
console.log('url: ' + url)
console.log(String(url), new URL(url))
console.log(new URL(url).href, new URL(url).toString(), new URL(url).password)
console.log(url.substring(0, 40), url.slice(0, 30), url.split(':'))`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'console.log' },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 67,
          suggestions: remove(`const url = process.env.DATABASE_URL!
console.log('url: ' + url)
console.log(String(url), new URL(url))
console.log(new URL(url).href, new URL(url).toString(), new URL(url).password)
console.log(url.substring(0, 40), url.slice(0, 30), url.split(':'))`),
        },
        {
          messageId: 'envVariableLogged',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 27,
          suggestions: remove(`const url = process.env.DATABASE_URL!
console.log(\`connecting to \${url} from \${process.env.AWS_REGION}\`)
console.log(String(url), new URL(url))
console.log(new URL(url).href, new URL(url).toString(), new URL(url).password)
console.log(url.substring(0, 40), url.slice(0, 30), url.split(':'))`),
        },
        {
          messageId: 'envVariableLogged',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 39,
          suggestions: remove(`const url = process.env.DATABASE_URL!
console.log(\`connecting to \${url} from \${process.env.AWS_REGION}\`)
console.log('url: ' + url)
console.log(new URL(url).href, new URL(url).toString(), new URL(url).password)
console.log(url.substring(0, 40), url.slice(0, 30), url.split(':'))`),
        },
        {
          messageId: 'envVariableLogged',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 79,
          suggestions: remove(`const url = process.env.DATABASE_URL!
console.log(\`connecting to \${url} from \${process.env.AWS_REGION}\`)
console.log('url: ' + url)
console.log(String(url), new URL(url))
console.log(url.substring(0, 40), url.slice(0, 30), url.split(':'))`),
        },
        {
          messageId: 'envVariableLogged',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 68,
          suggestions: remove(`const url = process.env.DATABASE_URL!
console.log(\`connecting to \${url} from \${process.env.AWS_REGION}\`)
console.log('url: ' + url)
console.log(String(url), new URL(url))
console.log(new URL(url).href, new URL(url).toString(), new URL(url).password)
`),
        },
      ],
    },
    {
      // A replace that does not hide the password is not a mask.
      code: "console.log(process.env.DATABASE_URL!.replace('postgres://', 'postgresql://'))",
      errors: [{ messageId: 'envVariableLogged', line: 1, column: 1, endLine: 1, endColumn: 79, suggestions: remove('') }],
    },
    {
      // Object properties and shorthand, in loggers of every common shape.
      code: `import { Logger } from '@aws-lambda-powertools/logger'
const logger = new Logger()
const url = process.env.DATABASE_URL
logger.info('connecting', { url, region: process.env.AWS_REGION })
logger.appendKeys({ databaseUrl: url })
log.debug({ config: { url } })
this.logger.error(url)
req.log.warn(url)
logger.child({ url }).info('ready')`,
      errors: [
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'logger.info' },
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 67,
          suggestions: remove(`import { Logger } from '@aws-lambda-powertools/logger'
const logger = new Logger()
const url = process.env.DATABASE_URL
logger.appendKeys({ databaseUrl: url })
log.debug({ config: { url } })
this.logger.error(url)
req.log.warn(url)
logger.child({ url }).info('ready')`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'logger.appendKeys' },
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 40,
          suggestions: remove(`import { Logger } from '@aws-lambda-powertools/logger'
const logger = new Logger()
const url = process.env.DATABASE_URL
logger.info('connecting', { url, region: process.env.AWS_REGION })
log.debug({ config: { url } })
this.logger.error(url)
req.log.warn(url)
logger.child({ url }).info('ready')`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'log.debug' },
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 31,
          suggestions: remove(`import { Logger } from '@aws-lambda-powertools/logger'
const logger = new Logger()
const url = process.env.DATABASE_URL
logger.info('connecting', { url, region: process.env.AWS_REGION })
logger.appendKeys({ databaseUrl: url })
this.logger.error(url)
req.log.warn(url)
logger.child({ url }).info('ready')`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'this.logger.error' },
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 23,
          suggestions: remove(`import { Logger } from '@aws-lambda-powertools/logger'
const logger = new Logger()
const url = process.env.DATABASE_URL
logger.info('connecting', { url, region: process.env.AWS_REGION })
logger.appendKeys({ databaseUrl: url })
log.debug({ config: { url } })
req.log.warn(url)
logger.child({ url }).info('ready')`),
        },
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'req.log.warn' },
          line: 8,
          column: 1,
          endLine: 8,
          endColumn: 18,
          suggestions: remove(`import { Logger } from '@aws-lambda-powertools/logger'
const logger = new Logger()
const url = process.env.DATABASE_URL
logger.info('connecting', { url, region: process.env.AWS_REGION })
logger.appendKeys({ databaseUrl: url })
log.debug({ config: { url } })
this.logger.error(url)
logger.child({ url }).info('ready')`),
        },
        // pino's child bindings are printed on every later line; the statement is more than the call.
        {
          messageId: 'envVariableLogged',
          data: { source: 'DATABASE_URL', sink: 'logger.child' },
          line: 9,
          column: 1,
          endLine: 9,
          endColumn: 22,
          suggestions: [],
        },
      ],
    },
    {
      // The whole environment, in every shape.
      code: `import util from 'node:util'
console.log(process.env)
console.log(JSON.stringify(process.env, null, 2))
console.log(util.inspect(process.env, { depth: null }))
logger.info({ ...process.env, stage: 'prod' })
const { DATABASE_URL, ...rest } = process.env
console.table(rest)`,
      errors: [
        {
          messageId: 'environmentLogged',
          data: { sink: 'console.log' },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 25,
          suggestions: remove(`import util from 'node:util'
console.log(JSON.stringify(process.env, null, 2))
console.log(util.inspect(process.env, { depth: null }))
logger.info({ ...process.env, stage: 'prod' })
const { DATABASE_URL, ...rest } = process.env
console.table(rest)`),
        },
        {
          messageId: 'environmentLogged',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 50,
          suggestions: remove(`import util from 'node:util'
console.log(process.env)
console.log(util.inspect(process.env, { depth: null }))
logger.info({ ...process.env, stage: 'prod' })
const { DATABASE_URL, ...rest } = process.env
console.table(rest)`),
        },
        {
          messageId: 'environmentLogged',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 56,
          suggestions: remove(`import util from 'node:util'
console.log(process.env)
console.log(JSON.stringify(process.env, null, 2))
logger.info({ ...process.env, stage: 'prod' })
const { DATABASE_URL, ...rest } = process.env
console.table(rest)`),
        },
        {
          messageId: 'environmentLogged',
          data: { sink: 'logger.info' },
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 47,
          suggestions: remove(`import util from 'node:util'
console.log(process.env)
console.log(JSON.stringify(process.env, null, 2))
console.log(util.inspect(process.env, { depth: null }))
const { DATABASE_URL, ...rest } = process.env
console.table(rest)`),
        },
        {
          messageId: 'environmentLogged',
          data: { sink: 'console.table' },
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 20,
          suggestions: remove(`import util from 'node:util'
console.log(process.env)
console.log(JSON.stringify(process.env, null, 2))
console.log(util.inspect(process.env, { depth: null }))
logger.info({ ...process.env, stage: 'prod' })
const { DATABASE_URL, ...rest } = process.env
`),
        },
      ],
    },
  ],
});
