import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { findSecretLogs, type SecretFlowOptions } from '../../../analysis/secret-logging/index.js';

function findings(text: string, options?: SecretFlowOptions, path = 'a.ts') {
  return findSecretLogs(parseModule(text, path), options);
}

/** Each finding's parts as `kind:source text`, for compact assertions. */
function partsOf(text: string, options?: SecretFlowOptions): string[][] {
  return findings(text, options).map((finding) => finding.parts.map((part) => `${part.kind}:${text.slice(part.range[0], part.range[1])}`));
}

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
    expect(
      partsOf(
        'const url = process.env.DATABASE_URL; console.log(`to ${url} in ${region}`, { url, region }, { ...process.env, region }, String(url))',
      ),
    ).toEqual([['template-slot:${url}', 'shorthand-property:url', 'object-spread:...process.env', 'expression:String(url)']]);
    expect(partsOf("console.log('using postgres://admin:s3cr3t@db/app')")).toEqual([
      ["password-text:'using postgres://admin:s3cr3t@db/app'"],
    ]);
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
    const file = parseModule(text, 'a.ts');
    const first = findSecretLogs(file);
    expect(findSecretLogs({ ...file })).toBe(first);
    expect(findSecretLogs(file, { ignoredSecretNames: ['DATABASE_URL'] })).toEqual([]);
  });
});
