import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../rules/registry.js';
import { createUserProject, ROOT, runProcess, type UserProject } from './user-project.js';

/**
 * The packed package, installed in a user's project, does what the README says from there:
 * its three entry points load (ESM, and CommonJS through Node's require(esm)), the runtime
 * loads with no dependency installed at all, and the CLI's --vendor finds the runtime sources
 * it copies.
 */

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const projects: UserProject[] = [];
let installed: UserProject;
let bare: UserProject;

const HANDLER = `import type { Handler } from 'aws-lambda';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const handler: Handler = async () => prisma.note.count();
`;

beforeAll(async () => {
  installed = await createUserProject({ git: true, devDependencies: ['eslint'], files: { 'src/handler.ts': HANDLER } });
  bare = await createUserProject({ withoutDependencies: true });
  projects.push(installed, bare);
}, 120_000);

afterAll(() => {
  for (const project of projects) project.remove();
});

const nodeEval = (project: UserProject, code: string, type: 'module' | 'commonjs' = 'module') =>
  runProcess(process.execPath, [`--input-type=${type}`, '--eval', code], project.dir);

describe('the installed package', { timeout: 180_000 }, () => {
  it('answers --version and --help through npx', async () => {
    const versionResult = await installed.sh('npx prisma-aurora-fix --version');
    expect(versionResult.code, versionResult.output).toBe(0);
    expect(versionResult.stdout).toBe(`${version}\n`);
    const help = await installed.sh('npx prisma-aurora-fix --help');
    expect(help.code, help.output).toBe(0);
    expect(help.stdout).toMatch(/^Usage: prisma-aurora-fix/);
  });

  it('loads the ESLint plugin and the runtime as ES modules', async () => {
    const result = await nodeEval(
      installed,
      `const plugin = (await import('prisma-aurora-fix/eslint-plugin')).default;
       const runtime = await import('prisma-aurora-fix/runtime');
       console.log(JSON.stringify({
         name: plugin.meta.name,
         rules: Object.keys(plugin.rules).length,
         recommended: Array.isArray(plugin.configs.recommended),
         runtime: ['auroraRetry', 'withRetry', 'isTransientConnectionError', 'runMigration'].map((name) => typeof runtime[name]),
       }));`,
    );
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      name: 'prisma-aurora-fix',
      rules: RULE_IDS.length,
      recommended: true,
      runtime: ['function', 'function', 'function', 'function'],
    });
  });

  it('loads the runtime from CommonJS (a Lambda handler written with require)', async () => {
    const result = await nodeEval(
      installed,
      `const { isTransientConnectionError } = require('prisma-aurora-fix/runtime');
       console.log(isTransientConnectionError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), isTransientConnectionError(new Error('x')));`,
      'commonjs',
    );
    expect(result.code, result.output).toBe(0);
    expect(result.stdout.trim()).toBe('true false');
  });

  it('loads the runtime with none of the package dependencies installed', async () => {
    const result = await nodeEval(
      bare,
      `const runtime = await import('prisma-aurora-fix/runtime'); console.log(typeof runtime.auroraRetry);`,
    );
    expect(result.code, result.output).toBe(0);
    expect(result.stdout.trim()).toBe('function');
    const plugin = await nodeEval(bare, `await import('prisma-aurora-fix/eslint-plugin');`);
    expect(plugin.code, 'the control: the plugin does need its dependencies').not.toBe(0);
  });

  it('vendors the runtime from the files it ships', async () => {
    await installed.git('add', '-A');
    await installed.git('commit', '--quiet', '-m', 'initial');
    const result = await installed.sh('npx prisma-aurora-fix --vendor');
    expect(result.code, result.output).toBe(0);
    expect(installed.read('src/handler.ts')).toMatch(/from '\.\/aurora-retry(\.js)?'/);
    const vendored = installed.read('src/aurora-retry.ts');
    expect(vendored).toContain(`prisma-aurora-fix runtime ${version}`);
    expect(vendored).toMatch(/export (async )?function (auroraRetry|withRetry)/);
  });
});
