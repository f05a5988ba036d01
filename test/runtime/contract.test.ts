/**
 * The runtime's packaging contract (runtime/index.ts spells it out): the modules concatenate
 * into one valid file for `--vendor`, import nothing at load time, declare no name twice, have
 * no top-level side effects, and importing them loads no Node module (child_process only once
 * runMigration runs).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/prisma-generate.js';

const RUNTIME_DIR = join(REPO_ROOT, 'runtime');
const modules = readdirSync(RUNTIME_DIR)
  .filter((name) => name.endsWith('.ts'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(RUNTIME_DIR, name), 'utf8') }));
const implementationModules = modules.filter((module) => module.name !== 'index.ts');

const RELATIVE_IMPORT = /^import (type )?\{ [\w, ]+ \} from '\.\/([\w-]+)\.js';$/;
const PRISMA_TYPE_IMPORT = /^import type \{ [\w, ]+ \} from '@prisma\/client[\w/-]*';$/;

const work = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-contract-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sourceFile(module: { name: string; text: string }): ts.SourceFile {
  return ts.createSourceFile(module.name, module.text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function topLevelNames(file: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

/** Runtime modules in an order where each comes after the modules it imports. */
function dependencyOrder(): typeof implementationModules {
  const byName = new Map(implementationModules.map((module) => [module.name.replace(/\.ts$/, ''), module]));
  const ordered: typeof implementationModules = [];
  const visit = (name: string, path: string[]): void => {
    const module = byName.get(name);
    if (module === undefined || ordered.includes(module)) return;
    if (path.includes(name)) throw new Error(`import cycle: ${[...path, name].join(' -> ')}`);
    for (const line of module.text.split('\n')) {
      const target = RELATIVE_IMPORT.exec(line)?.[2];
      if (target !== undefined) visit(target, [...path, name]);
    }
    ordered.push(module);
  };
  for (const name of byName.keys()) visit(name, []);
  return ordered;
}

/** What `--vendor` does: the modules, imports between them removed, `export` kept. */
function concatenate(): string {
  return dependencyOrder()
    .map((module) =>
      module.text
        .split('\n')
        .filter((line) => !RELATIVE_IMPORT.test(line))
        .join('\n'),
    )
    .join('\n');
}

