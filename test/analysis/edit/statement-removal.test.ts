import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { planStatementRemoval, removalEdits, type StatementRemoval } from '../../../analysis/edit/statement-removal.js';
import { applyTextEdits } from '../../../analysis/edit/text-edit.js';

/** `code` without the statements whose text starts with `drop(`, planned with `goesWithStatement` when given. */
function withoutDrops(code: string, goesWithStatement?: (comment: { value: string }) => boolean): string {
  const { program } = parseModule(code, '/p/removal.ts');
  const targets: StatementRemoval[] = [];
  const visit = (statements: readonly TSESTree.Node[]): void => {
    for (const statement of statements) {
      if (statement.type === 'ExpressionStatement' && code.startsWith('drop(', statement.range[0]))
        targets.push({ kind: 'statement', range: statement.range });
      if (statement.type === 'FunctionDeclaration') visit(statement.body.body);
      if (
        statement.type === 'IfStatement' &&
        statement.consequent.type === 'ExpressionStatement' &&
        code.startsWith('drop(', statement.consequent.range[0])
      ) {
        targets.push({ kind: 'lone-body', range: statement.consequent.range });
      }
    }
  };
  visit(program.body);
  const plans = targets.map((target) => planStatementRemoval(code, program.comments ?? [], target, goesWithStatement));
  return applyTextEdits(code, removalEdits(code, plans));
}

describe('statement removal', () => {
  it('takes a statement alone on its line with its line, and a blank line that would double up', () => {
    expect(withoutDrops('a();\n\ndrop();\n\nb();\n')).toBe('a();\n\nb();\n');
    expect(withoutDrops('a();\ndrop(); // why\nb();\n')).toBe('a();\nb();\n');
  });

  it('takes the directives above it, keeps other comments (unless the policy says they go with it)', () => {
    expect(withoutDrops('a();\n// eslint-disable-next-line no-console\ndrop();\nb();\n')).toBe('a();\nb();\n');
    expect(withoutDrops('a();\n// explains b\ndrop();\nb();\n')).toBe('a();\n// explains b\nb();\n');
    expect(withoutDrops('a();\n// debug output\ndrop();\nb();\n', (comment) => /debug/.test(comment.value))).toBe('a();\nb();\n');
  });

  it('cuts a statement out of a shared line, and leaves valid code where it was the only one', () => {
    expect(withoutDrops('a(); drop(); b();\n')).toBe('a(); b();\n');
    expect(withoutDrops('if (x) drop();\n')).toBe('if (x) {}\n');
    expect(withoutDrops('function f() {\n  drop();\n}\n')).toBe('function f() {}\n');
  });

  it('merges adjacent removals', () => {
    expect(withoutDrops('a();\n\ndrop(1);\ndrop(2);\n\nb();\n')).toBe('a();\n\nb();\n');
  });
});
