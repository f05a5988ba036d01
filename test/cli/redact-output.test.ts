import { describe, expect, it } from 'vitest';
import { redactOutput } from '../../cli/redact-output.js';

/** What the CLI prints never carries a credential it read. */

describe('redactOutput', () => {
  it.each([
    ["  process.env.DATABASE_URL ?? 'postgresql://notes_admin:n0tes-L0cal-Pa55@localhost:5432/notes';", 'n0tes-L0cal-Pa55'],
    ['+const url = `postgres://app:p@ss@w0rd@db.internal:5432/app?sslmode=require`;', 'p@ss@w0rd'],
    ["-const dsn = 'host=db user=app password=hunter22 dbname=app';", 'hunter22'],
    ["   password: 'literal-Secret-1',", 'literal-Secret-1'],
    ['    "password": "json-Secret-2"', 'json-Secret-2'],
  ])('masks %s', (line, secret) => {
    const redacted = redactOutput(line);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
  });

  it('keeps code that only names a secret readable', () => {
    const template = '      DATABASE_URL: `${engine}://${user}:${password}@${host}:${port}/${db}${option}`,';
    expect(redactOutput(template)).toBe(template);
    const literalTemplate = '  password: `${secret.password}`,';
    expect(redactOutput(literalTemplate)).toBe(literalTemplate);
    expect(redactOutput("import { PrismaClient } from '@prisma/client';")).toBe("import { PrismaClient } from '@prisma/client';");
  });
});
