import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isRequireCall, requireCallSource, requiredModuleSource } from '../ast/module-source.js';
import { moduleExportName, propertyKeyName } from '../ast/names.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { topLevelNames } from '../ast/scope.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { lineBreakOf, preferredQuote, quoteAt, usesSemicolons } from './code-style.js';
import type { TextEdit } from './text-edit.js';
import { uniqueName } from './unique-name.js';

/**
 * Making names of one module available to inserted code (`auroraRetry`, `runMigration`,
 * `withRetry` from the runtime). Each name is reused when the file imports it already
 * (`import { a as b }`, `const { a: b } = require(...)`), else gets a local name no top-level
 * binding takes (`withRetry2`), and is added to an existing `import { ... } from source` or
 * `const { ... } = require(source)`, or imported by one new statement after the last
 * import/require (else right above the first statement after the directives), in the file's module system,
 * quotes, semicolons and line breaks.
 */
export class ImportPlan {
  private readonly existing = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly taken: Set<string>;
  private readonly local = new Map<string, string>();
  private readonly program: TSESTree.Program;
  private readonly text: string;

  /** `filePath` tells a `.cjs` file, which gets a `require` even when it has none yet. */
  constructor(
    file: ParsedFile,
    private readonly source: string,
    private readonly filePath: string,
  ) {
    this.program = file.program;
    this.text = file.sourceText;
    this.taken = topLevelNames(file.scopeManager);
    for (const statement of this.program.body) {
      if (statement.type === 'ImportDeclaration' && statement.source.value === source && statement.importKind !== 'type') {
        for (const specifier of statement.specifiers) {
          if (specifier.type === 'ImportSpecifier' && specifier.importKind !== 'type')
            this.remember(moduleExportName(specifier.imported), specifier.local.name);
        }
      } else if (statement.type === 'VariableDeclaration') {
        for (const declarator of statement.declarations) {
          if (declarator.id.type !== 'ObjectPattern' || requiredModuleSource(declarator.init) !== source) continue;
          for (const property of declarator.id.properties) {
            if (property.type !== 'Property') continue;
            const imported = propertyKeyName(property);
            const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
            if (imported !== undefined && value.type === 'Identifier') this.remember(imported, value.name);
          }
        }
      }
    }
  }

  private remember(imported: string, local: string): void {
    if (!this.existing.has(imported)) this.existing.set(imported, local);
  }

  /** The name code inserted into the file calls `name` by. */
  localName(name: string): string {
    const existing = this.existing.get(name);
    if (existing !== undefined) return existing;
    let local = this.local.get(name);
    if (local === undefined) {
      local = uniqueName(name, this.taken);
      this.local.set(name, local);
      this.taken.add(local);
    }
    return local;
  }

  /** Marks `name` as called by the inserted code: {@link edits} imports it unless the file does. */
  use(name: string): void {
    if (!this.existing.has(name)) this.used.add(name);
  }

  /** The edits that import every used name the file does not import yet. */
  edits(): TextEdit[] {
    const names = [...this.used].sort();
    if (names.length === 0) return [];
    const localOf = (name: string): string => this.local.get(name) ?? this.localName(name);
    const specifiers = names.map((name) => (localOf(name) === name ? name : `${name} as ${localOf(name)}`));
    const requireSpecifiers = names.map((name) => (localOf(name) === name ? name : `${name}: ${localOf(name)}`));
    const body = this.program.body;
    const quote = this.moduleQuote();
    const lineBreak = lineBreakOf(this.text);

    const sameSource = body.find(
      (statement): statement is TSESTree.ImportDeclaration =>
        statement.type === 'ImportDeclaration' &&
        statement.source.value === this.source &&
        statement.importKind !== 'type' &&
        statement.specifiers.length > 0 &&
        statement.specifiers.every((specifier) => specifier.type === 'ImportSpecifier'),
    );
    if (sameSource) {
      const last = sameSource.specifiers[sameSource.specifiers.length - 1]!;
      return [{ start: last.range[1], end: last.range[1], text: `, ${specifiers.join(', ')}` }];
    }
    const requirePattern = body.map((statement) => this.requirePattern(statement)).find((pattern) => pattern !== undefined);
    if (requirePattern) {
      const last = requirePattern.properties[requirePattern.properties.length - 1]!;
      return [{ start: last.range[1], end: last.range[1], text: `, ${requireSpecifiers.join(', ')}` }];
    }

    const imports = body.filter((statement) => statement.type === 'ImportDeclaration' || statement.type === 'TSImportEqualsDeclaration');
    const requires = body.filter(isRequireDeclaration);
    const useRequire =
      imports.length === 0 &&
      (requires.length > 0 || /\.cjs$/.test(this.filePath) || /\b(?:module\.exports|exports\.\w+)\s*=/.test(this.text));
    const anchor = (useRequire ? requires : imports).at(-1);
    const semicolon = (anchor ? this.text.slice(anchor.range[0], anchor.range[1]).endsWith(';') : usesSemicolons(this.text)) ? ';' : '';
    const statement = useRequire
      ? `const { ${requireSpecifiers.join(', ')} } = require(${quote}${this.source}${quote})${semicolon}`
      : `import { ${specifiers.join(', ')} } from ${quote}${this.source}${quote}${semicolon}`;
    if (anchor) return [{ start: anchor.range[1], end: anchor.range[1], text: `${lineBreak}${statement}` }];
    // No import yet: on its own line right above the first statement after the directives.
    const first = body.find((node) => !isDirective(node));
    const at = first ? first.range[0] : this.text.length;
    return [{ start: at, end: at, text: `${statement}${lineBreak}` }];
  }

  /** `const { a } = require(source)`, with a property to add after. */
  private requirePattern(statement: TSESTree.ProgramStatement): TSESTree.ObjectPattern | undefined {
    if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) return undefined;
    const { id, init } = statement.declarations[0]!;
    if (id.type !== 'ObjectPattern' || requireCallSource(skipTypeWrappers(init)) !== this.source) return undefined;
    const last = id.properties.at(-1);
    return last !== undefined && last.type !== 'RestElement' ? id : undefined;
  }

  /** The quotes of the file's first import, else of its first `require(...)`, else the file's. */
  private moduleQuote(): string {
    for (const statement of this.program.body) {
      if (statement.type === 'ImportDeclaration') return quoteAt(this.text, statement.source.range[0]);
    }
    return /\brequire\(\s*(['"])/.exec(this.text)?.[1] ?? preferredQuote(this.text);
  }
}

/** `const x = require('x')`, `const { a } = require('x').b`: a module-level require. */
function isRequireDeclaration(statement: TSESTree.ProgramStatement): boolean {
  if (statement.type !== 'VariableDeclaration') return false;
  return statement.declarations.some((declarator) => {
    let init = skipTypeWrappers(declarator.init);
    while (init?.type === 'MemberExpression') init = skipTypeWrappers(init.object);
    return isRequireCall(init);
  });
}

function isDirective(statement: TSESTree.ProgramStatement): boolean {
  return statement.type === 'ExpressionStatement' && typeof statement.directive === 'string';
}

/** One name from one module, for a single suggestion or transform: its local name and the edits that import it. */
export function planNamedImport(
  file: ParsedFile,
  filePath: string,
  name: string,
  source: string,
): { localName: string; edits: TextEdit[] } {
  const plan = new ImportPlan(file, source, filePath);
  const localName = plan.localName(name);
  plan.use(name);
  return { localName, edits: plan.edits() };
}
