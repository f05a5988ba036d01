import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { LogQueryEntry, PrismaClientAnalysis, PrismaClientConstruction, Range } from './prisma-client.js';
import type { TextEdit } from './text-edit.js';

/**
 * The edits behind both the `require-retry-extension` / `no-query-logging` suggestions and
 * the `add-retry-extension` transform, as text edits (`analysis/text-edit.ts`) on the
 * original source: the editor and the codemod produce the same code, and nothing outside an
 * edit is reprinted.
 */

/**
 * Joins edit lists into one, merging insertions at the same offset (in list order) so the
 * result can go to `applyTextEdits` or one ESLint suggestion.
 */
export function combineTextEdits(...lists: readonly (readonly TextEdit[])[]): TextEdit[] {
  const combined: TextEdit[] = [];
  for (const edit of lists.flat()) {
    const sameInsertion = edit.start === edit.end ? combined.find((other) => other.start === edit.start && other.end === edit.end) : undefined;
    if (sameInsertion) sameInsertion.text += edit.text;
    else combined.push({ ...edit });
  }
  return combined;
}

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
      edits.push({ ...edit(annotation), text: '' });
    }
  }
  const typeReferences = analysis.typeReferences.filter((reference) => !removedAnnotations.some((annotation) => contains(annotation, reference)));

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
      const newline = source.includes('\r\n') ? '\r\n' : '\n';
      const semicolon = usesSemicolons(source) ? ';' : '';
      edits.push({ start: at, end: at, text: `const ${wrapper} = (client: ${clientType}) => client${chain}${semicolon}${newline}${newline}` });
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
    for (const reference of typeReferences) edits.push({ ...edit(reference), text: typeName });
  }
  return edits;
}

/** `const createPrismaClient = () => new PrismaClient({...}).$extends(auroraRetry())`, placed before the statement. */
function factoryDeclaration(source: string, target: PrismaClientConstruction, name: string, chain: string): string {
  const text = source.slice(target.range[0], target.chainEnd);
  const baseIndent = indentationOfLineAt(source, target.range[0]);
  const statementIndent = indentationOfLineAt(source, target.statementRange[0]);
  const lines = text.split('\n');
  const reindented = lines
    .map((line, index) => (index > 0 && line.startsWith(baseIndent) ? statementIndent + line.slice(baseIndent.length) : line))
    .join('\n');
  const statement = source.slice(target.statementRange[0], target.statementRange[1]);
  const semicolon = statement.trimEnd().endsWith(';') ? ';' : '';
  const call = target.hasArgumentList ? reindented : `${reindented}()`;
  const newline = source.includes('\r\n') ? '\r\n' : '\n';
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

function indentationOfLineAt(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    if (!taken.has(`${base}${suffix}`)) return `${base}${suffix}`;
  }
}

function edit(range: Range): { start: number; end: number } {
  return { start: range[0], end: range[1] };
}

function sameRange(a: Range, b: Range): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function contains(outer: Range, inner: Range): boolean {
  return outer[0] <= inner[0] && inner[1] <= outer[1];
}

/**
 * Removes `'query'` entries from `log` arrays. Entries of one array are removed together;
 * an inline `log: [...]` left empty is removed as a property, and an options object left
 * empty as the only constructor argument (`new PrismaClient()`). Other levels
 * (`'info'`, `'warn'`, `'error'`) stay: they are rare and useful; only `'query'` writes every
 * statement and its parameters.
 */
export function planLogQueryRemoval(entries: readonly LogQueryEntry[]): TextEdit[] {
  const byArray = new Map<string, LogQueryEntry[]>();
  for (const entry of entries) {
    const key = entry.arrayRange.join(':');
    const group = byArray.get(key) ?? [];
    if (!group.some((existing) => sameRange(existing.range, entry.range))) group.push(entry);
    byArray.set(key, group);
  }
  const edits: TextEdit[] = [];
  for (const group of byArray.values()) {
    const first = group[0]!;
    const removed = first.siblingRanges.map((sibling) => group.some((entry) => sameRange(entry.range, sibling)));
    if (removed.every(Boolean) && first.logProperty) {
      const property = first.logProperty;
      const propertyIndex = property.siblingRanges.findIndex((sibling) => sameRange(sibling, property.range));
      if (property.siblingRanges.length === 1 && property.objectIsOnlyArgument) {
        edits.push({ ...edit(property.callArgumentsRange), text: '' });
      } else {
        edits.push({ ...edit(removalRange(property.siblingRanges, propertyIndex, propertyIndex)), text: '' });
      }
      continue;
    }
    for (let start = 0; start < removed.length; start += 1) {
      if (!removed[start]) continue;
      let end = start;
      while (end + 1 < removed.length && removed[end + 1]) end += 1;
      edits.push({ ...edit(removalRange(first.siblingRanges, start, end)), text: '' });
      start = end;
    }
  }
  return edits;
}

