import { describe, expect, it } from 'vitest';
import { redactConnectionStrings } from '../../runtime/index.js';
import { secretsOfConnectionString } from '../../runtime/redact.js';

describe('redactConnectionStrings', () => {
  it.each([
    ['postgres://app:s3cret@db.example.com:5432/app', 'postgres://[redacted]@db.example.com:5432/app'],
    ['postgresql://app:s3cret@db.example.com/app?schema=public', 'postgresql://[redacted]@db.example.com/app?schema=public'],
    ['mysql://root:pa55word@127.0.0.1:3306/shop', 'mysql://[redacted]@127.0.0.1:3306/shop'],
    ['postgresql://app:p%40ss%2Fw0rd%3A@db:5432/app', 'postgresql://[redacted]@db:5432/app'],
    // An unencoded @ in the password: everything up to the last @ goes.
    ['postgresql://app:p@ss@word@db:5432/app', 'postgresql://[redacted]@db:5432/app'],
    ['DATABASE_URL="postgresql://app:s3cret@db/app"', 'DATABASE_URL="postgresql://[redacted]@db/app"'],
    ['postgresql://db/app?user=app&password=s3cret&sslmode=require', 'postgresql://db/app?user=app&password=[redacted]&sslmode=require'],
    ["host=db port=5432 user=app password='s e c r e t' dbname=app", 'host=db port=5432 user=app password=[redacted] dbname=app'],
    ['host=db password=s3cret dbname=app', 'host=db password=[redacted] dbname=app'],
    ['Server=db;Database=app;User Id=sa;Password=s3cret;', 'Server=db;Database=app;User Id=sa;Password=[redacted];'],
    ['{"username":"app","password":"s3cret"}', '{"username":"app","password":"[redacted]"}'],
  ])('%s', (input, expected) => {
    expect(redactConnectionStrings(input)).toBe(expected);
  });

  it.each([
    // Shapes with no secret known up front (issue 13 item 3).
    ['postgres://app:pa ss word@db:5432/app', 'pa ss word'],
    ['url "postgres://app:quo"te@db/app" rejected', 'quo"te'],
    ['sh: PGPASSWORD=Shell-Secret-1 psql -h db failed', 'Shell-Secret-1'],
    ["DB_PASSWORD='Quoted Secret 2' npx prisma migrate deploy", 'Quoted Secret 2'],
    ["Error: connect failed { host: 'db', password: 'Inspect-Secret-3' }", 'Inspect-Secret-3'],
    ['{"host":"db","dbPassword":"Json-Secret-4"}', 'Json-Secret-4'],
    ['{"password":"with \\"quote\\" inside"}', 'quote'],
    ['access_token=Token-Secret-5&x=1', 'Token-Secret-5'],
  ])('redacts %s', (input, secret) => {
    const redacted = redactConnectionStrings(input);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
    expect(redactConnectionStrings(redacted)).toBe(redacted);
  });

  it('leaves text without credentials alone', () => {
    for (const text of [
      'Datasource "db": PostgreSQL database "app", schema "public" at "db.example.com:5432"',
      'Applying migration `20240101_init`',
      'postgres://db.example.com:5432/app',
    ]) {
      expect(redactConnectionStrings(text)).toBe(text);
    }
  });

  it('redacts every URL in a multi-line log and leaves other text alone', () => {
    const text = [
      'Datasource "db": PostgreSQL database "app" at "db.example.com:5432"',
      "Error: P1001: Can't reach database server at `db.example.com:5432`",
      'url postgres://a:one@h1/x and postgresql://b:two@h2/y',
    ].join('\n');
    const redacted = redactConnectionStrings(text);
    expect(redacted).not.toMatch(/one|two/);
    expect(redacted).toContain("Can't reach database server at `db.example.com:5432`");
    expect(redacted).toContain('postgres://[redacted]@h1/x and postgresql://[redacted]@h2/y');
  });

  it('also removes known secrets verbatim, however they appear', () => {
    const url = 'postgresql://app:p%40ss%2Fw0rd@db:5432/app';
    const secrets = secretsOfConnectionString(url);
    expect(secrets).toEqual(expect.arrayContaining(['p%40ss%2Fw0rd', 'p@ss/w0rd']));
    expect(redactConnectionStrings('auth failed for password p@ss/w0rd (encoded p%40ss%2Fw0rd)', secrets)).toBe(
      'auth failed for password [redacted] (encoded [redacted])',
    );
  });

  it('takes secrets from password= parameters too', () => {
    expect(secretsOfConnectionString('postgresql://db/app?password=abc%21def')).toEqual(expect.arrayContaining(['abc%21def', 'abc!def']));
    expect(secretsOfConnectionString('postgresql://db/app')).toEqual([]);
  });
});
