import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import transform from '../../codemods/wrap-migration-runner.js';
import { DEFAULT_RUNTIME_IMPORT, runTransform } from '../../codemods/lib/transform.js';

/**
 * Runs migration handlers, before and after the transform, against a fake Prisma CLI that
 * cannot reach the database for its first N runs: the transformed handler must succeed where
 * the original failed, pass the CLI the same arguments, and fail the same way (same error
 * message, one attempt) when the failure is not a connection failure.
 */
const FIXTURES = join(import.meta.dirname, '../../fixtures/wrap-migration-runner');
const RUNTIME_INDEX = fileURLToPath(new URL('../../runtime/index.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const run = promisify(execFile);

const FAKE_PRISMA_CLI = `#!/usr/bin/env node
// A stand-in for node_modules/prisma/build/index.js: records its argv, then fails as Prisma
// does while the database is unreachable, fails a migration, or succeeds, per fake-prisma.json.
const fs = require('fs');
const path = require('path');
const state = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'fake-prisma.json'), 'utf8'));
const callsPath = path.join(process.cwd(), 'calls.json');
const calls = fs.existsSync(callsPath) ? JSON.parse(fs.readFileSync(callsPath, 'utf8')) : [];
calls.push(process.argv.slice(2));
fs.writeFileSync(callsPath, JSON.stringify(calls));
if (calls.length <= state.unreachableRuns) {
  process.stderr.write("Error: P1001: Can't reach database server at \`db.internal:5432\`\\n\\nPlease make sure your database server is running at \`db.internal:5432\`.\\n");
  process.exit(1);
}
if (state.outcome === 'migration-fails') {
  process.stderr.write('Error: P3018\\nA migration failed to apply. New migrations cannot be applied before the error is recovered from.\\n');
  process.exit(state.exitCode ?? 1);
}
process.stdout.write('The database is already in sync with the Prisma schema.\\n');
`;

const RUNNER = `
const { handler } = await import(process.argv[2]);
const context = { getRemainingTimeInMillis: () => 300_000 };
try {
  const value = await handler(JSON.parse(process.argv[3]), context);
  console.log('RESULT:' + JSON.stringify({ ok: true, value: value ?? null }));
} catch (error) {
  console.log('RESULT:' + JSON.stringify({ ok: false, message: error.message }));
}
`;

const tempRoot = mkdtempSync(join(tmpdir(), 'wrap-migration-runner-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));
let appCount = 0;

interface Scenario {
  unreachableRuns: number;
  outcome: 'ok' | 'migration-fails';
  /** The CLI's exit code when the migration fails (default 1, as Prisma's). */
  exitCode?: number;
}

/** A Lambda task root with the fake CLI, the handler source and the runner. */
function taskRoot(handlerSource: string, scenario: Scenario): string {
  appCount += 1;
  const root = join(tempRoot, `app-${appCount}`);
  mkdirSync(join(root, 'node_modules/prisma/build'), { recursive: true });
  mkdirSync(join(root, 'node_modules/.bin'), { recursive: true });
  writeFileSync(
    join(root, 'node_modules/prisma/package.json'),
    JSON.stringify({ name: 'prisma', type: 'commonjs', bin: { prisma: 'build/index.js' } }),
  );
  writeFileSync(join(root, 'node_modules/prisma/build/index.js'), FAKE_PRISMA_CLI);
  chmodSync(join(root, 'node_modules/prisma/build/index.js'), 0o755);
  symlinkSync('../prisma/build/index.js', join(root, 'node_modules/.bin/prisma'));
  writeFileSync(join(root, 'fake-prisma.json'), JSON.stringify(scenario));
  writeFileSync(join(root, 'handler.mts'), handlerSource.replaceAll(`'${DEFAULT_RUNTIME_IMPORT}'`, JSON.stringify(RUNTIME_INDEX)));
  writeFileSync(join(root, 'run.mts'), RUNNER);
  return root;
}

interface Outcome {
  result: { ok: true; value: unknown } | { ok: false; message: string };
  calls: string[][];
  /** What the handler process printed. */
  printed: string;
}

async function invoke(handlerSource: string, scenario: Scenario, event: unknown = {}): Promise<Outcome> {
  const root = taskRoot(handlerSource, scenario);
  const { stdout } = await run(process.execPath, ['--import', TSX, 'run.mts', './handler.mts', JSON.stringify(event)], {
    cwd: root,
    env: { ...process.env, LAMBDA_TASK_ROOT: root },
  });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('RESULT:'));
  if (line === undefined) throw new Error(`the handler printed no result:\n${stdout}`);
  return {
    result: JSON.parse(line.slice('RESULT:'.length)) as Outcome['result'],
    calls: JSON.parse(readFileSync(join(root, 'calls.json'), 'utf8')) as string[][],
    printed: stdout,
  };
}

async function transformed(name: string): Promise<{ before: string; after: string }> {
  const path = join(FIXTURES, name);
  const before = readFileSync(path, 'utf8');
  const after = await runTransform(transform, { path, source: before }, { runtimeImport: DEFAULT_RUNTIME_IMPORT });
  expect(after).toBeDefined();
  return { before, after: after! };
}

describe('the canonical migration runner (callback execFile in a Promise)', async () => {
  const { before, after } = await transformed('canonical-handler.input.ts');
  const event = { command: 'force' };
  const pushArgs = ['db', 'push', '--skip-generate', '--accept-data-loss'];

  it('fails while Aurora resumes before the transform, and succeeds after it with the same arguments', async () => {
    const original = await invoke(before, { unreachableRuns: 1, outcome: 'ok' }, event);
    expect(original.result).toEqual({ ok: false, message: 'db push failed with exit code 1' });
    expect(original.calls).toEqual([pushArgs]);

    const fixed = await invoke(after, { unreachableRuns: 1, outcome: 'ok' }, event);
    expect(fixed.result).toEqual({ ok: true, value: null });
    expect(fixed.calls).toEqual([pushArgs, pushArgs]);
  });

  it('keeps the exit handling for a failure a retry cannot fix: same error, one attempt', async () => {
    const original = await invoke(before, { unreachableRuns: 0, outcome: 'migration-fails' }, event);
    const fixed = await invoke(after, { unreachableRuns: 0, outcome: 'migration-fails' }, event);
    expect(original.result).toEqual({ ok: false, message: 'db push failed with exit code 1' });
    expect(fixed.result).toEqual(original.result);
    expect(fixed.calls).toEqual([pushArgs]);
  });

  it('behaves the same when the database is up', async () => {
    const original = await invoke(before, { unreachableRuns: 0, outcome: 'ok' }, {});
    const fixed = await invoke(after, { unreachableRuns: 0, outcome: 'ok' }, {});
    expect(fixed.result).toEqual(original.result);
    expect(fixed.calls).toEqual(original.calls);
    expect(fixed.calls).toEqual([['db', 'push', '--skip-generate']]);
  });
});

describe('a handler whose context parameter is `_`, shadowed by a Promise executor', async () => {
  const { before, after } = await transformed('shadowed-context.input.ts');
  const timesPrinted = (printed: string, line: string): number => printed.split('\n').filter((entry) => entry.includes(line)).length;

  it('hands the exit code to the callback as execFile did, not 1', async () => {
    const scenario: Scenario = { unreachableRuns: 0, outcome: 'migration-fails', exitCode: 3 };
    const original = await invoke(before, scenario);
    expect(original.result).toEqual({ ok: false, message: 'schema push exited with 3' });
    const fixed = await invoke(after, scenario);
    expect(fixed.result).toEqual(original.result);
  });

  it('prints the CLI output once, as the callback does, and retries an unreachable database', async () => {
    const original = await invoke(before, { unreachableRuns: 0, outcome: 'ok' });
    const fixed = await invoke(after, { unreachableRuns: 1, outcome: 'ok' });
    expect(fixed.result).toEqual({ ok: true, value: null });
    expect(fixed.calls).toHaveLength(2);
    const line = 'The database is already in sync with the Prisma schema.';
    expect(timesPrinted(original.printed, line)).toBe(1);
    expect(timesPrinted(fixed.printed, line)).toBe(1);
  });

  it('passes the context only where `_` still names it', () => {
    expect(after.match(/lambdaContext: _/g)).toHaveLength(1);
    expect(after.indexOf('lambdaContext: _')).toBeGreaterThan(after.indexOf('export const lambdaHandler'));
  });
});

describe('a promisified execFile of node_modules/.bin/prisma', async () => {
  const { before, after } = await transformed('run-twice.input.ts');

  it('is retried after the transform', async () => {
    const original = await invoke(before, { unreachableRuns: 1, outcome: 'ok' });
    expect(original.result).toMatchObject({ ok: false, message: expect.stringContaining("Can't reach database server") });
    const fixed = await invoke(after, { unreachableRuns: 1, outcome: 'ok' });
    expect(fixed.result).toEqual({ ok: true, value: null });
    expect(fixed.calls).toEqual([
      ['migrate', 'deploy'],
      ['migrate', 'deploy'],
    ]);
  });

  it('still rejects on a failed migration', async () => {
    const fixed = await invoke(after, { unreachableRuns: 0, outcome: 'migration-fails' });
    expect(fixed.result).toMatchObject({ ok: false, message: expect.stringContaining('P3018') });
    expect(fixed.calls).toHaveLength(1);
  });
});

describe('a shell line whose last && step is the migration', async () => {
  const source = `import { execSync } from 'node:child_process';

export const handler = async () => {
  execSync('node_modules/.bin/prisma generate && node_modules/.bin/prisma migrate deploy', { stdio: 'pipe' });
};
`;
  const after = (await runTransform(transform, { path: join(FIXTURES, 'chained.ts'), source }, { runtimeImport: DEFAULT_RUNTIME_IMPORT }))!;

  it('runs the same steps, and retries only the migration', async () => {
    expect(after).toContain(`execSync('node_modules/.bin/prisma generate', { stdio: 'pipe' });`);
    const original = await invoke(source, { unreachableRuns: 0, outcome: 'ok' });
    const fixed = await invoke(after, { unreachableRuns: 0, outcome: 'ok' });
    expect(fixed.result).toEqual(original.result);
    expect(fixed.calls).toEqual([['generate'], ['migrate', 'deploy']]);
    expect(fixed.calls).toEqual(original.calls);
  });

  it('stops after a failed earlier step, as && does', async () => {
    // The fake CLI's first run (generate) fails; neither line runs the migration then.
    const original = await invoke(source, { unreachableRuns: 1, outcome: 'ok' });
    const fixed = await invoke(after, { unreachableRuns: 1, outcome: 'ok' });
    expect(original.result).toMatchObject({ ok: false });
    expect(fixed.result).toMatchObject({ ok: false });
    expect(fixed.calls).toEqual([['generate']]);
    expect(original.calls).toEqual([['generate']]);
  });
});

describe('a shell line wrapped in withRetry', async () => {
  // Only the first statement of the fixture's handler: a shell line with `&&`.
  const source = `import { exec } from 'node:child_process';
import { promisify } from 'node:util';

const sh = promisify(exec);

export const handler = async () => {
  const { stdout } = await sh('cd . && node_modules/.bin/prisma migrate deploy');
  return stdout;
};
`;
  const after = (await runTransform(transform, { path: join(FIXTURES, 'shell.ts'), source }, { runtimeImport: DEFAULT_RUNTIME_IMPORT }))!;

  it('uses withRetry, which reads the unreachable database from the error, and keeps the result', async () => {
    expect(after).toContain('withRetry(() => sh(');
    const original = await invoke(source, { unreachableRuns: 1, outcome: 'ok' });
    expect(original.result).toMatchObject({ ok: false });
    const fixed = await invoke(after, { unreachableRuns: 1, outcome: 'ok' });
    expect(fixed.result).toEqual({ ok: true, value: 'The database is already in sync with the Prisma schema.\n' });
    expect(fixed.calls).toHaveLength(2);
  });
});

describe('what the transform leaves alone, and says why', () => {
  it.each([
    [
      'a spawn whose exit comes from events',
      `import { spawn } from 'child_process'\nexport const handler = () => new Promise((resolve) => spawn('npx', ['prisma', 'migrate', 'deploy']).on('exit', resolve))\n`,
      /exit is read from the child process's events/,
    ],
    [
      'a sync spawn outside an async function',
      `import { execSync } from 'child_process'\nexport function handler() { execSync('npx prisma migrate deploy') }\n`,
      /synchronously in a function that is not async/,
    ],
    [
      'a sync spawn at a CommonJS top level',
      `const { execSync } = require('child_process')\nexecSync('npx prisma migrate deploy', { stdio: 'inherit' })\nexports.handler = async () => 'ok'\n`,
      /at the module's top level/,
    ],
    [
      'a shell line whose stderr goes to the terminal',
      `import { execSync } from 'child_process'\nexport const handler = async () => { execSync('cd /app && npx prisma migrate deploy', { stdio: 'inherit' }) }\n`,
      /needs a shell.*stderr goes to the terminal/,
    ],
    [
      'a spawnSync on a shell line (it never throws, so withRetry cannot see the failure)',
      `import { spawnSync } from 'child_process'\nexport const handler = async () => spawnSync('sh', ['-c', 'npx prisma migrate deploy'])\n`,
      /spawnSync never throws/,
    ],
    [
      'options runMigration has no equivalent for',
      `import { execa } from 'execa'\nexport const handler = async () => execa('npx', ['prisma', 'migrate', 'deploy'], { stdio: 'inherit', timeout: 60000 })\n`,
      /`timeout` option has no runMigration equivalent.*stderr goes to the terminal/,
    ],
    [
      'an argv array changed after it is created (the rewrite would copy it as first written)',
      `import { spawnSync } from 'child_process'\nconst argv = ['prisma', 'migrate', 'deploy']\nexport const handler = async (event) => {\n  if (event.schema) argv.push('--schema', event.schema)\n  return spawnSync('npx', argv).status\n}\n`,
      /`argv`, an array the code changes after creating it.*spawnSync never throws/,
    ],
    [
      'a retried spawn',
      `import { execSync } from 'child_process'\nimport { withRetry } from 'prisma-aurora-fix/runtime'\nexport const handler = async () => withRetry(async () => execSync('npx prisma migrate deploy'))\n`,
      undefined,
    ],
  ])('%s', async (_label, source, reason) => {
    const reasons: string[] = [];
    const path = join(FIXTURES, source.includes('require(') ? 'left-alone.cjs' : 'left-alone.ts');
    const output = await runTransform(
      transform,
      { path, source },
      { runtimeImport: DEFAULT_RUNTIME_IMPORT, onSkip: (skipped) => reasons.push(skipped.reason) },
    );
    expect(output).toBeUndefined();
    if (reason === undefined) expect(reasons).toEqual([]);
    else expect(reasons).toEqual([expect.stringMatching(reason)]);
  });
});

it('keeps an argv array changed after it is created as written, inside withRetry', async () => {
  const source = `import { execFileSync } from 'child_process'\nconst argv = ['prisma', 'migrate', 'deploy']\nexport const handler = async (event) => {\n  if (event.schema) argv.push('--schema', event.schema)\n  execFileSync('npx', argv)\n}\n`;
  const output = await runTransform(transform, { path: join(FIXTURES, 'argv.ts'), source }, { runtimeImport: DEFAULT_RUNTIME_IMPORT });
  expect(output).toContain(`await withRetry(async () => execFileSync('npx', argv), {`);
  expect(output).not.toContain('runMigration');
});

it("writes withRetry's options in the file's quote style", async () => {
  const source = `import { exec } from "child_process";\nimport { promisify } from "util";\nconst sh = promisify(exec);\nexport const handler = async () => {\n  await sh("cd /app && npx prisma migrate deploy");\n};\n`;
  const output = await runTransform(transform, { path: join(FIXTURES, 'quotes.ts'), source }, { runtimeImport: DEFAULT_RUNTIME_IMPORT });
  expect(output).toContain('jitter: "none"');
  expect(output).not.toMatch(/'/);
});

describe('imports', () => {
  const runOn = (source: string, path = 'handler.ts', runtimeImport = DEFAULT_RUNTIME_IMPORT) =>
    runTransform(transform, { path: join(FIXTURES, path), source }, { runtimeImport });

  it('reuses an aliased import of runMigration', async () => {
    const output = await runOn(`import { execSync } from 'child_process'
import { runMigration as migrate } from 'prisma-aurora-fix/runtime'
export const handler = async () => {
  execSync('npx prisma migrate deploy')
}
export const other = () => migrate
`);
    expect(output).toBe(`import { runMigration as migrate } from 'prisma-aurora-fix/runtime'
export const handler = async () => {
  await migrate({ command: ['npx', 'prisma'], args: ['migrate', 'deploy'], logOutput: false })
}
export const other = () => migrate
`);
  });

  it('avoids a name the file already uses', async () => {
    const output = await runOn(`import { execSync } from 'child_process'
const runMigration = 'not ours'
export const handler = async () => {
  execSync('npx prisma migrate deploy')
  return runMigration
}
`);
    expect(output).toContain(`import { runMigration as runMigration2 } from 'prisma-aurora-fix/runtime'`);
    expect(output).toContain(
      `  await runMigration2({ command: ['npx', 'prisma'], args: ['migrate', 'deploy'], logOutput: false })\n  return runMigration\n`,
    );
  });

  it('adds to an existing require of the runtime, and requires in CommonJS', async () => {
    expect(
      await runOn(
        `const { execSync } = require('child_process')
const { withRetry } = require('./vendor/aurora-retry.cjs')
exports.handler = async () => {
  execSync('npx prisma migrate deploy')
  return withRetry
}
`,
        'handler.cjs',
        './vendor/aurora-retry.cjs',
      ),
    ).toBe(`const { withRetry, runMigration } = require('./vendor/aurora-retry.cjs')
exports.handler = async () => {
  await runMigration({ command: ['npx', 'prisma'], args: ['migrate', 'deploy'], logOutput: false })
  return withRetry
}
`);
  });

  it('removes a default child_process import and what was read from it once unused', async () => {
    const output = await runOn(`import cp from 'child_process'
const { execSync } = cp
export const handler = async () => {
  execSync('npx prisma migrate deploy')
}
`);
    expect(output).toBe(`import { runMigration } from 'prisma-aurora-fix/runtime'
export const handler = async () => {
  await runMigration({ command: ['npx', 'prisma'], args: ['migrate', 'deploy'], logOutput: false })
}
`);
  });

  it('keeps a default child_process import still used elsewhere', async () => {
    const output = await runOn(`import cp from 'child_process'
const { execSync } = cp
export const handler = async () => {
  execSync('npx prisma migrate deploy')
  return cp.execFileSync('git', ['rev-parse', 'HEAD'])
}
`);
    expect(output).toContain(`import cp from 'child_process'\n`);
    expect(output).not.toContain('const { execSync } = cp');
  });

  it('keeps a used child_process import and the rest of a shared one', async () => {
    const output = await runOn(`import { execSync, execFileSync } from 'child_process'
export const handler = async () => {
  execSync('npx prisma migrate deploy')
  return execFileSync('git', ['rev-parse', 'HEAD'])
}
`);
    expect(output).toBe(`import { execFileSync } from 'child_process'
import { runMigration } from 'prisma-aurora-fix/runtime'
export const handler = async () => {
  await runMigration({ command: ['npx', 'prisma'], args: ['migrate', 'deploy'], logOutput: false })
  return execFileSync('git', ['rev-parse', 'HEAD'])
}
`);
  });
});

describe('wrap-migration-runner on a Prisma below the runtime peer range', () => {
  const source = `import { execSync } from 'node:child_process';\nexport const handler = async () => {\n  execSync('npx prisma migrate deploy', { stdio: 'inherit' });\n};\n`;
  const project = (prisma: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'paf-wrap-old-prisma-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { '@prisma/client': prisma } }));
    return dir;
  };

  it('leaves the spawn with the way out (--vendor) instead of importing a package that cannot install', async () => {
    const dir = project('3.6.0');
    const skipped: string[] = [];
    const path = join(dir, 'migrate.ts');
    expect(
      await runTransform(
        transform,
        { path, source },
        { runtimeImport: DEFAULT_RUNTIME_IMPORT, onSkip: (finding) => skipped.push(finding.reason) },
      ),
    ).toBeUndefined();
    expect(skipped).toEqual([expect.stringContaining('rerun with --vendor')]);
    // A vendored copy needs no install: the wrap goes in.
    expect(await runTransform(transform, { path, source }, { runtimeImport: './aurora-retry.js' })).toContain("from './aurora-retry.js'");
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the import on Prisma 6', async () => {
    const dir = project('^6.6.0');
    expect(await runTransform(transform, { path: join(dir, 'migrate.ts'), source }, { runtimeImport: DEFAULT_RUNTIME_IMPORT })).toContain(
      'runMigration(',
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