/** The text to delete for siblings `[first..last]` of a list, with the separating comma. */
function removalRange(siblings: readonly Range[], first: number, last: number): Range {
  const next = siblings[last + 1];
  if (next) return [siblings[first]![0], next[0]];
  const previous = siblings[first - 1];
  if (previous) return [previous[1], siblings[last]![1]];
  return [siblings[first]![0], siblings[last]![1]];
}

/**
 * A text edit that makes `name` from `source` available (for an editor suggestion; the
 * codemod uses jscodeshift's `ensureNamedImport`): reuses an existing import under any
 * alias, adds a specifier to an existing `import { ... } from source`, or adds an import
 * after the last one (a `require` in CommonJS files), matching the file's quotes and
 * semicolons.
 */
export function planNamedImport(
  sourceText: string,
  program: TSESTree.Program,
  analysis: PrismaClientAnalysis,
  name: string,
  source: string,
): { localName: string; edits: TextEdit[] } {
  const existing = analysis.namedImports.find((named) => named.importedName === name && named.source === source);
  if (existing) return { localName: existing.localName, edits: [] };

  const imports = program.body.filter((statement): statement is TSESTree.ImportDeclaration => statement.type === 'ImportDeclaration');
  const sameSource = imports.find(
    (declaration) =>
      declaration.source.value === source &&
      declaration.importKind !== 'type' &&
      declaration.specifiers.length > 0 &&
      declaration.specifiers.every((specifier) => specifier.type === 'ImportSpecifier'),
  );
  if (sameSource) {
    const last = sameSource.specifiers[sameSource.specifiers.length - 1]!;
    return { localName: name, edits: [{ start: last.range[1], end: last.range[1], text: `, ${name}` }] };
  }
  const quote = quoteStyle(sourceText, imports[0]?.source ?? undefined);
  const newline = sourceText.includes('\r\n') ? '\r\n' : '\n';
  const lastImport = imports[imports.length - 1];
  if (lastImport) {
    const semicolon = sourceText.slice(lastImport.range[0], lastImport.range[1]).endsWith(';') ? ';' : '';
    return {
      localName: name,
      edits: [{ start: lastImport.range[1], end: lastImport.range[1], text: `${newline}import { ${name} } from ${quote}${source}${quote}${semicolon}` }],
    };
  }
  const requires = program.body.filter(
    (statement): statement is TSESTree.VariableDeclaration =>
      statement.type === 'VariableDeclaration' && statement.declarations.some((declarator) => isRequireCall(declarator.init)),
  );
  const lastRequire = requires[requires.length - 1];
  if (lastRequire) {
    const semicolon = sourceText.slice(lastRequire.range[0], lastRequire.range[1]).endsWith(';') ? ';' : '';
    const requireQuote = quoteOfRequire(sourceText, lastRequire) ?? quote;
    return {
      localName: name,
      edits: [{ start: lastRequire.range[1], end: lastRequire.range[1], text: `${newline}const { ${name} } = require(${requireQuote}${source}${requireQuote})${semicolon}` }],
    };
  }
  const firstStatement = program.body.find((statement) => !(statement.type === 'ExpressionStatement' && 'directive' in statement && statement.directive));
  const at = firstStatement ? firstStatement.range[0] : sourceText.length;
  return {
    localName: name,
    edits: [{ start: at, end: at, text: `import { ${name} } from ${quote}${source}${quote}${usesSemicolons(sourceText) ? ';' : ''}${newline}` }],
  };
}

/** Whether the file ends its statements with semicolons (most lines that end a statement do). */
function usesSemicolons(source: string): boolean {
  return /;[ \t]*\r?$/m.test(source);
}

function isRequireCall(node: TSESTree.Node | null | undefined): boolean {
  return node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require';
}

function quoteOfRequire(sourceText: string, declaration: TSESTree.VariableDeclaration): string | undefined {
  const text = sourceText.slice(declaration.range[0], declaration.range[1]);
  return /require\(\s*(['"])/.exec(text)?.[1];
}

function quoteStyle(sourceText: string, literal: TSESTree.StringLiteral | undefined): string {
  if (literal) return sourceText[literal.range[0]] === '"' ? '"' : "'";
  const single = (sourceText.match(/'/g) ?? []).length;
  const double = (sourceText.match(/"/g) ?? []).length;
  return double > single ? '"' : "'";
}
