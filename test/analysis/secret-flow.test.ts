import { describe, expect, it } from 'vitest';
import { parseModule } from '../../analysis/ast/parse-module.js';
import { findSecretLogs, type SecretFlowOptions } from '../../analysis/secret-flow.js';
import { containsCredentialedUrl, createNameMatcher, createSecretNameMatcher, credentialedUrlPasswordSpans, DYNAMIC_TEXT } from '../../analysis/secret-names.js';

function findings(text: string, options?: SecretFlowOptions, path = 'a.ts') {
  const { program: ast, scopeManager } = parseModule(text, path);
  return findSecretLogs({ ast, scopeManager, text }, options);
}

/** Each finding's parts as `kind:source text`, for compact assertions. */
function partsOf(text: string, options?: SecretFlowOptions): string[][] {
  return findings(text, options).map((finding) => finding.parts.map((part) => `${part.kind}:${text.slice(part.range[0], part.range[1])}`));
}

describe('secret names', () => {
  const isSecret = createSecretNameMatcher();

  it('knows the usual connection-string and password variables', () => {
    for (const name of ['DATABASE_URL', 'DIRECT_URL', 'SHADOW_DATABASE_URL', 'TEST_DATABASE_URL', 'DATABASE_URL_UNPOOLED', 'POSTGRES_PRISMA_URL', 'POSTGRES_URL_NON_POOLING', 'PGPASSWORD', 'DB_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'MONGODB_URI', 'AZURE_SQL_CONNECTION_STRING', 'database_url']) {
      expect(isSecret(name), name).toBe(true);
    }
  });

  it('leaves names that only locate a database', () => {
    for (const name of ['DATABASE_HOST', 'PGHOST', 'DB_SECRET_ARN', 'DATABASE_NAME', 'NODE_ENV', 'DATABASE_URL_SET_BY']) {
      expect(isSecret(name), name).toBe(name === 'DATABASE_URL_SET_BY');
    }
  });

  it('takes extra names and ignored names as glob patterns', () => {
    const matcher = createSecretNameMatcher({ secretNames: ['AURORA_*', 'APP_?B_PASS'], ignoredSecretNames: ['SHADOW_*'] });
    expect(matcher('AURORA_ENDPOINT_WITH_CREDS')).toBe(true);
    expect(matcher('APP_DB_PASS')).toBe(true);
    expect(matcher('SHADOW_DATABASE_URL')).toBe(false);
    expect(matcher('DATABASE_URL')).toBe(true);
    expect(createNameMatcher(['a.b'])('aXb')).toBe(false);
  });
});

describe('credentialed URLs', () => {
  it('finds a password in a URL with any scheme', () => {
    expect(containsCredentialedUrl('postgres://admin:s3cr3t@db.internal:5432/app')).toBe(true);
    expect(containsCredentialedUrl('connecting to mysql://root:p%40ss@db/app now')).toBe(true);
    expect(containsCredentialedUrl('redis://:hunter2@cache:6379')).toBe(true);
    expect(containsCredentialedUrl('https://user:token@github.com/org/repo.git')).toBe(true);
  });

  it('ignores URLs without a password and documentation placeholders', () => {
    for (const text of [
      'postgres://db.internal:5432/app',
      'postgres://app@db.internal/app',
      'postgres://app:@db/app',
      'postgresql://johndoe:randompassword@localhost:5432/mydb',
      'postgresql://USER:PASSWORD@HOST:PORT/DATABASE',
      'postgres://<user>:<password>@<host>/<db>',
      'postgres://user:${DB_PASSWORD}@db/app',
      'postgres://user:****@db/app',
      'postgres://user:[redacted]@db/app',
      'see user:secret@example.com',
    ]) {
      expect(containsCredentialedUrl(text), text).toBe(false);
    }
  });

  it('reports where the password is, including a dynamic piece in the password slot', () => {
    expect(credentialedUrlPasswordSpans(['postgres://a:b@c/d'])).toEqual([[13, 14]]);
    // `${engine}://${user}:${password}@${host}`: each dynamic piece counts as one character.
    expect(credentialedUrlPasswordSpans([DYNAMIC_TEXT, '://', DYNAMIC_TEXT, ':', DYNAMIC_TEXT, '@', DYNAMIC_TEXT])).toEqual([[6, 7]]);
    expect(credentialedUrlPasswordSpans(['postgres://', DYNAMIC_TEXT, '@', DYNAMIC_TEXT])).toEqual([]);
  });
});

describe('findSecretLogs', () => {
  it('returns plain ranges: the call, the removable statement and the secret parts', () => {
    const text = "  console.log('db', process.env.DATABASE_URL);\n";
    expect(findings(text)).toEqual([
      {
        call: [2, 45],
        sink: 'console.log',
        source: 'DATABASE_URL',
        sourceKind: 'env-variable',
        removal: { kind: 'statement', range: [2, 46] },
        parts: [{ kind: 'expression', range: [20, 44], source: 'DATABASE_URL', sourceKind: 'env-variable' }],
        printsOnlySecret: true,
      },
    ]);
  });

  it('splits a larger message into the parts to redact', () => {
    expect(partsOf('const url = process.env.DATABASE_URL; console.log(`to ${url} in ${region}`, { url, region }, { ...process.env, region }, String(url))')).toEqual([
      ['template-slot:${url}', 'shorthand-property:url', 'object-spread:...process.env', 'expression:String(url)'],
    ]);
    expect(partsOf("console.log('using postgres://admin:s3cr3t@db/app')")).toEqual([["password-text:'using postgres://admin:s3cr3t@db/app'"]]);
    expect(findings("console.log('using postgres://admin:s3cr3t@db/app')")[0]!.parts[0]).toMatchObject({ passwords: [[36, 42]] });
  });

  it('tells a labelled secret from a secret inside a message', () => {
    const only = (text: string) => findings(text).map((finding) => finding.printsOnlySecret);
    expect(only("console.log('DATABASE_URL:', process.env.DATABASE_URL)")).toEqual([true]);
    expect(only('console.log(`db url is ${process.env.DATABASE_URL}`)')).toEqual([true]);
    expect(only("logger.info({ msg: 'env', env: process.env })")).toEqual([true]);
    expect(only("console.log('connecting to', process.env.DATABASE_URL)")).toEqual([false]);
    expect(only('console.log(process.env.DATABASE_URL, attempt)')).toEqual([false]);
  });

  it('follows a value through parameters of local functions and array callbacks', () => {
    expect(findings('const show = (value: string) => console.log(value); show(process.env.DIRECT_URL!)')).toHaveLength(1);
    expect(findings("[process.env.DATABASE_URL].forEach((url) => logger.warn('url', url))")).toHaveLength(1);
    expect(findings('Object.values(process.env).map((value) => value).forEach((value) => console.log(value))')).toHaveLength(1);
    // Recursion terminates.
    expect(findings('function loop(url: string): void { console.log(url.length); loop(url) } loop(process.env.DATABASE_URL!)')).toEqual([]);
  });

  it('caches per AST and options', () => {
    const text = 'console.log(process.env.DATABASE_URL)';
    const { program: ast, scopeManager } = parseModule(text, 'a.ts');
    const first = findSecretLogs({ ast, scopeManager, text });
    expect(findSecretLogs({ ast, scopeManager, text })).toBe(first);
    expect(findSecretLogs({ ast, scopeManager, text }, { ignoredSecretNames: ['DATABASE_URL'] })).toEqual([]);
  });
});
