import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { clearLocalCodeCache, localCodeOf } from '../../../analysis/lambda-scope/local-code.js';
import { filesRunByCommand } from '../../../analysis/lambda-scope/script-command.js';
import { fileTrees } from '../../support/file-tree.js';

const tree = fileTrees('local-code-');
beforeEach(() => clearLocalCodeCache());

describe('filesRunByCommand', () => {
  it.each([
    ['tsx scripts/reset.ts', ['scripts/reset.ts']],
    ['ts-node prisma/seed.ts', ['prisma/seed.ts']],
    ['node --loader ts-node/esm prisma/seed.ts', ['prisma/seed.ts']],
    ['node -r dotenv/config --import ./register.mjs scripts/migrate.mjs --dry', ['scripts/migrate.mjs']],
    ['dotenv -e .env.local -- tsx watch src/dev-server.ts', ['src/dev-server.ts']],
    ['prisma generate && ./node_modules/.bin/tsx "scripts/backfill.ts" input.json', ['scripts/backfill.ts']],
    ['bun run scripts/sync.ts; node tools/report.js', ['scripts/sync.ts', 'tools/report.js']],
    ['cross-env NODE_ENV=test npx ts-node-esm src/tools/export.cts', ['src/tools/export.cts']],
    // Node resolves an entry point without its extension as it resolves a require.
    [
      'node jobs/check-ids',
      ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '/index.js', '/index.ts'].map((suffix) => `jobs/check-ids${suffix}`),
    ],
  ])('%s runs %j', (command, files) => {
    expect(filesRunByCommand(command)).toEqual(files);
  });

  it.each([
    'next build',
    'sst deploy --stage prod',
    'prisma migrate deploy',
    'node --version',
    'tsc -p tsconfig.json',
    'vitest run src/db.test.ts',
    'node server',
  ])('%s runs no local file', (command) => {
    expect(filesRunByCommand(command)).toEqual([]);
  });
});

