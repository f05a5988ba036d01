import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { visitNodes } from '../../../analysis/ast/tree.js';
import { isPrismaClientConstruction } from '../../../analysis/prisma-client/client-class.js';
import { isDriverAdapterSource, isPrismaClientSource, passesDriverAdapter } from '../../../analysis/prisma-client/driver-adapter.js';

/** For each `new` expression of the file, in source order: `callee:isPrismaClient:passesAdapter`. */
function constructions(code: string): string[] {
  const file = parseModule(code, '/p/src/db.ts');
  const found: string[] = [];
  visitNodes(file.program, (node) => {
    if (node.type !== 'NewExpression') return;
    const callee = code.slice(node.callee.range[0], node.callee.range[1]);
    found.push(`${callee}:${isPrismaClientConstruction(file, node)}:${passesDriverAdapter(file, node)}`);
  });
  return found;
}

describe('passesDriverAdapter', () => {
  it('reads adapter from the options as written, through a constant and spreads', () => {
    expect(
      constructions("import { PrismaClient } from '@prisma/client'; import { adapter } from './a'; new PrismaClient({ adapter });"),
    ).toEqual(['PrismaClient:true:true']);
    expect(
      constructions("import { PrismaClient } from '@prisma/client'; const options = { adapter: make() }; new PrismaClient(options);"),
    ).toEqual(['PrismaClient:true:true']);
    expect(
      constructions(
        "import { PrismaClient } from '@prisma/client'; const base = { adapter: make() }; new PrismaClient({ ...base, log: ['warn'] });",
      ),
    ).toEqual(['PrismaClient:true:true']);
  });

  it('finds the adapter of a construction through a local alias of the class', () => {
    expect(constructions("import { PrismaClient } from '@prisma/client'; const Db = PrismaClient; new Db({ adapter: make() });")).toEqual([
      'Db:true:true',
    ]);
    expect(
      constructions(
        "import { PrismaClient } from './generated/prisma/client'; const A = PrismaClient; const B = A as typeof PrismaClient; new B({ adapter });",
      ),
    ).toEqual(['B:true:true']);
  });

  it('does not count an adapter that is undefined or null, nor options without one', () => {
    expect(
      constructions(
        "import { PrismaClient } from '@prisma/client'; new PrismaClient({ adapter: undefined }); new PrismaClient({ adapter: null }); new PrismaClient({ log: ['error'] }); new PrismaClient();",
      ),
    ).toEqual(['PrismaClient:true:false', 'PrismaClient:true:false', 'PrismaClient:true:false', 'PrismaClient:true:false']);
  });

  it('does not follow options it cannot see', () => {
    expect(
      constructions(
        "import { PrismaClient } from '@prisma/client'; import { options } from './o'; new PrismaClient(options); new PrismaClient(...args);",
      ),
    ).toEqual(['PrismaClient:true:false', 'PrismaClient:true:false']);
  });
});

describe('Prisma module names', () => {
  it('recognises adapter and client module names', () => {
    expect(isDriverAdapterSource('@prisma/adapter-mariadb')).toBe(true);
    expect(isDriverAdapterSource('@prisma/adapter-pg')).toBe(true);
    expect(isDriverAdapterSource('@prisma/client')).toBe(false);
    for (const source of [
      '@prisma/client',
      '@prisma/client/edge',
      './generated/prisma',
      '../generated/prisma/client',
      '@/generated/prisma',
      '.prisma/client',
    ]) {
      expect(isPrismaClientSource(source)).toBe(true);
    }
    expect(isPrismaClientSource('prisma-aurora-fix/runtime')).toBe(false);
    expect(isPrismaClientSource('@prisma/adapter-pg')).toBe(false);
  });
});
