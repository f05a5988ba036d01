import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeRepo, removeTempDirs, runCli } from './support.js';

/**
 * The CLI checks and fixes `.env` lines through the rules' own detections: the value is edited
 * as text (quotes, comments and the other lines' endings byte-equal), a value it cannot show
 * safe to edit is listed, and no password it read reaches the terminal or the JSON report.
 */

const PLANTED = 'Planted-Pa55word-9';

const ENV = [
  '# database',
  `DB_PASSWORD=${PLANTED}\r`,
  "DATABASE_OPTION='' # joined below",
  'DATABASE_URL="postgresql://app:${DB_PASSWORD}@${DB_HOST}:5432/app${DATABASE_OPTION}"',
  `REPORTING_DATABASE_URL=postgres://report:${PLANTED}@db.example.com/report?connection_limit=5 # replica\r`,
  'AUDIT_DATABASE_URL=postgresql://audit:x@db.example.com/audit${AUDIT_SUFFIX}',
  `LEGACY_DATABASE_URL=postgres://legacy:${PLANTED}@db.example.com/legacy?sslmode=disable&connection_limit=1&connect_timeout=30`,
  '',
].join('\n');

beforeAll(() => ensureBuilt());
afterAll(() => removeTempDirs());

describe('prisma-aurora-fix on dotenv files', () => {
  it('fixes the connection parameters in place and leaves every other byte as it was', () => {
    const dir = makeRepo({ '.env': ENV, '.env.test': ENV });
    const result = runCli(['.'], dir);
    expect(result.status).toBe(0);
    const fixed = readFileSync(join(dir, '.env'), 'utf8');
    expect(fixed).toBe(
      ENV.replace("DATABASE_OPTION=''", "DATABASE_OPTION='?connection_limit=1&connect_timeout=30'").replace(
        'report?connection_limit=5',
        'report?connection_limit=1&connect_timeout=30',
      ),
    );
    // A local-only file gets no Lambda advice.
    expect(readFileSync(join(dir, '.env.test'), 'utf8')).toBe(ENV);
    // sslmode needs a server that accepts TLS: listed for a hand fix, in both files.
    expect(result.stdout).toMatch(/hand fix\s+\.env:7:\d+\s+no-sslmode-disable/);
    expect(result.stdout).toMatch(/hand fix\s+\.env\.test:7:\d+\s+no-sslmode-disable/);
  });

  it('never prints a password it read, in the diff or in --json', () => {
    const dir = makeRepo({ '.env': ENV });
    const dry = runCli(['--dry', '.'], dir);
    expect(dry.stdout).toContain("+DATABASE_OPTION='?connection_limit=1&connect_timeout=30' # joined below");
    expect(dry.stdout).toContain('DB_PASSWORD=[redacted]');
    const json = runCli(['--dry', '--json', '.'], dir);
    expect(JSON.parse(json.stdout)).toBeTypeOf('object');
    for (const output of [dry.stdout, dry.stderr, json.stdout, json.stderr]) expect(output).not.toContain(PLANTED);
  });

  it('fails --check while a .env line needs the parameters', () => {
    const dir = makeRepo({ '.env': 'DATABASE_URL=postgresql://app:pw@db.example.com/app\n' });
    const check = runCli(['--check', '.'], dir);
    expect(check.status).not.toBe(0);
    expect(check.stdout).toContain('.env');
  });
});
