import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactOutput } from '../../cli/redact-output.js';
import { ensureBuilt, makeRepo, removeTempDirs, runCli } from './support.js';

/** What the CLI prints never carries a credential it read (issue 13 item 3), and never hides a placeholder (issue 12 item 9). */

describe('redactOutput', () => {
  it.each([
    ["  process.env.DATABASE_URL ?? 'postgresql://notes_admin:n0tes-L0cal-Pa55@localhost:5432/notes';", 'n0tes-L0cal-Pa55'],
    ['+const url = `postgres://app:p@ss@w0rd@db.internal:5432/app?sslmode=require`;', 'p@ss@w0rd'],
    ["-const dsn = 'host=db user=app password=hunter22 dbname=app';", 'hunter22'],
    ["   password: 'literal-Secret-1',", 'literal-Secret-1'],
    ['    "password": "json-Secret-2"', 'json-Secret-2'],
    // Issue 13 item 3.
    ["+const DATABASE_PASSWORD = 'Const-Secret-3';", 'Const-Secret-3'],
    ["   Password: 'Capital-Secret-4',", 'Capital-Secret-4'],
    ['   dbPassword: `Template-Secret-5`,', 'Template-Secret-5'],
    ["+const url = 'postgres://app:' + 'Split-Secret-6' + '@db.internal/app';", 'Split-Secret-6'],
    ["+const url = 'postgres://app:' + 'Split-Secret-7@db.internal/app';", 'Split-Secret-7'],
    ['   execSync(\'PGPASSWORD=Shell-Secret-8 psql -h db -U app -c "select 1"\');', 'Shell-Secret-8'],
    ['   execSync("PGPASSWORD=\'Quoted Secret 9\' pg_dump app");', 'Quoted Secret 9'],
    ["   password: 'Quote\"Secret-10',", 'Quote"Secret-10'],
    ["   password: 'Escaped\\'Secret-11',", "Escaped\\'Secret-11"],
    ["+const url = 'postgres://app:Quote\"Secret-12@db/app';", 'Quote"Secret-12'],
    // Issue 12 item 9: a space in the user info.
    ["   const url = 'postgres://app:Space Secret-13@db/app';", 'Space Secret-13'],
    ["   secretAccessKey: 'AKIA-Secret-14',", 'AKIA-Secret-14'],
    ['Server=db;Database=app;User Id=sa;Password=Ado-Secret-15;', 'Ado-Secret-15'],
    ['   const url = `postgres://app:Mixed-Secret-16${suffix}@db/app`;', 'Mixed-Secret-16'],
  ])('masks %s', (line, secret) => {
    const redacted = redactOutput(line);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
    // Idempotent: a redacted line stays as it is.
    expect(redactOutput(redacted)).toBe(redacted);
  });

  it.each([
    '      DATABASE_URL: `${engine}://${user}:${password}@${host}:${port}/${db}${option}`,',
    '  password: `${secret.password}`,',
    "  const url = 'postgres://' + user + ':' + password + '@' + host;",
    "  const url = 'postgres://app:' + password + '@db/app';",
    "  const url = 'postgres://app:' + encodeURIComponent(password) + '@db/app';",
    '  const url = `postgres://${user}:${encodeURIComponent(password)}@${host}/app`;',
    "  if (url.startsWith('postgresql://username:password@host:5432/db')) throw new Error('insecure default');",
    "  const example = 'postgresql://johndoe:randompassword@localhost:5432/mydb';",
    "  execSync('PGPASSWORD=$PGPASSWORD psql -h db');",
    '  execSync(`PGPASSWORD=${password} psql -h db`);',
    '  const password = getPassword();',
    "  const password = process.env.DB_PASSWORD ?? '';",
    '  if (password === input.password) return true;',
    "  const query = '?token=' + token + '&sslmode=require';",
    "  password: '<password>',",
    "  password: '********',",
    "  import { PrismaClient } from '@prisma/client';",
    "  const url = 'postgres://db.internal:5432/app';",
    "  const url = 'postgres://app@db.internal:5432/app';",
  ])('keeps %s as it is', (line) => {
    expect(redactOutput(line)).toBe(line);
  });

  it('keeps the line around a secret: only the value changes', () => {
    expect(redactOutput("+const DATABASE_PASSWORD = 'Const-Secret-3'; // local only")).toBe(
      "+const DATABASE_PASSWORD = '[redacted]'; // local only",
    );
    expect(redactOutput("+const url = 'postgres://app:' + 'Split-Secret-6' + '@db.internal/app';")).toBe(
      "+const url = 'postgres://app:' + '[redacted]' + '@db.internal/app';",
    );
  });
});

describe('the CLI prints no credential in --dry and --json', () => {
  beforeAll(() => ensureBuilt());
  afterAll(() => removeTempDirs());

  const planted = [
    "const DATABASE_PASSWORD = 'Planted-Const-1';",
    "const settings = { Password: 'Planted-Prop-2' };",
    "const joined = 'postgres://app:' + 'Planted-Split-3' + '@db.internal/app';",
    "const dump = 'PGPASSWORD=Planted-Shell-4 pg_dump app';",
    "const quoted = { password: 'Planted\"Quote-5' };",
    "const spaced = 'postgres://app:Planted Space-6@db.internal/app';",
  ];
  const secrets = [
    'Planted-Const-1',
    'Planted-Prop-2',
    'Planted-Split-3',
    'Planted-Shell-4',
    'Planted"Quote-5',
    'Planted\\"Quote-5',
    'Planted Space-6',
  ];
  const source = [
    ...planted.slice(0, 3),
    'console.log(process.env.DATABASE_URL);',
    ...planted.slice(3),
    'export { settings, joined, dump, quoted, spaced, DATABASE_PASSWORD };',
    '',
  ].join('\n');

  it('redacts them and says the diff was redacted', () => {
    const dir = makeRepo({ 'src/handler.ts': source });
    const dry = runCli(['--dry'], dir);
    expect(dry.stdout).toContain('-console.log(process.env.DATABASE_URL);');
    const json = runCli(['--dry', '--json'], dir);
    for (const output of [dry.stdout, dry.stderr, json.stdout, json.stderr]) {
      for (const secret of secrets) expect(output).not.toContain(secret);
    }
    expect(dry.stdout).toContain('[redacted]');
    expect(dry.stderr).toMatch(/redacted/);
    expect(JSON.parse(json.stdout).notes.join('\n')).toMatch(/redacted/);
  });

  it('a diff with only placeholders is printed as is and applies with git apply', () => {
    const template = [
      'const url = `postgres://${user}:${password}@${host}:5432/app`;',
      "const fallback = 'postgresql://username:password@localhost:5432/app';",
      'console.log(process.env.DATABASE_URL);',
      "const dump = 'PGPASSWORD=$PGPASSWORD pg_dump app';",
      'export { url, fallback, dump };',
      '',
    ].join('\n');
    const dir = makeRepo({ 'src/handler.ts': template });
    const dry = runCli(['--dry'], dir);
    expect(dry.stdout).not.toContain('[redacted]');
    expect(dry.stderr).not.toMatch(/redacted/);
    writeFileSync(join(dir, 'fix.patch'), dry.stdout);
    execFileSync('git', ['apply', '--check', 'fix.patch'], { cwd: dir });
  });
});
