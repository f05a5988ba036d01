import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report.js';
import { createPrismaTypeChecker } from '../support/prisma-client-types.js';
import { lintWithRecommended } from './demo-support.js';
import { REPO_ROOT, ensureBuilt, git, gitStatus, makeTempDir, removeTempDirs, runCli } from './support.js';

/**
 * The promise the project exists for (issue 12): one run over a project shaped like the AWS
 * starter kit before PR #121 (fixtures/starter-kit, written for this project) reaches that
 * PR's end state for all three hazards (and lists the cluster's missing idle-session timeout for a
 * hand fix); then ESLint with the recommended config is clean,
 * `--check` is clean, and the fixed TypeScript compiles against a real generated Prisma 6
 * client, its callers included.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const FIXTURE = join(REPO_ROOT, 'fixtures/starter-kit');

function prepare(): string {
  const dir = makeTempDir('prisma-aurora-fix-starter-kit-');
  cpSync(FIXTURE, dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'before PR #121');
  return dir;
}

const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');

describe('fixtures/starter-kit: PR #121 in one run', () => {
  it('fixes the credential log, the missing retry and the migration, and the connection options; lint, --check and types clean after', async () => {
    const dir = prepare();
    const findingsBefore = await lintWithRecommended(dir);
    const rulesBefore = new Set(findingsBefore.map((line) => line.split(' ')[1]));
    for (const rule of [
      'prisma-aurora-fix/no-database-url-logging',
      'prisma-aurora-fix/require-retry-extension',
      'prisma-aurora-fix/require-migration-retry',
      'prisma-aurora-fix/require-connection-params',
      'prisma-aurora-fix/require-idle-session-timeout',
    ]) {
      expect(rulesBefore, `${rule} reports the kit before the fix`).toContain(rule);
    }

    const fix = runCli(['--json'], dir);
    const report = JSON.parse(fix.stdout) as Report;
    expect(fix.status, fix.stdout + fix.stderr).toBe(0);
    expect(
      report.files
        .filter((file) => file.status === 'changed')
        .map((file) => file.path)
        .sort(),
    ).toEqual(['cdk/lib/constructs/database.ts', 'webapp/src/jobs/migration-runner.ts', 'webapp/src/lib/prisma.ts']);

    // 1. No credential in the logs; 2. a retry extension, the client still a PrismaClient.
    const prismaModule = read(dir, 'webapp/src/lib/prisma.ts');
    expect(prismaModule).not.toContain('console.log(process.env.DATABASE_URL)');
    expect(prismaModule).not.toContain("'query'");
    expect(prismaModule).toContain('.$extends(auroraRetry()) as unknown as PrismaClient');
    // 3. The migration is retried while the database resumes, the command kept.
    const migration = read(dir, 'webapp/src/jobs/migration-runner.ts');
    expect(migration).toMatch(/\brunMigration\(/);
    expect(migration).toMatch(/'db',\s*'push',\s*'--skip-generate'/);
    // The connection options: the one constant both uses read, rewritten in place.
    const database = read(dir, 'cdk/lib/constructs/database.ts');
    const option = /const option = '\?([^']*)'/.exec(database)?.[1];
    expect(option, 'the `option` constant is kept and rewritten').toBeDefined();
    const params = new URLSearchParams(option);
    expect(params.get('connection_limit')).toBe('1');
    expect(Number(params.get('connect_timeout'))).toBeGreaterThanOrEqual(30);
    expect(database).toContain('DATABASE_OPTION: option,');
    expect(database).toContain('/${databaseName}${option}`');

    // 4. Two hand fixes, listed until a human applies them: the cluster pauses at 0 ACU on the
    // default parameter group (issue 15), so idle Lambda connections keep it up; and the URL has
    // no query bound, whose value depends on the slowest query (the kit's config chooses none).
    const left = await lintWithRecommended(dir);
    expect(left.map((line) => line.split(' ')[1]).sort()).toEqual([
      'prisma-aurora-fix/require-idle-session-timeout',
      'prisma-aurora-fix/require-query-timeout',
    ]);
    expect(left.every((line) => line.startsWith('cdk/lib/constructs/database.ts:'))).toBe(true);
    writeFileSync(
      join(dir, 'cdk/lib/constructs/database.ts'),
      database
        .replace("defaultDatabaseName: 'main',", "defaultDatabaseName: 'main',\n      parameters: { idle_session_timeout: '60000' },")
        .replace(/const option = '([^']*)'/, "const option = '$1&socket_timeout=10'"),
    );

    expect(await lintWithRecommended(dir)).toEqual([]);
    const check = runCli(['--check', '--json'], dir);
    expect(check.status, check.stdout).toBe(0);
    expect((JSON.parse(check.stdout) as Report).totals).toMatchObject({ changed: 0, failed: 0 });

    // Against a real generated Prisma 6 client: the fixed module and its callers compile.
    const checker = await createPrismaTypeChecker(6);
    const results = checker.check(
      ['prisma.ts', 'todo-repository.ts'].map((fileName) => ({ fileName, code: read(dir, `webapp/src/lib/${fileName}`) })),
    );
    for (const [fileName, result] of results) expect(result.diagnostics, fileName).toEqual([]);

    const before = gitStatus(dir);
    expect(runCli([], dir).status).toBe(0);
    expect(gitStatus(dir), 'a second run changes nothing').toBe(before);
  }, 300_000);
});
