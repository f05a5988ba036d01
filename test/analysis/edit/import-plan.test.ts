import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { ImportPlan, planNamedImport } from '../../../analysis/edit/import-plan.js';
import { applyTextEdits } from '../../../analysis/edit/text-edit.js';

const RUNTIME = 'prisma-aurora-fix/runtime';

/** The file after importing `names` from the runtime, and the local name of each. */
function importing(code: string, names: string[], path = '/p/src/file.ts') {
  const plan = new ImportPlan(parseModule(code, path), RUNTIME, path);
  const locals = names.map((name) => plan.localName(name));
  for (const name of names) plan.use(name);
  return { output: applyTextEdits(code, plan.edits()), locals };
}

describe('ImportPlan', () => {
  it('reuses an import the file has, under any alias, and adds nothing', () => {
    expect(importing("import { auroraRetry as retry } from 'prisma-aurora-fix/runtime';\nuse();\n", ['auroraRetry'])).toEqual({
      output: "import { auroraRetry as retry } from 'prisma-aurora-fix/runtime';\nuse();\n",
      locals: ['retry'],
    });
    expect(
      importing("const { runMigration: run } = require('prisma-aurora-fix/runtime');\nuse();\n", ['runMigration'], '/p/a.cjs').locals,
    ).toEqual(['run']);
    expect(
      importing("const { withRetry = fallback } = await import('prisma-aurora-fix/runtime');\nuse();\n", ['withRetry']).locals,
    ).toEqual(['withRetry']);
  });

  it('does not reuse a type-only import (and does not clash with its name)', () => {
    expect(importing("import type { auroraRetry } from 'prisma-aurora-fix/runtime';\nuse();\n", ['auroraRetry']).output).toBe(
      "import type { auroraRetry } from 'prisma-aurora-fix/runtime';\nimport { auroraRetry as auroraRetry2 } from 'prisma-aurora-fix/runtime';\nuse();\n",
    );
  });

  it('adds to an import or a destructured require of the module', () => {
    expect(importing("import { withRetry } from 'prisma-aurora-fix/runtime'\nuse()\n", ['runMigration']).output).toBe(
      "import { withRetry, runMigration } from 'prisma-aurora-fix/runtime'\nuse()\n",
    );
    expect(importing("const { withRetry } = require('prisma-aurora-fix/runtime');\nuse();\n", ['runMigration'], '/p/a.js').output).toBe(
      "const { withRetry, runMigration } = require('prisma-aurora-fix/runtime');\nuse();\n",
    );
  });

  it('adds one statement after the last import, in the quotes, semicolons and line breaks of the file', () => {
    expect(importing('import a from "a";\r\nimport b from "b";\r\nuse();\r\n', ['withRetry', 'runMigration']).output).toBe(
      'import a from "a";\r\nimport b from "b";\r\nimport { runMigration, withRetry } from "prisma-aurora-fix/runtime";\r\nuse();\r\n',
    );
    expect(importing("import a from 'a'\nuse()\n", ['auroraRetry']).output).toBe(
      "import a from 'a'\nimport { auroraRetry } from 'prisma-aurora-fix/runtime'\nuse()\n",
    );
  });

  it('writes a require in CommonJS: after the last require, or in a .cjs file or one that sets module.exports', () => {
    expect(
      importing("'use strict';\n\nconst path = require('node:path');\n\nexports.handler = run;\n", ['runMigration'], '/p/a.js').output,
    ).toBe(
      "'use strict';\n\nconst path = require('node:path');\nconst { runMigration } = require('prisma-aurora-fix/runtime');\n\nexports.handler = run;\n",
    );
    expect(importing('module.exports = run;\n', ['runMigration'], '/p/a.js').output).toBe(
      "const { runMigration } = require('prisma-aurora-fix/runtime');\nmodule.exports = run;\n",
    );
    expect(importing('run()\n', ['runMigration'], '/p/a.cjs').output).toBe(
      "const { runMigration } = require('prisma-aurora-fix/runtime')\nrun()\n",
    );
  });

  it('with no import at all: right above the first statement after the directives', () => {
    expect(importing("'use server';\nexport const a = 1;\n", ['auroraRetry'], '/p/a.js').output).toBe(
      "'use server';\nimport { auroraRetry } from 'prisma-aurora-fix/runtime';\nexport const a = 1;\n",
    );
  });

  it('takes a free name when the file has one of its own', () => {
    const code = "import { withRetry } from './retry';\nconst withRetry2 = 1;\nuse(withRetry, withRetry2);\n";
    expect(importing(code, ['withRetry'])).toEqual({
      output:
        "import { withRetry } from './retry';\nimport { withRetry as withRetry3 } from 'prisma-aurora-fix/runtime';\nconst withRetry2 = 1;\nuse(withRetry, withRetry2);\n",
      locals: ['withRetry3'],
    });
    expect(importing("const { withRetry } = require('./retry');\nuse(withRetry);\n", ['withRetry'], '/p/a.js').output).toBe(
      "const { withRetry } = require('./retry');\nconst { withRetry: withRetry2 } = require('prisma-aurora-fix/runtime');\nuse(withRetry);\n",
    );
  });

  it('imports only what was used', () => {
    const code = "import a from 'a';\nuse();\n";
    const plan = new ImportPlan(parseModule(code, '/p/x.ts'), RUNTIME, '/p/x.ts');
    expect(plan.localName('withRetry')).toBe('withRetry');
    expect(plan.edits()).toEqual([]);
  });

  it('planNamedImport: one name, for one suggestion', () => {
    const code = "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n";
    const { localName, edits } = planNamedImport(parseModule(code, '/p/db.ts'), '/p/db.ts', 'auroraRetry', RUNTIME);
    expect(localName).toBe('auroraRetry');
    expect(applyTextEdits(code, edits)).toBe(
      "import { PrismaClient } from '@prisma/client';\nimport { auroraRetry } from 'prisma-aurora-fix/runtime';\nexport const prisma = new PrismaClient();\n",
    );
  });
});
