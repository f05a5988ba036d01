import type { TSESTree } from '@typescript-eslint/utils';
import { analyze } from 'eslint-scope';
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import type { ScopeManager } from '../../../analysis/ast/scope.js';
import { findMigrationSpawns, type CommandPiece, type MigrationSpawn, type PrismaArgs } from '../../../analysis/migration-spawn/index.js';
import { mayContainMigrationSpawn } from '../../../analysis/text-gates.js';

/** A spawn as text: every range replaced by the source it covers, so expectations read like code. */
function readable(code: string, spawn: MigrationSpawn) {
  const text = (range: readonly [number, number] | undefined) => (range === undefined ? undefined : code.slice(range[0], range[1]));
  const piece = (p: CommandPiece) =>
    'source' in p
      ? `${p.spread ? '...' : ''}${text(p.source)}`
      : 'nodeBinary' in p
        ? '<node>'
        : p.template.map((part) => (typeof part === 'string' ? part : `\${${text(part.range)}}`)).join('');
  const args = (a: PrismaArgs | undefined) =>
    a === undefined
      ? undefined
      : 'verbatim' in a
        ? { verbatim: text(a.verbatim) }
        : { items: a.items.map(piece), concat: a.concat.map((range) => text(range)) };
  return {
    call: text(spawn.range),
    api: spawn.api,
    exit: spawn.exit,
    command: spawn.command,
    launcher: spawn.launcher,
    launcherOptions: spawn.launcherOptions,
    launch: spawn.launch?.map(piece),
    args: args(spawn.args),
    usesShell: spawn.usesShell,
    options: text(spawn.options),
    callback: text(spawn.callback),
    retry: spawn.retry === undefined ? undefined : { kind: spawn.retry.kind, at: text(spawn.retry.range)!.split('\n')[0] },
  };
}

function detect(code: string, path = 'handler.ts') {
  return findMigrationSpawns(parseModule(code, path)).map((spawn) => readable(code, spawn));
}