describe('localCodeOf', () => {
  it('finds tests by name and by folder, relative to the package', () => {
    const root = tree({ 'package.json': { name: 'api', dependencies: { '@types/aws-lambda': '8.10.0' } } });
    expect(localCodeOf(join(root, 'src/handler.test.ts'))?.kind).toBe('test');
    expect(localCodeOf(join(root, 'src/handler.spec.mjs'))?.kind).toBe('test');
    expect(localCodeOf(join(root, 'src/__tests__/db.ts'))?.kind).toBe('test');
    expect(localCodeOf(join(root, 'test/setup/prisma.ts'))?.reason).toBe('inside test/ (tests)');
    expect(localCodeOf(join(root, 'src/db/testUtil.ts'))?.kind).toBe('test');
    expect(localCodeOf(join(root, 'src/test-utils.ts'))?.kind).toBe('test');
    expect(localCodeOf(join(root, 'vitest.config.ts'))?.kind).toBe('test');
    expect(localCodeOf(join(root, 'jest.setup.js'))?.kind).toBe('test');
    for (const source of ['src/handler.ts', 'src/testimonials.ts', 'src/latest.ts', 'src/contest/entry.ts']) {
      expect(localCodeOf(join(root, source))).toBeUndefined();
    }
  });

  it('does not take a folder above the package for a test folder', () => {
    const root = tree({ 'test/checkout/package.json': { name: 'app' } });
    expect(localCodeOf(join(root, 'test/checkout/src/db.ts'))).toBeUndefined();
    expect(localCodeOf(join(root, 'test/checkout/test/db.ts'))?.kind).toBe('test');
  });

  it('finds seeds by name, folder and what prisma.seed names', () => {
    const root = tree({
      'package.json': { name: 'db', prisma: { seed: 'ts-node --transpile-only db/fill.ts' } },
    });
    expect(localCodeOf(join(root, 'prisma/seed.ts'))).toEqual({ kind: 'seed', reason: 'a seed file' });
    expect(localCodeOf(join(root, 'prisma/seed-users.js'))?.kind).toBe('seed');
    expect(localCodeOf(join(root, 'src/db/seedDatabase.ts'))?.kind).toBe('seed');
    expect(localCodeOf(join(root, 'src/db/seed/fakeData.ts'))?.reason).toBe('inside seed/ (seed code)');
    expect(localCodeOf(join(root, 'db/fill.ts'))).toEqual({ kind: 'seed', reason: 'the seed package.json prisma.seed runs' });
    expect(localCodeOf(join(root, 'src/seedling.ts'))).toBeUndefined();
  });

  it("finds the seed Prisma 7's prisma.config.ts names", () => {
    const root = tree({
      'package.json': { name: 'db' },
      'prisma.config.ts':
        "export default defineConfig({ migrations: { path: 'prisma/migrations', seed: 'tsx tools/load-fixtures.ts' } });\n",
    });
    expect(localCodeOf(join(root, 'tools/load-fixtures.ts'))?.kind).toBe('seed');
  });

  it('finds the files package.json scripts run, up to the repository root, but not the server start scripts', () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'package.json': { name: 'mono', workspaces: ['packages/*'], scripts: { 'db:backfill': 'tsx packages/api/tools/backfill.ts' } },
      'packages/api/package.json': {
        name: 'api',
        scripts: { 'db:reset': 'tsx scripts/reset.ts', start: 'node src/server.js', 'start:prod': 'node src/server.js', build: 'tsc' },
      },
    });
    expect(localCodeOf(join(root, 'packages/api/scripts/reset.ts'))).toEqual({
      kind: 'script',
      reason: 'run locally by package.json script "db:reset"',
    });
    expect(localCodeOf(join(root, 'packages/api/tools/backfill.ts'))?.reason).toBe('run locally by package.json script "db:backfill"');
    expect(localCodeOf(join(root, 'packages/api/src/server.js'))).toBeUndefined();
    expect(localCodeOf(join(root, 'packages/api/scripts/other.ts'))).toBeUndefined();
  });

  it('sees an edited package.json', () => {
    const root = tree({ 'package.json': { name: 'api', scripts: {} } });
    expect(localCodeOf(join(root, 'scripts/reset.ts'))).toBeUndefined();
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'api', scripts: { reset: 'tsx scripts/reset.ts' } }));
    // A coarse file system clock may keep the modification time: move it on by hand.
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'package.json'), later, later);
    expect(localCodeOf(join(root, 'scripts/reset.ts'))?.kind).toBe('script');
  });

  it('does not count a script that is also a Lambda handler (run locally and deployed)', () => {
    const root = tree({ 'package.json': { name: 'api', scripts: { migrate: 'tsx src/migrate.ts', seed: 'tsx prisma/fill.ts' } } });
    const path = join(root, 'src/migrate.ts');
    const handler = parseModule('export const handler = async () => { await run(); };\n', path).program;
    const plain = parseModule('await run();\n', path).program;
    expect(localCodeOf(path, handler)).toBeUndefined();
    expect(localCodeOf(path, plain)?.kind).toBe('script');
    // Tests and seeds stay local whatever they export: a test imports the handler's types.
    const test = join(root, 'src/migrate.test.ts');
    expect(localCodeOf(test, parseModule("import type { Handler } from 'aws-lambda';\n", test).program)?.kind).toBe('test');
  });
});

describe('localCodeOf and deployment configs', () => {
  it('a seed-named file a serverless.yml function points at is deployed, not local', () => {
    const root = tree({
      'package.json': { name: 'api', dependencies: { serverless: '3.0.0' } },
      'serverless.yml': 'service: api\nfunctions:\n  seed:\n    handler: src/handlers/seed.handler\n',
      'src/handlers/seed.ts': 'export const handler = async () => {}\n',
      'prisma/seed.ts': 'export {}\n',
    });
    expect(localCodeOf(join(root, 'src/handlers/seed.ts'))).toBeUndefined();
    expect(localCodeOf(join(root, 'prisma/seed.ts'))?.kind).toBe('seed');
  });
});
