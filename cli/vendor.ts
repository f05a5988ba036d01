import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import type TypeScript from 'typescript';
import { ownPackage } from '../analysis/package/own-package.js';

/**
 * `--vendor`: the runtime copied into the user's project as one file, so the Lambda bundle
 * gains no dependency. The file is built from the package's `runtime/*.ts` sources (shipped as
 * dist/runtime-source/, where no resolution of `prisma-aurora-fix/runtime` can reach them):
 * the modules index.ts re-exports, in dependency order, with the
 * imports between them removed and their package imports merged at the top. JavaScript
 * projects get it transpiled to ES modules or CommonJS to match the file that imports it.
 */

/** The first line of every vendored copy; how a later run recognises (and refreshes) it. */
const HEADER_PATTERN = /^\uFEFF?(?:"use strict";\s*)?\/\/ prisma-aurora-fix runtime (\S+), vendored by `npx prisma-aurora-fix --vendor`/;

export function vendoredRuntimeVersion(text: string): string | undefined {
  return HEADER_PATTERN.exec(text)?.[1];
}

function header(version: string): string {
  return [
    `// prisma-aurora-fix runtime ${version}, vendored by \`npx prisma-aurora-fix --vendor\`.`,
    "// A copy of the package's runtime (MIT license) so the deployed bundle needs no extra dependency.",
    '// Do not edit: rerun `npx prisma-aurora-fix --vendor` to update it.',
    '',
  ].join('\n');
}

/**
 * The module specifier transforms are given while the vendored file's place is not yet known;
 * replaced in their output once it is (see `run.ts`). Shaped like a relative import so a
 * transform treats it as one.
 */
export const VENDOR_PLACEHOLDER = './__prisma-aurora-fix-vendored-runtime__.js';

export type VendorFormat = 'ts' | 'esm' | 'cjs';

