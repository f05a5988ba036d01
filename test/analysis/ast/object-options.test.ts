import { describe, expect, it } from 'vitest';
import { isOverriddenBySpread, optionsArgumentOf, readObjectOptions, staticOptionValue } from '../../../analysis/ast/object-options.js';
import { nodeOf, parse, textOf } from './parse.js';

function optionsOf(code: string) {
  const file = parse(code);
  const options = optionsArgumentOf(file.scopeManager, nodeOf(file, 'NewExpression'));
  return { file, options };
}

describe('options objects', () => {
  it('reads the effective entries through spreads of constants, the last one winning', () => {
    const { file, options } = optionsOf(
      "const base = { max: 10, ssl: true };\nnew Pool({ ...base, max: 1, 'connectionTimeoutMillis': 30_000 });",
    );
    expect([...options!.entries.keys()]).toEqual(['max', 'ssl', 'connectionTimeoutMillis']);
    expect(textOf(file, options!.entries.get('max')!.value)).toBe('1');
    expect(options!.entries.get('ssl')!.property).toBeUndefined();
    expect([...options!.written.keys()]).toEqual(['max', 'connectionTimeoutMillis']);
    expect(options!.spreads.map((spread) => [...spread.keys!])).toEqual([['max', 'ssl']]);
    expect(options!.hasUnknownEntries).toBe(false);
    expect(staticOptionValue(file.scopeManager, options!.entries.get('connectionTimeoutMillis')!)).toBe(30000);
  });

  it('follows a constant argument, and tells what it cannot see', () => {
    const { options } = optionsOf("import { shared } from './s';\nconst config = { ...shared, [key]: 1, max: 1 };\nnew Pool(config);");
    expect(options!.hasUnknownEntries).toBe(true);
    expect(options!.spreads.map((spread) => spread.keys)).toEqual([undefined]);
    const written = options!.written.get('max')!;
    expect(isOverriddenBySpread(options!, written, 'max')).toBe(false);
    expect(optionsOf("import { config } from './c';\nnew Pool(config);").options).toBeUndefined();
    expect(optionsOf("new Pool('postgres://h/db');").options).toBeUndefined();
  });

  it('a spread after a written option may replace it', () => {
    const file = parse("import { extra } from './e';\nconst o = { max: 1, ...extra };");
    const options = readObjectOptions(file.scopeManager, nodeOf(file, 'ObjectExpression'));
    expect(isOverriddenBySpread(options, options.written.get('max')!, 'max')).toBe(true);
  });
});
