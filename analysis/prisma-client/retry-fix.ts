import { rangeContains as contains, sameRange, type Range } from '../ast/range.js';
import { lineBreakOf, usesSemicolons } from '../edit/code-style.js';
import { indentationOfLine } from '../edit/lines.js';
import { replaceRange, type TextEdit } from '../edit/text-edit.js';
import { uniqueName } from '../edit/unique-name.js';
import type { PrismaClientAnalysis, PrismaClientConstruction } from './types.js';

/**
 * The edits behind both the `require-retry-extension` suggestion and the
 * `add-retry-extension` transform, as text edits (`analysis/edit/text-edit.ts`) on the
 * original source: the editor and the codemod produce the same code, and nothing outside an
 * edit is reprinted.
 */

/** The name of the factory the fix introduces when a type must name the extended client. */
export const FACTORY_NAME = 'createPrismaClient';
/** The helper that extends clients built inside functions, when a type must name them. */
export const WRAPPER_NAME = 'extendPrismaClient';

export interface RetryFixOptions {
  /** The call to chain, e.g. `auroraRetry()`. */
  retryCall: string;
}

/**
 * Chains `.$extends(<retryCall>)` onto each target construction, keeping the client's type
 * usable without casts. An extended client is not a `PrismaClient` (it has no `$on`/`$use`),
 * so:
 * - `const prisma: PrismaClient = new PrismaClient()` loses the annotation (the type is inferred);
 * - other `PrismaClient` types (the `globalThis as unknown as { prisma: PrismaClient }` cast,
 *   `declare global { var prisma: PrismaClient | undefined }`, `let prisma: PrismaClient`,
 *   a parameter) become `ReturnType<typeof createPrismaClient>`, with the construction moved
 *   into that factory, as Prisma's Next.js guide writes the singleton with extensions
 *   (https://www.prisma.io/docs/orm/more/help-and-troubleshooting/nextjs-help). When the
 *   client already comes from a module-level factory that returns it, that factory's
 *   `ReturnType` is used instead; when it is built inside functions only (lazily, after
 *   fetching a secret), `extendPrismaClient(new PrismaClient(...))`, a module-level helper
 *   `(client: PrismaClient) => client.$extends(...)`, names it.
 */
export function planRetryFix(
  source: string,
  analysis: PrismaClientAnalysis,
  targets: readonly PrismaClientConstruction[],
  options: RetryFixOptions,
): TextEdit[] {
  const edits: TextEdit[] = [];
  const chain = `.$extends(${options.retryCall})`;
  const removedAnnotations: Range[] = [];
  for (const target of targets) {
    const annotation = target.holder?.annotationRange;
    if (annotation && target.holder?.kind === 'const' && !removedAnnotations.some((range) => sameRange(range, annotation))) {
      removedAnnotations.push(annotation);
      edits.push(replaceRange(annotation, ''));
    }
  }
  const typeReferences = analysis.typeReferences.filter(
    (reference) => !removedAnnotations.some((annotation) => contains(annotation, reference)),
  );

  let typeName: string | undefined;
  let factory: { name: string; constructionText: string } | undefined;
  let wrapper: string | undefined;
  if (typeReferences.length > 0) {
    const fromFactory = targets.find((target) => target.factoryName !== undefined);
    const moduleLevel = targets.find((target) => !target.insideFunction);
    if (fromFactory) {
      const returnType = `ReturnType<typeof ${fromFactory.factoryName}>`;
      typeName = fromFactory.factoryIsAsync ? `Awaited<${returnType}>` : returnType;
    } else if (moduleLevel) {
      const name = uniqueName(FACTORY_NAME, analysis.moduleScopeNames);
      factory = { name, constructionText: source.slice(moduleLevel.range[0], moduleLevel.chainEnd) };
      typeName = `ReturnType<typeof ${name}>`;
      const at = insertionPointBefore(source, moduleLevel.statementRange[0]);
      edits.push({ start: at, end: at, text: factoryDeclaration(source, moduleLevel, name, chain) });
    } else {
      // Built inside functions only (lazy initialisation after fetching a secret): the
      // construction cannot move to module scope, so a module-level helper extends it and
      // names the type.
      wrapper = uniqueName(WRAPPER_NAME, analysis.moduleScopeNames);
      typeName = `ReturnType<typeof ${wrapper}>`;
      const clientType = source.slice(typeReferences[0]![0], typeReferences[0]![1]).replace(/\s*<[\s\S]*$/, '');
      const at = insertionPointBefore(source, analysis.afterImports);
      const newline = lineBreakOf(source);
      const semicolon = usesSemicolons(source) ? ';' : '';
      edits.push({
        start: at,
        end: at,
        text: `const ${wrapper} = (client: ${clientType}) => client${chain}${semicolon}${newline}${newline}`,
      });
    }
  }
  for (const target of targets) {
    const constructionText = source.slice(target.range[0], target.chainEnd);
    if (factory && !target.insideFunction && constructionText === factory.constructionText) {
      edits.push({ start: target.range[0], end: target.chainEnd, text: `${factory.name}()` });
    } else if (wrapper) {
      edits.push({ start: target.range[0], end: target.range[0], text: `${wrapper}(` });
      edits.push({ start: target.chainEnd, end: target.chainEnd, text: target.hasArgumentList ? ')' : '())' });
    } else {
      edits.push({ start: target.chainEnd, end: target.chainEnd, text: target.hasArgumentList ? chain : `()${chain}` });
    }
  }
  if (typeName !== undefined) {
    for (const reference of typeReferences) edits.push(replaceRange(reference, typeName));
  }
  return edits;
}

/** `const createPrismaClient = () => new PrismaClient({...}).$extends(auroraRetry())`, placed before the statement. */
function factoryDeclaration(source: string, target: PrismaClientConstruction, name: string, chain: string): string {
  const text = source.slice(target.range[0], target.chainEnd);
  const baseIndent = indentationOfLine(source, target.range[0]);
  const statementIndent = indentationOfLine(source, target.statementRange[0]);
  const lines = text.split('\n');
  const reindented = lines
    .map((line, index) => (index > 0 && line.startsWith(baseIndent) ? statementIndent + line.slice(baseIndent.length) : line))
    .join('\n');
  const statement = source.slice(target.statementRange[0], target.statementRange[1]);
  const semicolon = statement.trimEnd().endsWith(';') ? ';' : '';
  const call = target.hasArgumentList ? reindented : `${reindented}()`;
  const newline = lineBreakOf(source);
  return `const ${name} = () => ${call}${chain}${semicolon}${newline}${newline}${statementIndent}`;
}

/** Start of the comment lines directly above a statement (a new declaration goes above them). */
function insertionPointBefore(source: string, statementStart: number): number {
  let point = statementStart;
  for (;;) {
    const lineStart = source.lastIndexOf('\n', point - 1) + 1;
    if (source.slice(lineStart, point).trim() !== '') return point; // the statement shares its line
    if (lineStart === 0) return point;
    const previousLineStart = source.lastIndexOf('\n', lineStart - 2) + 1;
    const previousLine = source.slice(previousLineStart, lineStart - 1).replace(/\r$/, '');
    const trimmed = previousLine.trim();
    if (trimmed.startsWith('//')) {
      point = previousLineStart + previousLine.indexOf('//');
      continue;
    }
    if (trimmed.endsWith('*/')) {
      const open = source.lastIndexOf('/*', lineStart);
      if (open < 0) return point;
      const openLineStart = source.lastIndexOf('\n', open - 1) + 1;
      if (source.slice(openLineStart, open).trim() !== '') return point;
      point = open;
      continue;
    }
    return point;
  }
}
