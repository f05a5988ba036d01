import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import js from '@eslint/js';
import { Linter as Linter10 } from 'eslint';
import { Linter as Linter9 } from 'eslint9';
import plugin from '../../rules/index.js';

/**
 * The dotenv language and the connection-settings rules on `.env` lines, through real ESLint 9
 * and 10 with the recommended config: what the editor shows, at the line where it is written.
 */

const LINTERS = [
  ['ESLint 10', new Linter10({ configType: 'flat', cwd: '/' })],
  ['ESLint 9', new Linter9({ configType: 'flat', cwd: '/' })],
] as const;

const LAMBDA = { settings: { 'prisma-aurora-fix': { lambda: 'always' } } };

/** Modelled on a starter kit's prisma/.env: the URL assembled from entries, its options empty (here for a remote host). */
const ASSEMBLED = [
  'DB_ENGINE=postgresql',
  'DB_USER=app',
  'DB_PASSWORD=changeme',
  'DB_HOST=app.cluster-abc.eu-west-1.rds.amazonaws.com',
  "DATABASE_OPTION=''",
  'DATABASE_URL="${DB_ENGINE}://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:5432/app${DATABASE_OPTION}"',
  '',
].join('\n');

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function lint(linter: Linter9 | Linter10, text: string, filename: string, extra: object[] = [LAMBDA]) {
  return (linter as Linter10).verify(text, [...(plugin.configs.recommended as never[]), ...(extra as never[])], { filename });
}

describe.each(LINTERS)('dotenv files in %s', (_name, linter) => {
  it('reports the assembled DATABASE_URL whose options entry is empty, and suggests filling the option', () => {
    const messages = lint(linter, ASSEMBLED, '/project/prisma/.env');
    expect(messages.map((message) => [message.ruleId, message.messageId, message.line, message.column])).toEqual([
      ['prisma-aurora-fix/require-connection-params', 'missingParams', 6, 1],
    ]);
    const suggestion = messages[0]!.suggestions![0]!;
    const fixed = ASSEMBLED.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + ASSEMBLED.slice(suggestion.fix.range[1]);
    expect(fixed).toBe(ASSEMBLED.replace("DATABASE_OPTION=''", "DATABASE_OPTION='?connection_limit=1&connect_timeout=30'"));
  });

  it('checks a URL written out: missing, wrong and stray parameters, and sslmode=disable, at their characters', () => {
    const text = [
      'export DATABASE_URL="postgresql://app:pw@db.example.com:5432/app?sslmode=disable" # prod',
      "DIRECT_DATABASE_URL='postgresql://app:pw@db.example.com/app?connection_limit=5&connect_timeout=10'",
      '',
    ].join('\n');
    const messages = lint(linter, text, '/project/.env.production');
    expect(messages.map((message) => [message.messageId, message.line, message.column, message.endColumn])).toEqual([
      ['missingParams', 1, 8, 82],
      ['sslModeDisable', 1, 66, 81],
      ['connectionLimit', 2, 61, 79],
      ['connectTimeout', 2, 80, 98],
    ]);
    const [missing, ssl] = messages;
    expect(missing!.suggestions![0]!.fix).toEqual({ range: [80, 80], text: '&connection_limit=1&connect_timeout=30' });
    expect(ssl!.suggestions![0]!.fix).toEqual({ range: [73, 80], text: 'require' });
    expect(text.slice(73, 81)).toBe('disable"');
  });

  it('leaves local hosts, shadow databases, Prisma 7 and unknown options alone', () => {
    const text = [
      'DATABASE_URL=postgresql://app:pw@localhost:5432/app?sslmode=disable',
      'SHADOW_DATABASE_URL=postgresql://app:pw@db.example.com/shadow',
      'POSTGRES_URL=postgresql://app:pw@${DB_HOST}/app${DATABASE_OPTIONS}',
      'NEXT_PUBLIC_API_URL=https://api.example.com',
      '',
    ].join('\n');
    expect(lint(linter, text, '/project/.env')).toEqual([]);
    // The starter kits' shape: the file's host is local, so the deployment sets the URL's parts (and the code rules check them there).
    expect(lint(linter, ASSEMBLED.replace(/^DB_HOST=.*$/m, 'DB_HOST=localhost'), '/project/prisma/.env')).toEqual([]);
    const prisma7 = [LAMBDA, { rules: { 'prisma-aurora-fix/require-connection-params': ['error', { prismaMajor: 7 }] } }];
    expect(lint(linter, ASSEMBLED, '/project/.env', prisma7)).toEqual([]);
  });

  it('gives local-only files (.env.test, .env.local, .env.development) no Lambda advice, but still no-sslmode-disable', () => {
    const text = 'DATABASE_URL=postgresql://app:pw@db.example.com/app?sslmode=disable\n';
    for (const name of ['.env.test', '.env.local', '.env.development.local', '.env.local.example']) {
      expect(lint(linter, text, `/project/${name}`).map((message) => message.messageId)).toEqual(['sslModeDisable']);
    }
    expect(lint(linter, text, '/project/.env.example').map((message) => message.messageId)).toEqual(['missingParams', 'sslModeDisable']);
  });

  it('honours eslint-disable comments written with #', () => {
    const text = [
      '# eslint-disable-next-line prisma-aurora-fix/no-sslmode-disable -- a VPN-only host',
      'A_DATABASE_URL=postgresql://app:pw@db.example.com/app?sslmode=disable&connection_limit=1&connect_timeout=30',
      'B_DATABASE_URL=postgresql://app:pw@db.example.com/app?sslmode=disable&connection_limit=1&connect_timeout=30 # eslint-disable-line',
      '# eslint-disable prisma-aurora-fix/no-sslmode-disable',
      'C_DATABASE_URL=postgresql://app:pw@db.example.com/app?sslmode=disable&connection_limit=1&connect_timeout=30',
      '',
    ].join('\n');
    expect(lint(linter, text, '/project/.env')).toEqual([]);
  });

  it('judges the Lambda scope of a .env by its package on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dotenv-scope-'));
    tempDirs.push(dir);
    mkdirSync(join(dir, 'lambda', 'prisma'), { recursive: true });
    mkdirSync(join(dir, 'web'), { recursive: true });
    writeFileSync(join(dir, 'lambda', 'package.json'), JSON.stringify({ name: 'fn', dependencies: { 'serverless-http': '^3.2.0' } }));
    writeFileSync(join(dir, 'web', 'package.json'), JSON.stringify({ name: 'web', dependencies: { next: '^15.0.0' } }));
    expect(lint(linter, ASSEMBLED, join(dir, 'lambda', 'prisma', '.env'), [])).toHaveLength(1);
    expect(lint(linter, ASSEMBLED, join(dir, 'web', '.env'), [])).toEqual([]);
  });

  it('does not break a config whose JavaScript rules apply to every file', () => {
    const config = [js.configs.recommended, { rules: { 'prisma-aurora-fix/no-database-url-logging': 'error' } }];
    const messages = lint(linter, ASSEMBLED, '/project/.env', [LAMBDA, ...config]);
    expect(messages.map((message) => message.ruleId)).toEqual(['prisma-aurora-fix/require-connection-params']);
  });

  it('reads a .env.ts module as TypeScript, not as dotenv', () => {
    const messages = lint(linter, "export const url = 'postgresql://app:pw@db.example.com/app';\n", '/project/.env.ts');
    expect(messages.map((message) => message.ruleId)).toEqual([
      'prisma-aurora-fix/require-connection-params',
      'prisma-aurora-fix/require-query-timeout',
    ]);
    expect(messages[0]!.line).toBe(1);
  });
});
