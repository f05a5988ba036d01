import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ParsedFile } from '../ast/parsed-file.js';
import { rangeOf } from '../ast/range.js';
import { PRISMA_CLIENT, prismaClientClassOf } from './client-class.js';
import { ConstructionAnalyzer } from './construction-flow.js';
import { moduleIndexOf } from './module-index.js';
import type { PrismaClientAnalysis } from './types.js';

/**
 * How a module constructs its PrismaClient: every construction (client-class.ts), followed
 * to its `$extends` calls and holder (construction-flow.ts), placed relative to the Lambda
 * handler (placement.ts), with its `log` option (log-option.ts); plus the type references,
 * named imports and top-level names the fixes need. Plain values out (ranges, names, kinds).
 */

const analysisByProgram = new WeakMap<TSESTree.Program, PrismaClientAnalysis>();

/**
 * Analyses a module's PrismaClient constructions. Cached per AST, so every rule of a lint
 * pass and the codemod's detection share one walk.
 */
export function analyzePrismaClients(file: ParsedFile): PrismaClientAnalysis {
  const cached = analysisByProgram.get(file.program);
  if (cached) return cached;
  const analysis = computeAnalysis(file);
  analysisByProgram.set(file.program, analysis);
  return analysis;
}

const EMPTY_ANALYSIS: PrismaClientAnalysis = {
  constructions: [],
  typeReferences: [],
  namedImports: [],
  moduleScopeNames: new Set(),
  afterImports: 0,
};

function computeAnalysis(file: ParsedFile): PrismaClientAnalysis {
  const { program, sourceText } = file;
  // Most linted files never mention the class: skip the walk.
  if (!sourceText.includes(PRISMA_CLIENT)) return EMPTY_ANALYSIS;
  const index = moduleIndexOf(file);
  const clientClass = prismaClientClassOf(index);
  const analyzer = new ConstructionAnalyzer(index, clientClass);
  const constructions = index.newExpressions
    .filter((node) => clientClass.isClassCallee(node.callee))
    .map((node) => analyzer.analyze(node, sourceText));
  const typeReferences = index.typeReferences.filter((node) => clientClass.isTypeReference(node)).map(rangeOf);
  const firstStatement = program.body.find(
    (statement) =>
      statement.type !== 'ImportDeclaration' &&
      statement.type !== 'TSImportEqualsDeclaration' &&
      !(statement.type === 'ExpressionStatement' && statement.directive !== undefined),
  );
  return {
    constructions,
    typeReferences,
    namedImports: index.namedImports,
    moduleScopeNames: index.moduleScopeNames,
    afterImports: firstStatement ? firstStatement.range[0] : program.range[1],
  };
}
