import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../rules/require-migration-retry.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

const lambda = { 'prisma-aurora-fix': { lambda: 'always' } };
const ts = typescriptRuleTester(lambda);
const js = await javascriptRuleTester(lambda);
const auto = typescriptRuleTester();

// The codemod's fixtures double as the rule's realistic sources (the same runners, before and after).
const FIXTURES = join(import.meta.dirname, '../../fixtures/wrap-migration-runner');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const error = (line: number, column: number, command: string) => ({
  messageId: 'unretriedMigration' as const,
  line,
  column,
  data: { command },
});

/**
 * What the codemod writes is clean: every output fixture but the shapes it leaves for a hand
 * edit (and the "nothing to do" ones, which are their inputs).
 */
const LEFT_FOR_A_HAND_EDIT = new Set(['custom-shape-with-retry', 'nothing-to-do-spawn-events']);
const codemodOutputs = (extension: RegExp): string[] =>
  readdirSync(FIXTURES)
    .filter((file) => /\.output\./.test(file) && extension.test(file) && !file.startsWith('nothing-to-do'))
    .filter((file) => !LEFT_FOR_A_HAND_EDIT.has(file.replace(/\.output\..*$/, '')))
    .map(fixture);

ts.run('require-migration-retry (TypeScript)', rule, {
  valid: [
    ...codemodOutputs(/\.tsx?$/).map((code) => ({ code, filename: code.includes('<form') ? 'file.tsx' : 'file.ts' })),
    // The canonical fix: the spawn in a helper's loop that returns on success and waits with backoff.
    fixture('nothing-to-do.input.ts'),
    // Our runtime does the spawning: nothing to report.
    `import { runMigration } from 'prisma-aurora-fix/runtime'
export const handler = async () => {
  await runMigration({ args: ['migrate', 'deploy'] })
}`,
    // A withRetry-style wrapper around a promisified execFile.
    `import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { withRetry } from 'prisma-aurora-fix/runtime'
const execFileAsync = promisify(execFile)
export const handler = async () => {
  await withRetry(() => execFileAsync('node_modules/.bin/prisma', ['migrate', 'deploy']))
}`,
    // p-retry given a local helper by reference.
    `import pRetry from 'p-retry'
import { execa } from 'execa'
async function runMigrations() {
  await execa('npx', ['prisma', 'migrate', 'deploy'])
}
export const handler = async () => {
  await pRetry(runMigrations, { retries: 5 })
}`,
    // async-retry with a bail callback.
    `import retry from 'async-retry'
import { execaCommand } from 'execa'
export const handler = async () => {
  await retry(async () => {
    await execaCommand('prisma migrate deploy')
  }, { retries: 5, minTimeout: 3000 })
}`,
    // exponential-backoff under an alias.
    `import { backOff as withBackoff } from 'exponential-backoff'
import { $ } from 'execa'
export const handler = async () => {
  await withBackoff(() => $\`npx prisma db push --skip-generate\`)
}`,
    // An imported wrapper whose module is a retry library, whatever its local name.
    `import run from 'p-retry'
import { execa } from 'execa'
export const handler = async () => run(() => execa('prisma', ['migrate', 'deploy']))`,
    // while (true) with try/catch and a sleep.
    `import { execSync } from 'child_process'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
export const handler = async () => {
  let attempt = 0
  while (true) {
    try {
      execSync('npx prisma migrate deploy', { stdio: 'inherit' })
      break
    } catch (error) {
      if (++attempt >= 5) throw error
      await sleep(3000 * 2 ** attempt)
    }
  }
}`,
    // do/while with spawnSync's status and a delay helper.
    `import { spawnSync } from 'node:child_process'
import { setTimeout as delay } from 'node:timers/promises'
export const handler = async () => {
  let status: number | null
  let attempt = 0
  do {
    status = spawnSync('npx', ['prisma', 'migrate', 'deploy']).status
    if (status !== 0) await delay(3000)
  } while (status !== 0 && ++attempt < 5)
}`,
    // A loop over delays that leaves on success.
    `import { execa } from 'execa'
export const handler = async () => {
  for (const delayMs of [0, 3000, 6000, 12000]) {
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    const result = await execa('npx', ['prisma', 'migrate', 'deploy'], { reject: false })
    if (result.exitCode === 0) return
  }
  throw new Error('migration failed')
}`,
    // .catch() inside a counted loop that waits.
    `import { execa } from 'execa'
export const handler = async () => {
  let done = false
  for (let attempt = 0; attempt < 5 && !done; attempt++) {
    await execa('npx', ['prisma', 'migrate', 'deploy']).then(() => { done = true }).catch(() => new Promise((r) => setTimeout(r, 3000)))
  }
}`,
    // A function that waits and calls itself on failure.
    `import { execFile } from 'child_process'
import { promisify } from 'util'
const run = promisify(execFile)
async function migrate(attempt = 1): Promise<void> {
  try {
    await run('node_modules/prisma/build/index.js', ['migrate', 'deploy'])
  } catch (error) {
    if (attempt >= 5) throw error
    await new Promise((resolve) => setTimeout(resolve, 3000 * attempt))
    return migrate(attempt + 1)
  }
}
export const handler = () => migrate()`,
    // Two levels of local helpers, the retry in the handler.
    `import { execFile } from 'child_process'
import { withRetry } from './retry'
function spawnPrisma(args: string[]) {
  return new Promise<void>((resolve, reject) => {
    execFile('node_modules/prisma/build/index.js', args, (error) => (error ? reject(error) : resolve()))
  })
}
const deploy = () => spawnPrisma(['migrate', 'deploy'])
export const handler = async () => {
  await withRetry(() => deploy())
}`,
    // node-retry's operation.attempt.
    `import retry from 'retry'
import { execSync } from 'child_process'
export const handler = () => new Promise<void>((resolve, reject) => {
  const operation = retry.operation({ retries: 5, minTimeout: 3000 })
  operation.attempt(() => {
    try { execSync('npx prisma migrate deploy'); resolve() } catch (error) { if (!operation.retry(error as Error)) reject(error) }
  })
})`,
    // A configured retry function.
    {
      code: `import { execSync } from 'child_process'
import { resilient } from '@acme/ops'
export const handler = async () => resilient(() => execSync('npx prisma migrate deploy'))`,
      options: [{ retryFunctions: ['resilient'] }],
    },
    // Prisma commands that are not migrations.
    `import { execSync, execFile } from 'child_process'
export const handler = async () => {
  execSync('npx prisma generate')
  execSync('npx prisma db pull')
  execSync('npx prisma --version')
  execFile('node_modules/prisma/build/index.js', ['migrate', 'status'], () => {})
  execFile('node_modules/prisma/build/index.js', ['migrate', 'diff', '--from-empty'], () => {})
}`,
    // Other programs, and things that only look like a spawn.
    `import { execSync } from 'child_process'
export const handler = async () => {
  execSync('ls -la node_modules/prisma')
  execSync('npm run migrate')
  console.log('run npx prisma migrate deploy before starting')
}`,
    `function execSync(command: string) { return command }
export const handler = async () => execSync('npx prisma migrate deploy')`,
    `import { exec as cpExec } from 'child_process'
export const handler = async () => {
  const exec = (command: string) => command
  exec('npx prisma migrate deploy')
  void cpExec
}`,
    `import { execSync } from './not-child-process'
export const handler = async () => execSync('npx prisma migrate deploy')`,
    // A spawn from a variable that is reassigned is not followed.
    `import { execSync } from 'child_process'
let run = execSync
run = ((command: string) => Buffer.from(command)) as typeof execSync
export const handler = async () => run('npx prisma migrate deploy')`,
    // `for...of` over a list that waits, with a success exit, is a retry.
    `import { execa } from 'execa'
export const handler = async () => {
  for (const attempt of [1, 2, 3, 4, 5]) {
    try { await execa('npx', ['prisma', 'migrate', 'deploy']); return } catch { await new Promise((r) => setTimeout(r, 3000 * attempt)) }
  }
}`,
  ],
  invalid: [
    // The canonical pre-fix migration runner.
    { code: fixture('canonical-handler.input.ts'), errors: [error(24, 7, 'prisma db push')] },
    // What the codemod leaves for a hand edit is still reported, and nothing else in those files.
    { code: fixture('custom-shape-with-retry.output.ts'), errors: [error(25, 9, 'prisma migrate deploy')] },
    { code: fixture('nothing-to-do-spawn-events.output.ts'), errors: [error(7, 19, 'prisma migrate deploy')] },
    // Namespace import from node:child_process, callback in a named function.
    {
      code: `import * as cp from 'node:child_process'
function onExit(error: Error | null) { if (error) throw error }
export const handler = async () => {
  cp.execFile('./node_modules/.bin/prisma', ['migrate', 'deploy'], onExit)
}`,
      errors: [{ ...error(4, 3, 'prisma migrate deploy'), endLine: 4, endColumn: 75 }],
    },
    // Default import, spawnSync through npx with flags.
    {
      code: `import cp from 'child_process'
export const handler = async () => {
  const result = cp.spawnSync('npx', ['--yes', 'prisma@6.19.0', 'migrate', 'deploy'], { stdio: 'inherit' })
  if (result.status !== 0) throw new Error('migrate failed')
}`,
      errors: [error(3, 18, 'prisma migrate deploy')],
    },
    // promisify(execFile) through the Prisma executable.
    {
      code: `import { execFile } from 'child_process'
import { promisify } from 'node:util'
const execFileAsync = promisify(execFile)
export const handler = async () => {
  const { stdout } = await execFileAsync('node_modules/.bin/prisma', ['migrate', 'deploy'])
  return stdout
}`,
      errors: [error(5, 28, 'prisma migrate deploy')],
    },
    // util.promisify(cp.exec), a shell string with flags.
    {
      code: `import util from 'node:util'
import cp = require('child_process')
const exec = util.promisify(cp.exec)
export const handler = async () => {
  await exec('npx prisma db push --accept-data-loss')
}`,
      errors: [error(5, 9, 'prisma db push')],
    },
    // execa shapes.
    {
      code: `import { execa, execaNode, execaCommand, $ } from 'execa'
export const handler = async () => {
  await execa('npx', ['prisma', 'migrate', 'deploy'])
  await execaNode('node_modules/prisma/build/index.js', ['migrate', 'deploy'])
  await execaCommand('prisma migrate deploy --schema ./prisma/schema.prisma')
  await $\`npx prisma migrate deploy\`
  await $({ stdio: 'inherit' })\`pnpm exec prisma db push\`
}`,
      errors: [
        error(3, 9, 'prisma migrate deploy'),
        error(4, 9, 'prisma migrate deploy'),
        error(5, 9, 'prisma migrate deploy'),
        error(6, 9, 'prisma migrate deploy'),
        error(7, 9, 'prisma db push'),
      ],
    },
    // process.execPath + path.join(__dirname, ...) parts.
    {
      code: `import { spawn } from 'child_process'
import { join } from 'path'
const cli = join(__dirname, 'node_modules', 'prisma', 'build', 'index.js')
export const handler = async () => {
  const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], { stdio: 'inherit' })
  await new Promise((resolve) => child.on('exit', resolve))
}`,
      errors: [error(5, 17, 'prisma migrate deploy')],
    },
    // A template command line with the sub-command chosen at run time, and a shell line.
    {
      code: `import { execSync } from 'child_process'
export const handler = async (event: { command?: string }) => {
  const command = event.command ?? 'deploy'
  execSync(\`npx prisma migrate \${command}\`)
  execSync(\`cd \${process.env.LAMBDA_TASK_ROOT} && npx prisma migrate deploy 2>&1\`)
}`,
      errors: [error(4, 3, 'prisma migrate …'), error(5, 3, 'prisma migrate deploy')],
    },
    // fork of require.resolve('prisma'), migrate reset, an args constant.
    {
      code: `import { fork, execFileSync } from 'child_process'
const CLI = require.resolve('prisma')
const RESET_ARGS = ['migrate', 'reset', '--force', '--skip-seed']
export const handler = async () => {
  fork(CLI, ['migrate', 'deploy'])
  execFileSync(CLI, RESET_ARGS)
}`,
      errors: [error(5, 3, 'prisma migrate deploy'), error(6, 3, 'prisma migrate reset')],
    },
    // Fully dynamic arguments to the Prisma CLI.
    {
      code: `import { execFile } from 'child_process'
export const handler = async (event: { args: string[] }) => {
  execFile('node_modules/prisma/build/index.js', event.args, () => {})
}`,
      errors: [error(3, 3, 'prisma …')],
    },
    // sh -c, zx, pnpm, yarn.
    {
      code: `import { spawn } from 'child_process'
import { $ } from 'zx'
export const handler = async () => {
  spawn('sh', ['-c', 'npx prisma migrate deploy'])
  await $\`yarn prisma db execute --file ./fix.sql\`
}`,
      errors: [error(4, 3, 'prisma migrate deploy'), error(5, 9, 'prisma db execute')],
    },
    // A loop that retries without waiting does not count: instant retries end before Aurora resumes.
    {
      code: `import { execSync } from 'child_process'
export const handler = async () => {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      execSync('npx prisma migrate deploy')
      break
    } catch {}
  }
}`,
      errors: [error(5, 7, 'prisma migrate deploy')],
    },
    // A for...of over schemas that waits between them is not a retry.
    {
      code: `import { execSync } from 'child_process'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
export const handler = async () => {
  for (const schema of ['a.prisma', 'b.prisma']) {
    try { execSync(\`npx prisma migrate deploy --schema \${schema}\`) } catch (error) { console.error(error) }
    await sleep(100)
  }
}`,
      errors: [error(5, 11, 'prisma migrate deploy')],
    },
    // A helper called both inside and outside a retry: the bare call leaves it unretried.
    {
      code: `import { execSync } from 'child_process'
import { withRetry } from 'prisma-aurora-fix/runtime'
function migrate() {
  execSync('npx prisma migrate deploy')
}
export const handler = async () => {
  await withRetry(async () => migrate())
  migrate()
}`,
      errors: [error(4, 3, 'prisma migrate deploy')],
    },
    // A local helper that nothing calls: no caller retries it.
    {
      code: `import { execSync } from 'child_process'
const migrate = () => execSync('npx prisma migrate deploy')
export const handler = async () => {}`,
      errors: [error(2, 23, 'prisma migrate deploy')],
    },
    // An exported helper: its callers elsewhere are out of sight.
    {
      code: `import { execSync } from 'child_process'
export function migrate() {
  execSync('npx prisma migrate deploy')
}`,
      errors: [error(3, 3, 'prisma migrate deploy')],
    },
    // A retry wrapper that does not wrap the spawn (it is only given a value).
    {
      code: `import { execSync } from 'child_process'
import { withRetry } from './retry'
export const handler = async () => {
  const output = execSync('npx prisma migrate deploy')
  await withRetry(async () => output)
}`,
      errors: [error(4, 18, 'prisma migrate deploy')],
    },
    // Three levels of helpers: deeper than the rule follows.
    {
      code: `import { execSync } from 'child_process'
import { withRetry } from './retry'
function a() { execSync('npx prisma migrate deploy') }
function b() { a() }
function c() { b() }
export const handler = async () => withRetry(async () => c())`,
      errors: [error(3, 16, 'prisma migrate deploy')],
    },
  ],
});