/** Where the vendored file goes for a Prisma module `anchorPath`, and in which format. */
export function vendoredFileFor(anchorPath: string, anchorText: string, packageIsModule: boolean): { path: string; format: VendorFormat } {
  const extension = extname(anchorPath).toLowerCase();
  const dir = dirname(anchorPath);
  switch (extension) {
    case '.ts':
    case '.tsx':
      return { path: join(dir, 'aurora-retry.ts'), format: 'ts' };
    case '.mts':
      return { path: join(dir, 'aurora-retry.mts'), format: 'ts' };
    case '.cts':
      return { path: join(dir, 'aurora-retry.cts'), format: 'ts' };
    case '.mjs':
      return { path: join(dir, 'aurora-retry.mjs'), format: 'esm' };
    case '.cjs':
      return { path: join(dir, 'aurora-retry.cjs'), format: 'cjs' };
    default: {
      const usesEsm = /^\s*(?:import\s*[\w{*'"]|export\s)/m.test(anchorText);
      const format = usesEsm ? 'esm' : 'cjs';
      // A CommonJS file in a "type": "module" package must be .cjs to load at all.
      const name = format === 'cjs' && packageIsModule ? 'aurora-retry.cjs' : 'aurora-retry.js';
      return { path: join(dir, name), format };
    }
  }
}

const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s*)(['"])(\.{1,2}\/[^'"]*)\1/gm;

/**
 * How `importerPath` should name the vendored file: JavaScript always with the extension
 * (ES modules need it); TypeScript the way the file already writes its relative imports
 * (`./x.js`, `./x.ts` or `./x`), else with `.js` in a `"type": "module"` package.
 */
export function vendoredSpecifier(importerPath: string, importerText: string, vendoredPath: string, packageIsModule: boolean): string {
  let path = relative(dirname(importerPath), vendoredPath).split(sep).join('/');
  if (!path.startsWith('.')) path = `./${path}`;
  const vendoredExtension = extname(vendoredPath);
  const withoutExtension = path.slice(0, -vendoredExtension.length);
  const jsExtension = { '.ts': '.js', '.mts': '.mjs', '.cts': '.cjs' }[vendoredExtension] ?? vendoredExtension;
  if (!/\.[cm]?tsx?$/i.test(importerPath)) return withoutExtension + jsExtension;

  const existing = [...importerText.matchAll(RELATIVE_SPECIFIER)].map((match) => match[2]!);
  if (existing.some((specifier) => /\.[cm]?jsx?$/.test(specifier))) return withoutExtension + jsExtension;
  if (existing.some((specifier) => /\.[cm]?tsx?$/.test(specifier))) return withoutExtension + vendoredExtension;
  if (existing.length > 0) return withoutExtension;
  return packageIsModule ? withoutExtension + jsExtension : withoutExtension;
}

interface RuntimeModule {
  name: string;
  text: string;
  sourceFile: TypeScript.SourceFile;
}

const isRelative = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

/** The runtime as one TypeScript module (the `ts` format). */
export function buildVendoredRuntime(ts: typeof TypeScript, runtimeDir = join(ownPackage().root, 'dist/runtime-source')): string {
  const load = (name: string): RuntimeModule => {
    const path = join(runtimeDir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`cannot vendor the runtime: ${path} is missing from the installed prisma-aurora-fix package`);
    }
    return { name, text, sourceFile: ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) };
  };
  const moduleName = (specifier: string): string => basename(specifier).replace(/\.js$/, '.ts');

  const index = load('index.ts');
  const reExports: { local: string; exported: string }[] = [];
  const entryModules: string[] = [];
  for (const statement of index.sourceFile.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier === undefined || !ts.isStringLiteral(statement.moduleSpecifier)) {
      throw new Error(`cannot vendor the runtime: runtime/index.ts may only re-export (found: ${statement.getText().split('\n')[0]})`);
    }
    entryModules.push(moduleName(statement.moduleSpecifier.text));
    if (statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        reExports.push({ local: (element.propertyName ?? element.name).getText(), exported: element.name.getText() });
      }
    }
  }

  const publicNames = new Set(reExports.map((entry) => entry.local));

  // Dependencies first (depth-first post-order), each module once.
  const ordered: RuntimeModule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`cannot vendor the runtime: import cycle through runtime/${name}`);
    state.set(name, 'visiting');
    const module = load(name);
    for (const statement of module.sourceFile.statements) {
      const specifier = moduleSpecifierOf(ts, statement);
      if (specifier !== undefined && isRelative(specifier)) visit(moduleName(specifier));
    }
    state.set(name, 'done');
    ordered.push(module);
  };
  entryModules.forEach(visit);

  const namedImports = new Map<string, Set<string>>(); // "type|source" or "value|source" -> specifiers
  const otherImports = new Set<string>();
  const declaredBy = new Map<string, string>();
  const bodies: string[] = [];
  for (const module of ordered) {
    let body = '';
    let cursor = 0;
    const ownNames = new Set<string>();
    for (const statement of module.sourceFile.statements) {
      const specifier = moduleSpecifierOf(ts, statement);
      if (specifier === undefined) {
        const names = declaredNames(ts, statement);
        names.forEach((name) => ownNames.add(name));
        // Only what index.ts re-exports stays exported: the modules' internal helpers are
        // exported for each other, and one scope no longer needs that.
        const exportKeyword = ts.canHaveModifiers(statement)
          ? ts.getModifiers(statement)?.find((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
          : undefined;
        if (exportKeyword !== undefined && !names.some((name) => publicNames.has(name))) {
          body += module.text.slice(cursor, exportKeyword.getStart(module.sourceFile));
          cursor = exportKeyword.getEnd();
          while (module.text[cursor] === ' ') cursor += 1;
        }
        continue;
      }
      // Drop the statement but keep the comments before it.
      body += module.text.slice(cursor, statement.getStart(module.sourceFile));
      cursor = statement.getEnd();
      if (module.text[cursor] === '\n') cursor += 1;
      if (isRelative(specifier)) continue;
      if (ts.isImportDeclaration(statement)) collectImport(ts, statement, namedImports, otherImports);
      else otherImports.add(statement.getText(module.sourceFile));
    }
    body += module.text.slice(cursor);
    // One scope now: a name two modules declare would clash (overloads and merged
    // interfaces within one module are fine).
    for (const name of ownNames) {
      const previous = declaredBy.get(name);
      if (previous !== undefined)
        throw new Error(`cannot vendor the runtime: runtime/${previous} and runtime/${module.name} both declare ${name}`);
      declaredBy.set(name, module.name);
    }
    bodies.push(`// ---- runtime/${module.name} ----\n${body.trim()}\n`);
  }

  const aliases = reExports.filter((entry) => entry.local !== entry.exported);
  const missing = reExports.filter((entry) => !declaredBy.has(entry.local)).map((entry) => entry.local);
  if (missing.length > 0)
    throw new Error(`cannot vendor the runtime: index.ts re-exports ${missing.join(', ')}, which no runtime module declares`);

  const importLines = [
    ...[...namedImports].map(([key, specifiers]) => {
      const [kind, source] = splitOnce(key, '|');
      return `import ${kind === 'type' ? 'type ' : ''}{ ${[...specifiers].join(', ')} } from '${source}';`;
    }),
    ...otherImports,
  ];
  const aliasLine = aliases.length > 0 ? `\nexport { ${aliases.map((entry) => `${entry.local} as ${entry.exported}`).join(', ')} };\n` : '';
  return `${header(ownPackage().version)}${importLines.length > 0 ? `${importLines.join('\n')}\n\n` : ''}${bodies.join('\n')}${aliasLine}`;
}

/** The vendored file's text in `format`, from the `ts` build. */
export function vendoredRuntimeIn(ts: typeof TypeScript, format: VendorFormat, typescriptSource: string): string {
  if (format === 'ts') return typescriptSource;
  const headerText = header(ownPackage().version);
  const body = typescriptSource.startsWith(headerText) ? typescriptSource.slice(headerText.length) : typescriptSource;
  const output = ts.transpileModule(body, {
    fileName: 'aurora-retry.ts',
    compilerOptions: {
      module: format === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      removeComments: false,
      sourceMap: false,
    },
  }).outputText;
  return `${headerText}${output}`;
}

function moduleSpecifierOf(ts: typeof TypeScript, statement: TypeScript.Statement): string | undefined {
  if (
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier !== undefined &&
    ts.isStringLiteral(statement.moduleSpecifier)
  ) {
    return statement.moduleSpecifier.text;
  }
  return undefined;
}

function collectImport(
  ts: typeof TypeScript,
  statement: TypeScript.ImportDeclaration,
  named: Map<string, Set<string>>,
  other: Set<string>,
): void {
  const clause = statement.importClause;
  const source = (statement.moduleSpecifier as TypeScript.StringLiteral).text;
  if (clause !== undefined && clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings)) {
    const key = `${clause.isTypeOnly ? 'type' : 'value'}|${source}`;
    const specifiers = named.get(key) ?? new Set<string>();
    for (const element of clause.namedBindings.elements) specifiers.add(element.getText());
    named.set(key, specifiers);
    return;
  }
  other.add(statement.getText());
}

function declaredNames(ts: typeof TypeScript, statement: TypeScript.Statement): string[] {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) => bindingNames(ts, declaration.name));
  }
  if (
    (ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement)) &&
    statement.name !== undefined
  ) {
    return [statement.name.text];
  }
  return [];
}

function bindingNames(ts: typeof TypeScript, name: TypeScript.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(ts, element.name)));
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return [text.slice(0, index), text.slice(index + 1)];
}