describe('findMigrationSpawns', () => {
  it('reads the canonical runner: callback execFile of the CLI entry point with concatenated args', () => {
    const code = `import { execFile } from 'child_process'
import path from 'path'
export const handler = async (event: { options?: string[] }) => {
  const options = event.options ?? []
  const exitCode = await new Promise((resolve) => {
    execFile(path.resolve('./node_modules/prisma/build/index.js'), ['db', 'push', '--skip-generate'].concat(options), (error, stdout) => {
      console.log(stdout)
      resolve(error ? error.code ?? 1 : 0)
    })
  })
  if (exitCode !== 0) throw new Error('db push failed')
}`;
    expect(detect(code)).toEqual([
      {
        call: expect.stringMatching(/^execFile\(path\.resolve/),
        api: 'execFile',
        exit: 'callback',
        command: 'db push',
        launcher: 'prisma-cli-js',
        launcherOptions: false,
        launch: ["path.resolve('./node_modules/prisma/build/index.js')"],
        args: { verbatim: "['db', 'push', '--skip-generate'].concat(options)" },
        usesShell: false,
        options: undefined,
        callback: expect.stringMatching(/^\(error, stdout\) => \{/),
        retry: undefined,
      },
    ]);
  });

  it('reads shell lines: the Prisma words become items, with run-time parts', () => {
    const code = `import { execSync } from 'node:child_process'
export const handler = async () => {
  execSync(\`npx prisma migrate deploy --schema \${process.env.SCHEMA}\`, { stdio: 'inherit' })
}`;
    expect(detect(code)).toEqual([
      expect.objectContaining({
        api: 'execSync',
        exit: 'sync',
        command: 'migrate deploy',
        launcher: 'package-runner',
        launch: ['npx', 'prisma'],
        args: { items: ['migrate', 'deploy', '--schema', '${process.env.SCHEMA}'], concat: [] },
        usesShell: false,
        options: "{ stdio: 'inherit' }",
      }),
    ]);
  });

  it('marks lines that need a shell, and keeps no argv for them', () => {
    const code = `const { exec } = require('child_process')
exports.handler = (event, context, callback) => {
  exec('cd /var/task && DEBUG=* npx prisma migrate deploy 2>&1', (error, stdout) => callback(error, stdout))
}`;
    expect(detect(code, 'handler.js')).toEqual([
      expect.objectContaining({
        api: 'exec',
        exit: 'callback',
        command: 'migrate deploy',
        usesShell: true,
        launch: undefined,
        args: undefined,
      }),
    ]);
  });

  it('reads node launchers: process.execPath, fork, execaNode, and node flags', () => {
    const code = `import { spawn, fork } from 'child_process'
import { execaNode } from 'execa'
const cli = require.resolve('prisma')
export const handler = async () => {
  spawn(process.execPath, [cli, 'migrate', 'deploy', ...extra])
  fork('node_modules/prisma/build/index.js', ['db', 'push'])
  await execaNode(cli, ['migrate', 'deploy'])
  spawn('node', ['--max-old-space-size=256', cli, 'migrate', 'deploy'])
}
declare const extra: string[]`;
    expect(
      detect(code).map(({ api, exit, launcher, launcherOptions, launch, args }) => ({
        api,
        exit,
        launcher,
        launcherOptions,
        launch,
        args,
      })),
    ).toEqual([
      {
        api: 'spawn',
        exit: 'child-process',
        launcher: 'node',
        launcherOptions: false,
        launch: ['process.execPath', 'cli'],
        args: { items: ["'migrate'", "'deploy'", '...extra'], concat: [] },
      },
      {
        api: 'fork',
        exit: 'child-process',
        launcher: 'node',
        launcherOptions: false,
        launch: ['<node>', "'node_modules/prisma/build/index.js'"],
        args: { verbatim: "['db', 'push']" },
      },
      {
        api: 'execaNode',
        exit: 'promise',
        launcher: 'node',
        launcherOptions: false,
        launch: ['<node>', 'cli'],
        args: { verbatim: "['migrate', 'deploy']" },
      },
      {
        api: 'spawn',
        exit: 'child-process',
        launcher: 'node',
        launcherOptions: true,
        launch: ["'node'", "'--max-old-space-size=256'", 'cli'],
        args: { items: ["'migrate'", "'deploy'"], concat: [] },
      },
    ]);
  });

  it('reads package runners, with and without options that change the Prisma version', () => {
    const code = `import { execa } from 'execa'
export const handler = async () => {
  await execa('npx', ['--yes', 'prisma', 'migrate', 'deploy'])
  await execa('npx', ['prisma@5.22.0', 'migrate', 'deploy'])
  await execa('pnpm', ['--filter', 'api', 'exec', 'prisma', 'db', 'push'])
  await execa('npm', ['exec', 'prisma', '--', 'migrate', 'deploy'])
  await execa('yarn', ['prisma', 'migrate', 'reset', '--force'])
  await execa('bunx', ['prisma', 'db', 'execute', '--file', 'x.sql'])
}`;
    expect(detect(code).map(({ command, launcherOptions, launch, args }) => ({ command, launcherOptions, launch, args }))).toEqual([
      {
        command: 'migrate deploy',
        launcherOptions: false,
        launch: ["'npx'", "'--yes'", "'prisma'"],
        args: { items: ["'migrate'", "'deploy'"], concat: [] },
      },
      {
        command: 'migrate deploy',
        launcherOptions: true,
        launch: ["'npx'", "'prisma@5.22.0'"],
        args: { items: ["'migrate'", "'deploy'"], concat: [] },
      },
      {
        command: 'db push',
        launcherOptions: true,
        launch: ["'pnpm'", "'--filter'", "'api'", "'exec'", "'prisma'"],
        args: { items: ["'db'", "'push'"], concat: [] },
      },
      {
        command: 'migrate deploy',
        launcherOptions: false,
        launch: ["'npm'", "'exec'", "'prisma'", "'--'"],
        args: { items: ["'migrate'", "'deploy'"], concat: [] },
      },
      {
        command: 'migrate reset',
        launcherOptions: false,
        launch: ["'yarn'", "'prisma'"],
        args: { items: ["'migrate'", "'reset'", "'--force'"], concat: [] },
      },
      {
        command: 'db execute',
        launcherOptions: false,
        launch: ["'bunx'", "'prisma'"],
        args: { items: ["'db'", "'execute'", "'--file'", "'x.sql'"], concat: [] },
      },
    ]);
  });

  it('follows constants, path helpers and URL paths to the CLI', () => {
    const code = `import { execFileSync } from 'child_process'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
const ROOT = process.env.LAMBDA_TASK_ROOT ?? '/var/task'
const CLI = path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js')
const ESM_CLI = fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url))
const DEPLOY = ['migrate', 'deploy']
export const handler = async () => {
  execFileSync(CLI, DEPLOY)
  execFileSync(ESM_CLI, DEPLOY, { env: { ...process.env, DATABASE_URL: 'x' } })
  execFileSync(\`\${ROOT}/node_modules/.bin/prisma\`, ['db', 'push'])
}`;
    expect(detect(code).map(({ launch, args, options, launcher }) => ({ launch, args, options, launcher }))).toEqual([
      { launch: ['CLI'], args: { verbatim: 'DEPLOY' }, options: undefined, launcher: 'prisma-cli-js' },
      {
        launch: ['ESM_CLI'],
        args: { verbatim: 'DEPLOY' },
        options: "{ env: { ...process.env, DATABASE_URL: 'x' } }",
        launcher: 'prisma-cli-js',
      },
      { launch: ['`${ROOT}/node_modules/.bin/prisma`'], args: { verbatim: "['db', 'push']" }, options: undefined, launcher: 'prisma-bin' },
    ]);
  });

  it('reads execa and zx template tags; interpolations leave no fixed argv', () => {
    const code = `import { $ as zx } from 'zx'
import { $ } from 'execa'
export const handler = async (schema: string) => {
  await $\`npx prisma migrate deploy\`
  await $({ env: { DEBUG: '1' } })\`prisma db push --schema \${schema}\`
  await zx\`npx prisma migrate deploy\`
  $.sync\`npx prisma migrate deploy\`
}`;
    expect(
      detect(code).map(({ api, exit, command, args, options, usesShell }) => ({ api, exit, command, args, options, usesShell })),
    ).toEqual([
      {
        api: '$',
        exit: 'promise',
        command: 'migrate deploy',
        args: { items: ['migrate', 'deploy'], concat: [] },
        options: undefined,
        usesShell: false,
      },
      { api: '$', exit: 'promise', command: 'db push', args: undefined, options: "{ env: { DEBUG: '1' } }", usesShell: true },
      {
        api: '$',
        exit: 'promise',
        command: 'migrate deploy',
        args: { items: ['migrate', 'deploy'], concat: [] },
        options: undefined,
        usesShell: false,
      },
      {
        api: '$.sync',
        exit: 'sync',
        command: 'migrate deploy',
        args: { items: ['migrate', 'deploy'], concat: [] },
        options: undefined,
        usesShell: false,
      },
    ]);
  });

  it('resolves every way child_process is imported', () => {
    const code = `import cp from 'child_process'
import * as ns from 'node:child_process'
import { execSync as run } from 'child_process'
import util, { promisify } from 'util'
const { exec: shell } = require('child_process')
const execFileSync = require('child_process').execFileSync
const execAsync = util.promisify(ns.exec)
const execFileAsync = promisify(require('node:child_process').execFile)
export const handler = async () => {
  cp.execSync('npx prisma migrate deploy')
  ns['spawnSync']('npx', ['prisma', 'migrate', 'deploy'])
  run('npx prisma migrate deploy')
  shell('npx prisma migrate deploy', () => {})
  execFileSync('npx', ['prisma', 'migrate', 'deploy'])
  await execAsync('npx prisma migrate deploy')
  await execFileAsync('npx', ['prisma', 'migrate', 'deploy'])
  const { execSync } = await import('node:child_process')
  execSync('npx prisma migrate deploy')
}`;
    expect(detect(code).map(({ api, exit }) => `${api}:${exit}`)).toEqual([
      'execSync:sync',
      'spawnSync:sync',
      'execSync:sync',
      'exec:callback',
      'execFileSync:sync',
      'exec:promise',
      'execFile:promise',
      'execSync:sync',
    ]);
  });

  it('reports the retry around a spawn and where it is', () => {
    const code = `import { execFile } from 'child_process'
import { promisify } from 'util'
import { withRetry } from 'prisma-aurora-fix/runtime'
const run = promisify(execFile)
const push = () => run('node_modules/prisma/build/index.js', ['db', 'push'])
export const a = async () => withRetry(push)
export const b = async () => {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await run('npx', ['prisma', 'migrate', 'deploy']) } catch { await new Promise((r) => setTimeout(r, 3000)) }
  }
}
export const c = async () => withRetry(async () => { await run('npx', ['prisma', 'migrate', 'reset']) })`;
    expect(detect(code).map(({ command, retry }) => ({ command, retry }))).toEqual([
      { command: 'db push', retry: { kind: 'wrapper', at: 'withRetry(push)' } },
      { command: 'migrate deploy', retry: { kind: 'loop', at: 'for (let attempt = 0; attempt < 5; attempt++) {' } },
      {
        command: 'migrate reset',
        retry: { kind: 'wrapper', at: "withRetry(async () => { await run('npx', ['prisma', 'migrate', 'reset']) })" },
      },
    ]);
  });

  it('works on eslint-scope, the scope manager of plain JavaScript', async () => {
    const espree = await import('espree');
    const code = `const { execFile } = require('child_process')
exports.handler = async () => new Promise((resolve, reject) => {
  execFile('node_modules/.bin/prisma', ['migrate', 'deploy'], (error) => (error ? reject(error) : resolve()))
})`;
    const ast = espree.parse(code, { ecmaVersion: 'latest', sourceType: 'script', range: true, loc: true });
    const scopeManager = analyze(ast as never, { ecmaVersion: 2022, sourceType: 'script' });
    const spawns = findMigrationSpawns({
      program: ast as unknown as TSESTree.Program,
      scopeManager: scopeManager as unknown as ScopeManager,
      sourceText: code,
    });
    expect(spawns.map((spawn) => readable(code, spawn))).toEqual([
      expect.objectContaining({
        api: 'execFile',
        exit: 'callback',
        command: 'migrate deploy',
        launcher: 'prisma-bin',
        launch: ["'node_modules/.bin/prisma'"],
      }),
    ]);
  });

  it('finds nothing where nothing runs a migration', () => {
    expect(detect(`import { execSync } from 'child_process'\nexecSync('npx prisma generate')\nexecSync('npx tsc')`)).toEqual([]);
    expect(detect(`const execSync = (s: string) => s\nexecSync('npx prisma migrate deploy')`)).toEqual([]);
  });

  it('pre-filters by text', () => {
    expect(mayContainMigrationSpawn("import { PrismaClient } from '@prisma/client'")).toBe(false);
    expect(mayContainMigrationSpawn("import { execSync } from 'child_process'\nexecSync('ls')")).toBe(false);
    expect(mayContainMigrationSpawn("import { execSync } from 'child_process'\nexecSync('npx prisma migrate deploy')")).toBe(true);
    expect(mayContainMigrationSpawn("import { $ } from 'zx'\nawait $`npx prisma migrate deploy`")).toBe(true);
  });
});