describe('runtime modules', () => {
  it.each(implementationModules.map((module) => [module.name, module] as const))(
    '%s imports only what the contract allows',
    (_name, module) => {
      const file = sourceFile(module);
      for (const statement of file.statements) {
        if (!ts.isImportDeclaration(statement)) continue;
        const text = statement.getText(file);
        expect(RELATIVE_IMPORT.test(text) || PRISMA_TYPE_IMPORT.test(text), text).toBe(true);
      }
      expect(module.text).not.toMatch(/\brequire\s*\(/);
      const dynamicImports = [...module.text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((match) => match[1]);
      if (module.name === 'migration.ts') {
        expect(dynamicImports.every((specifier) => specifier!.startsWith('node:'))).toBe(true);
        expect(module.text).toMatch(/await import\('node:child_process'\)/);
      } else if (module.name === 'applied-writes.ts') {
        // AsyncLocalStorage, loaded by the first withRetry call.
        expect(dynamicImports).toEqual(['node:async_hooks']);
      } else {
        expect(dynamicImports).toEqual([]);
      }
    },
  );

  it.each(implementationModules.map((module) => [module.name, module] as const))('%s has no top-level side effects', (_name, module) => {
    const file = sourceFile(module);
    for (const statement of file.statements) {
      const allowed =
        ts.isImportDeclaration(statement) ||
        ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        (ts.isVariableStatement(statement) && (statement.declarationList.flags & ts.NodeFlags.Const) !== 0);
      expect(allowed, statement.getText(file).slice(0, 80)).toBe(true);
    }
  });

  it('no two modules declare the same top-level name', () => {
    const owners = new Map<string, string>();
    for (const module of implementationModules) {
      for (const name of topLevelNames(sourceFile(module))) {
        expect(owners.get(name), `${name} in ${module.name}`).toBeUndefined();
        owners.set(name, module.name);
      }
    }
  });

  it('index.ts only re-exports, and exports every public name', () => {
    const index = modules.find((module) => module.name === 'index.ts')!;
    const file = sourceFile(index);
    expect(file.statements.length).toBeGreaterThan(0);
    for (const statement of file.statements) {
      expect(ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined, statement.getText(file)).toBe(true);
    }
    expect(index.text).toMatch(/THE SINGLE-FILE CONTRACT/);
  });

  it('concatenates into one file that type-checks under strict settings and works', async () => {
    const single = join(work, 'aurora-retry.ts');
    writeFileSync(single, concatenate());
    const program = ts.createProgram([single], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noImplicitOverride: true,
      skipLibCheck: true,
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    const output = ts.transpileModule(readFileSync(single, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const jsFile = join(work, 'aurora-retry.mjs');
    writeFileSync(jsFile, output);
    const vendored = (await import(/* @vite-ignore */ pathToFileURL(jsFile).href)) as typeof import('../../runtime/index.js');
    expect(vendored.isTransientConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(typeof vendored.auroraRetry()).toBe('function');
    await expect(vendored.withRetry(async () => 42)).resolves.toBe(42);
  });
});

describe('importing the runtime', () => {
  /** The runtime as the package ships it: dist/runtime/index.js, bundled by `npm run build`. */
  const shippedEntry = join(REPO_ROOT, 'dist/runtime/index.js');

  it('ships as one module exporting exactly the public names of runtime/index.ts', async () => {
    // One module, not seven: each extra ES module costs a Lambda a file read and a compile.
    expect(readdirSync(join(REPO_ROOT, 'dist/runtime')).filter((name) => name.endsWith('.js'))).toEqual(['index.js']);
    const shipped = (await import(pathToFileURL(shippedEntry).href)) as Record<string, unknown>;
    const index = modules.find((module) => module.name === 'index.ts')!;
    const publicNames = [...index.text.matchAll(/^export \{([^}]*)\} from/gm)].flatMap((match) =>
      match[1]!
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    );
    expect(Object.keys(shipped).sort()).toEqual(publicNames.sort());
  });

  it('loads no Node module; runMigration loads child_process when it runs', () => {
    const entry = pathToFileURL(shippedEntry).href;
    const warmUp = join(work, 'warm-up.js');
    writeFileSync(warmUp, 'export {};');
    const script = `
      // The first dynamic import loads Node's ESM loader itself: not the runtime's doing.
      await import(${JSON.stringify(pathToFileURL(warmUp).href)});
      const before = new Set(process.moduleLoadList);
      const runtime = await import(${JSON.stringify(entry)});
      const loadedByImport = process.moduleLoadList.filter((name) => !before.has(name) && name.startsWith('NativeModule'));
      await runtime.runMigration({ args: [], command: [process.execPath, '-e', ''], logger: () => {} });
      const childProcessLoaded = process.moduleLoadList.includes('NativeModule child_process');
      console.log(JSON.stringify({ loadedByImport, childProcessLoaded }));
    `;
    const result = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as {
      loadedByImport: string[];
      childProcessLoaded: boolean;
    };
    expect(result.loadedByImport).toEqual([]);
    expect(result.childProcessLoaded).toBe(true);
  });

  it('emits declarations that need no Prisma package', () => {
    const out = join(work, 'types');
    const program = ts.createProgram(
      modules.map((module) => join(RUNTIME_DIR, module.name)),
      {
        declaration: true,
        emitDeclarationOnly: true,
        outDir: out,
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: ['node'],
        typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
        skipLibCheck: true,
      },
    );
    const emitted = program.emit();
    expect(emitted.diagnostics).toEqual([]);
    const declarations = readdirSync(out)
      .map((name) => readFileSync(join(out, name), 'utf8'))
      .join('\n')
      .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(declarations).toContain('export declare function auroraRetry');
    expect(declarations).not.toMatch(/(?:from\s*|import\(\s*|reference types=)['"]@prisma\//);
  });
});
