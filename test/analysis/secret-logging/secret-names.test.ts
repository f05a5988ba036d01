import { describe, expect, it } from 'vitest';
import {
  containsCredentialedUrl,
  createNameMatcher,
  createSecretNameMatcher,
  credentialedUrlPasswordSpans,
  DYNAMIC_TEXT,
} from '../../../analysis/secret-logging/secret-names.js';

describe('secret names', () => {
  const isSecret = createSecretNameMatcher();

  it('knows the usual connection-string and password variables', () => {
    for (const name of [
      'DATABASE_URL',
      'DIRECT_URL',
      'SHADOW_DATABASE_URL',
      'TEST_DATABASE_URL',
      'DATABASE_URL_UNPOOLED',
      'POSTGRES_PRISMA_URL',
      'POSTGRES_URL_NON_POOLING',
      'PGPASSWORD',
      'DB_PASSWORD',
      'MYSQL_ROOT_PASSWORD',
      'MONGODB_URI',
      'AZURE_SQL_CONNECTION_STRING',
      'database_url',
    ]) {
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