js.run('require-migration-retry (JavaScript)', rule, {
  valid: [
    ...codemodOutputs(/\.[cm]?js$/),
    `const { promisify } = require('util')
const execFile = promisify(require('child_process').execFile)
const pRetry = require('p-retry')
exports.handler = async () => pRetry(() => execFile('node_modules/.bin/prisma', ['migrate', 'deploy']), { retries: 5 })`,
    `import { execSync } from 'node:child_process'
export const handler = async () => execSync('npx prisma generate')`,
  ],
  invalid: [
    // As ESLint parses a .cjs file: `require` is a declared global there.
    {
      code: `const { execFile } = require('node:child_process')
exports.handler = async () => new Promise((resolve) => execFile('node_modules/.bin/prisma', ['migrate', 'deploy'], resolve))`,
      // (typescript-eslint's tester types omit `sourceType`; ESLint takes it.)
      languageOptions: { sourceType: 'commonjs' } as never,
      errors: [error(2, 56, 'prisma migrate deploy')],
    },
    // The LBHackney-style CommonJS runner.
    {
      code: `const {promisify} = require('util');
const exec = promisify(require('child_process').exec);

module.exports.handler = async () => {
    const output = await exec('node_modules/.bin/prisma db push --skip-generate');
    return output.stdout;
};`,
      errors: [error(5, 26, 'prisma db push')],
    },
    {
      code: fixture('js-cjs.input.cjs'),
      errors: [error(15, 5, 'prisma db push')],
    },
    {
      code: `const cp = require('node:child_process')
const path = require('path')
exports.handler = async function (event, context) {
  cp.execSync('node ' + path.resolve('node_modules/prisma/build/index.js') + ' migrate deploy', { stdio: 'inherit' })
}`,
      errors: [error(4, 3, 'prisma migrate deploy')],
    },
    {
      code: `import { execa } from 'execa'
export async function handler() {
  const { stdout } = await execa('npx', ['prisma', 'migrate', 'deploy'], { env: { ...process.env } })
  console.log(stdout)
}`,
      errors: [error(3, 28, 'prisma migrate deploy')],
    },
    {
      code: `const spawn = require('cross-spawn')
module.exports = { handler: async () => { spawn.sync('npx', ['prisma', 'migrate', 'deploy'], { stdio: 'inherit' }) } }`,
      errors: [error(2, 43, 'prisma migrate deploy')],
    },
  ],
});

// Without the setting, only Lambda code is checked.
auto.run('require-migration-retry (Lambda scope)', rule, {
  valid: [
    // A deploy script outside Lambda: retrying is its CI's business.
    `import { execSync } from 'child_process'
execSync('npx prisma migrate deploy', { stdio: 'inherit' })`,
    {
      code: `import type { Handler } from 'aws-lambda'
import { execSync } from 'child_process'
export const handler: Handler = async () => { execSync('npx prisma migrate deploy') }`,
      settings: { 'prisma-aurora-fix': { lambda: 'never' } },
    },
  ],
  invalid: [
    {
      code: `import type { Handler } from 'aws-lambda'
import { execSync } from 'child_process'
export const handler: Handler = async () => { execSync('npx prisma migrate deploy') }`,
      errors: [error(3, 47, 'prisma migrate deploy')],
    },
    {
      code: `import { execSync } from 'child_process'
export const main = async (event: unknown) => { execSync('npx prisma migrate deploy') }`,
      errors: [error(2, 49, 'prisma migrate deploy')],
    },
  ],
});
