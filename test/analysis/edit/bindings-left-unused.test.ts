import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import type { Variable } from '../../../analysis/ast/scope.js';
import { removeBindingsLeftUnused } from '../../../analysis/edit/bindings-left-unused.js';

/** Bindings imported or required from `child_process`, or made by promisify. */
function fromChildProcess(variable: Variable): boolean {
  const def = variable.defs[0];
  if (def?.type === 'ImportBinding') return (def.parent as TSESTree.ImportDeclaration).source.value === 'child_process';
  const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
  return (
    init?.type === 'CallExpression' &&
    init.callee.type === 'Identifier' &&
    (init.callee.name === 'require' || init.callee.name === 'promisify')
  );
}

describe('removeBindingsLeftUnused', () => {
  it('removes what the edit left unread, round after round, and keeps what was unused before', () => {
    const before =
      "import { exec, spawn } from 'child_process';\nimport { promisify } from 'util';\nconst run = promisify(exec);\n\nawait run('x');\n";
    const after =
      "import { exec, spawn } from 'child_process';\nimport { promisify } from 'util';\nconst run = promisify(exec);\n\nawait other('x');\n";
    // `run` goes, then `exec`; `spawn` was never read, and `util` is not ours to judge.
    expect(removeBindingsLeftUnused(before, after, '/p/a.ts', fromChildProcess)).toBe(
      "import { spawn } from 'child_process';\nimport { promisify } from 'util';\n\nawait other('x');\n",
    );
  });

  it('removes a whole statement, or one declarator or property of several', () => {
    const before = "const { execSync, execFileSync } = require('child_process');\nexecSync('a');\nexecFileSync('b');\n";
    const after = "const { execSync, execFileSync } = require('child_process');\nexecFileSync('b');\n";
    expect(removeBindingsLeftUnused(before, after, '/p/a.js', fromChildProcess)).toBe(
      "const { execFileSync } = require('child_process');\nexecFileSync('b');\n",
    );
    expect(
      removeBindingsLeftUnused(
        "const cp = require('child_process');\ncp.execSync('a');\n",
        "const cp = require('child_process');\n",
        '/p/a.js',
        fromChildProcess,
      ),
    ).toBe('');
  });

  it('leaves a file alone when nothing the edit touched is left unread', () => {
    const text = "import { execSync } from 'child_process';\nexecSync('a');\n";
    expect(removeBindingsLeftUnused(text, text, '/p/a.ts', fromChildProcess)).toBe(text);
  });
});
