import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberNameOf, propertyKeyName } from '../ast/names.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import type { Variable } from '../ast/scope.js';
import { unwrapAwaitAndTypes } from '../ast/unwrap.js';
import { moduleIndexOf, type ModuleIndex } from './module-index.js';

/**
 * The one recogniser of "this is the PrismaClient class": the export named `PrismaClient`
 * of any module, imported under any alias (`import { PrismaClient as Db }`), destructured
 * (`const { PrismaClient } = require(...)` / `await import(...)` / a default-imported
 * package object), reached as a member (`new P.PrismaClient()` on a namespace import,
 * `require('@prisma/client').PrismaClient`), or a local alias of any of these (`const Db =
 * PrismaClient`). The source is deliberately not checked: the generator's `output` can be
 * any path (`@/generated/prisma`, `../generated/prisma/client`, `.prisma/client`, ...),
 * monorepos re-export it from workspace packages (`@acme/db`), and no other library exports
 * a class of that name. A class that merely extends PrismaClient (NestJS `PrismaService`) is
 * not a construction: the framework builds it once.
 */

type Node = TSESTree.Node;

export const PRISMA_CLIENT = 'PrismaClient';

export interface PrismaClientClass {
  /** Whether a `new` callee is the class. */
  isClassCallee(callee: Node): boolean;
}

/** Finds the PrismaClient class bindings of a module: imports, destructurings, member aliases. */
function prismaClientClassVariables(index: ModuleIndex): Set<Variable> {
  const classVariables = new Set<Variable>();
  const add = (identifier: TSESTree.Identifier): void => {
    const variable = index.declaredVariable(identifier);
    if (variable) classVariables.add(variable);
  };
  const aliasCandidates: TSESTree.VariableDeclarator[] = [];
  for (const declaration of index.importDeclarations) {
    if (declaration.importKind === 'type') continue;
    for (const specifier of declaration.specifiers) {
      if (specifier.type !== 'ImportSpecifier' || specifier.importKind === 'type') continue;
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
      if (imported === PRISMA_CLIENT) add(specifier.local);
    }
  }
  for (const declarator of index.variableDeclarators) {
    if (declarator.id.type === 'ObjectPattern') {
      for (const property of declarator.id.properties) {
        if (property.type !== 'Property' || propertyKeyName(property) !== PRISMA_CLIENT) continue;
        const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
        if (value.type === 'Identifier') add(value);
      }
    } else if (declarator.id.type === 'Identifier' && declarator.init) {
      const init = unwrapAwaitAndTypes(declarator.init);
      if (memberNameOf(init) === PRISMA_CLIENT) add(declarator.id);
      else if (init.type === 'Identifier') aliasCandidates.push(declarator);
    }
  }
  // `const Db = PrismaClient`: follow aliases until nothing new appears.
  for (let changed = true; changed;) {
    changed = false;
    for (const declarator of aliasCandidates) {
      const init = unwrapAwaitAndTypes(declarator.init!);
      const source = index.variableOf(init);
      if (source && classVariables.has(source) && declarator.id.type === 'Identifier') {
        const variable = index.declaredVariable(declarator.id);
        if (variable && !classVariables.has(variable)) {
          classVariables.add(variable);
          changed = true;
        }
      }
    }
  }
  return classVariables;
}

const classByIndex = new WeakMap<ModuleIndex, PrismaClientClass>();

/** The module's PrismaClient class bindings, found once per AST. */
export function prismaClientClassOf(index: ModuleIndex): PrismaClientClass {
  const cached = classByIndex.get(index);
  if (cached) return cached;
  const classVariables = prismaClientClassVariables(index);
  const found: PrismaClientClass = {
    isClassCallee(callee) {
      const inner = unwrapAwaitAndTypes(callee);
      if (inner.type === 'Identifier') {
        const variable = index.variableOf(inner);
        return variable !== undefined && classVariables.has(variable);
      }
      return memberNameOf(inner) === PRISMA_CLIENT;
    },
  };
  classByIndex.set(index, found);
  return found;
}

/** `new PrismaClient(...)` under any alias (see the recogniser above). */
export function isPrismaClientConstruction(file: ParsedFile, expression: TSESTree.NewExpression): boolean {
  // Every form names the class somewhere in the file: most files are out without a walk.
  if (!file.sourceText.includes(PRISMA_CLIENT)) return false;
  return prismaClientClassOf(moduleIndexOf(file)).isClassCallee(expression.callee);
}
