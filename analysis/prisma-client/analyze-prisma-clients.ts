import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ParsedFile } from '../ast/parsed-file.js';
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
  namedImports: [],
};

function computeAnalysis(file: ParsedFile): PrismaClientAnalysis {
  const { program, sourceText } = file;
  // Most linted files never mention the class: skip the walk.
  if (!sourceText.includes(PRISMA_CLIENT)) return EMPTY_ANALYSIS;
  const index = moduleIndexOf(file);
  const clientClass = prismaClientClassOf(index);
  const analyzer = new ConstructionAnalyzer(index);
  const constructions = index.newExpressions
    .filter((node) => clientClass.isClassCallee(node.callee))
    .map((node) => analyzer.analyze(node, sourceText));
  return { constructions, namedImports: index.namedImports };
}
