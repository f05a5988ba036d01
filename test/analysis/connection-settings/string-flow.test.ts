import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { describeExpression, flattenString, flowSinks, isInterpolateTag } from '../../../analysis/connection-settings/string-flow.js';
import { nodeOf, parse, textOf } from '../ast/parse.js';

describe('flattenString', () => {
  it('folds literals, templates, + and constants, keeping where each character was written', () => {
    const code = "const host = 'db.example.com';\nconst url = `postgresql://${host}/app?` + 'connection_limit=1';";
    const file = parse(code);
    const flat = flattenString(file, nodeOf(file, 'BinaryExpression'));
    expect(flat.text).toBe('postgresql://db.example.com/app?connection_limit=1');
    expect(flat.placeholderNames).toEqual([]);
    // Every character maps back to its literal: `d` of the host sits in the first line.
    expect(code[flat.offsets[flat.text.indexOf('db.example')]!]).toBe('d');
    expect(flat.offsets[flat.text.indexOf('db.example')]).toBe(code.indexOf('db.example'));
    expect(flat.owners[0]!.map((owner) => owner.type)).toEqual(['TemplateLiteral']);
  });

  it('writes what the file does not pin down as named placeholders', () => {
    const file = parse('const url = `${process.env.DB_BASE}?pool_timeout=5`;');
    const flat = flattenString(file, nodeOf(file, 'TemplateLiteral'));
    expect(flat.text).toBe('${DB_BASE}?pool_timeout=5');
    expect(flat.placeholderNames).toEqual(['DB_BASE']);
    expect(flat.offsets.slice(0, 10).every((offset) => offset === -1)).toBe(true);
  });
});

describe('flowSinks', () => {
  it('follows a literal up through + and constants to where it is stored, with the names on the way', () => {
    const code = "const suffix = '?connection_limit=1';\nconst url = base + suffix;\nexport const environment = { DATABASE_URL: url };";
    const file = parse(code);
    const sinks = flowSinks(file, nodeOf(file, 'Literal'));
    expect(sinks.map((sink) => ({ value: textOf(file, sink.value), names: sink.names, consumer: sink.consumer?.type }))).toEqual([
      { value: 'url', names: ['suffix', 'url', 'DATABASE_URL'], consumer: 'Property' },
    ]);
  });

  it('a branch of a conditional is its own string, stored under the same name', () => {
    const file = parse("const url = prod ? 'postgresql://a/db' : 'postgresql://b/db';");
    const sinks = flowSinks(file, nodeOf(file, 'Literal', "'postgresql://b/db'"));
    expect(sinks.map((sink) => ({ value: textOf(file, sink.value), names: sink.names }))).toEqual([
      { value: "'postgresql://b/db'", names: ['url'] },
    ]);
  });
});

describe('names of expressions', () => {
  it('describeExpression and interpolate tags', () => {
    const file = parse('const a = props.dbName;\nconst b = process.env.DATABASE_URL!;\nconst c = pulumi.interpolate`x`;');
    const [a, b, c] = file.program.body.map((statement) => (statement as TSESTree.VariableDeclaration).declarations[0]!.init!);
    expect(describeExpression(a!)).toBe('dbName');
    expect(describeExpression(b!)).toBe('DATABASE_URL');
    expect(isInterpolateTag((c as TSESTree.TaggedTemplateExpression).tag)).toBe(true);
  });
});
