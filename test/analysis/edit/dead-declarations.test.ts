import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import type { Range } from '../../../analysis/ast/range.js';
import { declarationsOnlyReadBy } from '../../../analysis/edit/dead-declarations.js';

/** The declarations left unread once the statements starting with `log(` are dropped. */
function dead(code: string): string[] {
  const file = parseModule(code, '/p/dead.ts');
  const dropped: Range[] = [];
  for (const statement of file.program.body) if (code.startsWith('log(', statement.range[0])) dropped.push(statement.range);
  return declarationsOnlyReadBy(file, dropped).map((removal) => code.slice(removal.range[0], removal.range[1]));
}

describe('declarationsOnlyReadBy', () => {
  it('finds side-effect-free declarations only dropped code read, transitively', () => {
    expect(dead('const env = process.env;\nconst url = env.DATABASE_URL;\nlog(url);\n')).toEqual([
      'const url = env.DATABASE_URL;',
      'const env = process.env;',
    ]);
  });

  it('keeps declarations read elsewhere, never read, or with side effects', () => {
    expect(dead('const url = process.env.DATABASE_URL;\nlog(url);\nconnect(url);\n')).toEqual([]);
    expect(dead('const unused = 1;\nlog(2);\n')).toEqual([]);
    expect(dead('const url = read();\nlog(url);\n')).toEqual([]);
    expect(dead('const a = 1, b = 2;\nlog(a, b);\n')).toEqual([]);
    expect(dead('export const url = process.env.DATABASE_URL;\nlog(url);\n')).toEqual([]);
  });
});
