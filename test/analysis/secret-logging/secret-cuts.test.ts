import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { findSecretLogs } from '../../../analysis/secret-logging/index.js';

/** Which pieces of a secret reach a log with its credential (issue 12 item 9). */

const url = 'const url = process.env.DATABASE_URL!;\n';

function leaks(text: string): boolean {
  return findSecretLogs(parseModule(text, 'a.ts')).length > 0;
}

describe('pieces of a connection URL', () => {
  it.each([
    // What the value is about, not the value: a length, a boolean, a type, an index.
    'console.log(url.length, !!url, typeof url, url.startsWith("postgres"), url.search(/@/), url.indexOf("@"))',
    // The scheme: before the first `:` or `/`, which belong to `://`.
    "console.log(url.split('://')[0])",
    "console.log(url.split(':')[0], url.split('/')[0])",
    "console.log(`${url.split('://')[0]}://…`)",
    "console.log(url.split('://').shift(), url.split('://', 1))",
    "const [scheme] = url.split('://'); console.log(scheme)",
    "console.log(url.slice(0, url.indexOf('://')), url.substring(0, url.indexOf(':')))",
    "console.log(url.slice(0, url.indexOf('://') + 3))",
    'console.log(url.at(0), url.charAt(3), url.slice(0, 4))',
    "console.log(url.split('?')[0].split('://')[0], url.toLowerCase().split(':')[0])",
    // The host side: from the first `@` on.
    "console.log(url.split('@')[1], url.split('@').pop(), url.split('@').at(-1), url.split('@').slice(1))",
    "const [, host] = url.split('@'); console.log(host)",
    "console.log(url.slice(url.indexOf('@') + 1), url.substring(url.lastIndexOf('@')))",
    "console.log('postgres://app:s3cr3t-Value@db/app'.split('://')[0])",
  ])('%s holds no user info', (log) => {
    expect(leaks(url + log)).toBe(false);
  });

  it.each([
    "console.log(url.split('://')[1])",
    "console.log(url.split('://'))",
    "const [, rest] = url.split('://'); console.log(rest)",
    "console.log(url.split('@')[0], url.split('@').at(0), url.split('@').slice(0, 1))",
    "const [userinfo] = url.split('@'); console.log(userinfo)",
    "console.log(url.split('@', 1).pop())",
    'console.log(url.slice(0, 30))',
    'console.log(url.substring(0, 12))',
    'console.log(url.slice(-12))',
    'console.log(url.at(-1))',
    "console.log(url.slice(0, url.indexOf('://') + 4))",
    "console.log(url.slice(url.indexOf('@') - 3))",
    // `substring` swaps bounds in the wrong order: this is the text before the `@`.
    "console.log(url.substring(url.indexOf('@') + 1, 3))",
    // An index taken in another string says nothing about this one.
    "console.log(url.slice(0, other.indexOf(':')))",
    'console.log(url.match(/^(\\w+):\\/\\/([^@]*)@/))',
    "console.log(url.replace(/:.*/, ''))",
    "console.log(`${url.split('://')[1]}`)",
  ])('%s may hold user info', (log) => {
    expect(leaks(url + log)).toBe(true);
  });
});

describe('pieces of a password', () => {
  it.each([
    "console.log(process.env.DB_PASSWORD!.split('://')[0])",
    'console.log(process.env.DB_PASSWORD!.charAt(0))',
    'console.log(process.env.DATABASE_PASSWORD!.slice(0, 3))',
    "console.log(process.env.PGPASSWORD!.split('@')[1])",
    // A connection string that need not be a URL (`Server=...;Password=...`).
    "console.log(process.env.CONNECTION_STRING!.split('://')[0])",
  ])('%s is part of the secret', (log) => {
    expect(leaks(log)).toBe(true);
  });

  it('a length or a check still holds nothing', () => {
    expect(leaks('console.log(process.env.DB_PASSWORD?.length, process.env.DB_PASSWORD === undefined)')).toBe(false);
  });
});
