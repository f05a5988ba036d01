import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { parseModule } from '../ast/parse-module.js';
import type { ScopeManager, Variable } from '../ast/scope.js';
import { listItemsRemoval } from './list-removal.js';
import { planStatementRemoval, removalEdits } from './statement-removal.js';
import { applyTextEdits, textEditsOverlap, type TextEdit } from './text-edit.js';

/**
 * Removing the module-level bindings a transform's edits left without a use: the `execFile`
 * import, the `promisify(exec)` constant. Only bindings read before the edits and for which
 * `servedRemovedCode` holds (a declaration unused before the edits is not ours to judge).
 * The file is parsed again after each round, until nothing more falls away (`util` after
 * `const run = util.promisify(cp.exec)`).
 */
export function removeBindingsLeftUnused(
  before: string,
  after: string,
  path: string,
  servedRemovedCode: (variable: Variable) => boolean,
): string {
  const usedBefore = new Set(
    topLevelVariables(parseModule(before, path).scopeManager)
      .filter((variable) => readCount(variable) > 0)
      .map((variable) => variable.name),
  );
  let current = after;
  for (let round = 0; round < 4; round += 1) {
    const { program, scopeManager } = parseModule(current, path);
    const unused = topLevelVariables(scopeManager).filter(
      (variable) => usedBefore.has(variable.name) && readCount(variable) === 0 && servedRemovedCode(variable),
    );
    if (unused.length === 0) break;
    const edits = unused.flatMap((variable) => removalOf(variable, current, program));
    const unique = edits.filter(
      (edit, index) => edits.findIndex((other) => other.start === edit.start && other.end === edit.end) === index,
    );
    if (unique.length === 0 || textEditsOverlap(unique)) break;
    current = applyTextEdits(current, unique);
  }
  return current;
}

function topLevelVariables(scopeManager: ScopeManager): Variable[] {
  return scopeManager.scopes.filter((scope) => scope.type === 'module' || scope.type === 'global').flatMap((scope) => scope.variables);
}

function readCount(variable: Variable): number {
  return variable.references.filter((reference) => !reference.init).length;
}

/** The edit that removes one binding: its specifier or property, or its whole statement when it is the last. */
function removalOf(variable: Variable, source: string, program: TSESTree.Program): TextEdit[] {
  const def = variable.defs[0]!;
  if (def.type === 'ImportBinding') {
    const specifier = def.node as TSESTree.ImportClause;
    const declaration = def.parent as TSESTree.ImportDeclaration;
    return declaration.specifiers.length === 1
      ? statementRemoval(declaration, source, program)
      : [listItemRemoval(specifier, declaration.specifiers)];
  }
  const declarator = def.node as TSESTree.VariableDeclarator;
  const declaration = program.body.find(
    (statement) => statement.type === 'VariableDeclaration' && (statement.declarations as TSESTree.Node[]).includes(declarator),
  ) as TSESTree.VariableDeclaration | undefined;
  if (declaration === undefined) return [];
  if (declarator.id.type === 'ObjectPattern' && declarator.id.properties.length > 1) {
    const property = declarator.id.properties.find(
      (candidate) => candidate.type === 'Property' && candidate.value.type === 'Identifier' && candidate.value.name === variable.name,
    );
    return property ? [listItemRemoval(property, declarator.id.properties)] : [];
  }
  if (declaration.declarations.length > 1) return [listItemRemoval(declarator, declaration.declarations)];
  return statementRemoval(declaration, source, program);
}

/** A whole statement, with its line when it has the line to itself (and a blank line that would double up). */
function statementRemoval(statement: TSESTree.Node, source: string, program: TSESTree.Program): TextEdit[] {
  return removalEdits(source, [planStatementRemoval(source, program.comments ?? [], { kind: 'statement', range: statement.range })]);
}

/** One item of a comma-separated list, with the comma and space that separate it from a neighbour. */
function listItemRemoval(item: TSESTree.Node, list: readonly TSESTree.Node[]): TextEdit {
  const [start, end] = listItemsRemoval(
    list.map((node) => node.range),
    list.indexOf(item),
  );
  return { start, end, text: '' };
}
