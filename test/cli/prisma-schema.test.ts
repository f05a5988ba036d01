import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, gitStatus, makeRepo, removeTempDirs, runCli } from './support.js';

/**
 * The CLI on Prisma schema files: discovered beside the code, linted by the schema rule with
 * the same detection ESLint runs, fixed by add-binary-targets, a schema that does not parse
 * reported with its position, and a finding it cannot fix listed for a hand fix.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const SCHEMA = `generator client {
  provider = "prisma-client-js" // the classic generator
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`;

const project = (prisma: string, extra: Record<string, string> = {}): string =>
  makeRepo({
    'package.json': JSON.stringify({
      name: 'app',
      private: true,
      dependencies: { '@prisma/client': prisma },
      devDependencies: { serverless: '4.4.0' },
    }),
    'serverless.yml': 'service: app\nprovider:\n  name: aws\n  runtime: nodejs22.x\n  architecture: arm64\n',
    'prisma/schema.prisma': SCHEMA,
    ...extra,
  });

describe('prisma-aurora-fix on schema files', () => {
  it('--check reports the missing target at its line, and a fix adds it', () => {
    const dir = project('6.19.0');
    const check = runCli(['--check', '--json', '--no-eslint-config', '.'], dir);
    expect(check.status).toBe(1);
    const report = JSON.parse(check.stdout) as { files: { path: string; status: string; transforms: string[] }[] };
    expect(report.files.find((file) => file.path === 'prisma/schema.prisma')).toMatchObject({
      status: 'changed',
      transforms: ['add-binary-targets'],
    });

    const fix = runCli(['--no-eslint-config', '.'], dir);
    expect(fix.status, fix.stdout + fix.stderr).toBe(0);
    expect(readFileSync(join(dir, 'prisma/schema.prisma'), 'utf8')).toBe(
      SCHEMA.replace('// the classic generator\n', '// the classic generator\n  binaryTargets = ["native", "linux-arm64-openssl-3.0.x"]\n'),
    );
    expect(gitStatus(dir)).toBe(' M prisma/schema.prisma\n');
    // Fixed: a second run finds nothing.
    expect(runCli(['--check', '--no-eslint-config', '.'], dir).status).toBe(0);
  });

  it('lists a finding it cannot fix (a Prisma without OpenSSL 3 engines) as a hand fix, and fails --check', () => {
    const dir = project('3.6.0');
    const result = runCli(['--check', '--json', '--no-eslint-config', '.'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('predates the OpenSSL 3 engines');
    expect(gitStatus(dir)).toBe('');
  });

  it('leaves a Prisma 7 schema alone, and reports a schema that does not parse with its position', () => {
    const dir = project('7.1.0', { 'prisma/broken.prisma': 'generator client {\n  provider = "prisma-client-js"\n' });
    const result = runCli(['--check', '--json', '--no-eslint-config', '.'], dir);
    const report = JSON.parse(result.stdout) as { files: { path: string; status: string; line?: number; reason?: string }[] };
    expect(report.files.find((file) => file.path === 'prisma/schema.prisma')?.status).not.toBe('changed');
    expect(report.files.find((file) => file.path === 'prisma/broken.prisma')).toMatchObject({ status: 'failed', line: 3 });
  });
});
