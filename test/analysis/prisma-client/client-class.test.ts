import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { visitNodes } from '../../../analysis/ast/tree.js';
import { isPrismaClientConstruction } from '../../../analysis/prisma-client/client-class.js';

/** The callee text of every `new` expression the recogniser takes for a PrismaClient, in source order. */
function clientCallees(code: string, path = '/p/src/db.ts'): string[] {
  const file = parseModule(code, path);
  const found: string[] = [];
  visitNodes(file.program, (node) => {
    if (node.type === 'NewExpression' && isPrismaClientConstruction(file, node))
      found.push(code.slice(node.callee.range[0], node.callee.range[1]));
  });
  return found;
}

describe('isPrismaClientConstruction', () => {
  it('knows the class under any import shape, from any module', () => {
    expect(clientCallees("import { PrismaClient } from '@prisma/client'; new PrismaClient();")).toEqual(['PrismaClient']);
    expect(clientCallees("import { PrismaClient as Db } from '../generated/prisma/client'; new Db();")).toEqual(['Db']);
    expect(clientCallees("import * as P from '@/generated/prisma'; new P.PrismaClient();")).toEqual(['P.PrismaClient']);
    expect(clientCallees("import { PrismaClient } from '@acme/db'; new PrismaClient();")).toEqual(['PrismaClient']);
  });

  it('knows it destructured, required or read as a member', () => {
    expect(clientCallees("const { PrismaClient } = require('@prisma/client'); new PrismaClient();", '/p/src/db.js')).toEqual([
      'PrismaClient',
    ]);
    expect(clientCallees("const { PrismaClient: Client } = await import('@prisma/client'); new Client();")).toEqual(['Client']);
    expect(clientCallees("const Client = require('@prisma/client').PrismaClient; new Client();", '/p/src/db.js')).toEqual(['Client']);
    expect(clientCallees("new (require('@prisma/client').PrismaClient)();", '/p/src/db.js')).toEqual([
      "require('@prisma/client').PrismaClient",
    ]);
  });

  it('follows local aliases of the class, through casts and chains of them', () => {
    expect(clientCallees("import { PrismaClient } from '@prisma/client'; const Db = PrismaClient; new Db();")).toEqual(['Db']);
    expect(
      clientCallees(
        "import { PrismaClient } from '@prisma/client'; const A = PrismaClient; const B = A as typeof PrismaClient; const C = B; new C(); new A();",
      ),
    ).toEqual(['C', 'A']);
  });

  it('takes nothing else for it', () => {
    // A type-only import is no value; a subclass is built once by its framework; other classes are other classes.
    expect(clientCallees("import type { PrismaClient } from '@prisma/client'; new PrismaClient();")).toEqual([]);
    expect(
      clientCallees("import { PrismaClient } from '@prisma/client'; class PrismaService extends PrismaClient {} new PrismaService();"),
    ).toEqual([]);
    expect(clientCallees("import { PrismaClient } from '@prisma/client'; import { Pool } from 'pg'; new Pool();")).toEqual([]);
    // Not imported at all: a local class, or a name the file never binds.
    expect(clientCallees('class PrismaClient {} new PrismaClient();')).toEqual([]);
    expect(clientCallees('new PrismaClient();')).toEqual([]);
    // A variable that is reassigned is no alias.
    expect(
      clientCallees(
        "import { PrismaClient } from '@prisma/client'; import { Other } from './o'; let Db = Other; Db = PrismaClient; new Db();",
      ),
    ).toEqual([]);
  });
});
