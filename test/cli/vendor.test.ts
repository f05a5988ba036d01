import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Project, ts } from 'ts-morph';
import typescript from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report.js';
import { buildVendoredRuntime, vendoredRuntimeIn, vendoredSpecifier } from '../../cli/vendor.js';
import * as runtime from '../../runtime/index.js';
import { REPO_ROOT, ensureBuilt, makeRepo, makeTempDir, removeTempDirs, runCli, writeFiles } from './support.js';

/** `--vendor`: the runtime as one file in the user's project, in the project's own module format. */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const json = (stdout: string): Report => JSON.parse(stdout) as Report;
const RUNTIME_EXPORTS = Object.keys(runtime).sort();

/** The value exports of a vendored file, by loading it with Node. */
function loadedExports(dir: string, file: string, format: 'esm' | 'cjs'): string[] {
  const script =
    format === 'cjs'
      ? `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(join(dir, file))}))))`
      : `import(${JSON.stringify(`file://${join(dir, file)}`)}).then((m) => console.log(JSON.stringify(Object.keys(m))))`;
  return (JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' })) as string[])
    .filter((key) => key !== '__esModule')
    .sort();
}

const PRISMA_MODULE_ESM_TS = `import { PrismaClient } from '@prisma/client';
import { databaseUrl } from './config.js';

export const prisma = new PrismaClient({ datasourceUrl: databaseUrl });
`;

const MIGRATION_HANDLER_TS = `import { execFileSync } from 'node:child_process';

export const handler = async (): Promise<void> => {
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], { stdio: 'inherit' });
};
`;

describe('--vendor, TypeScript (ES modules, NodeNext)', () => {
  it('writes one runtime file next to the Prisma module, imports it relatively, and type-checks', () => {
    const dir = makeRepo({
      'package.json':
        '{ "name": "app", "type": "module", "dependencies": { "@prisma/client": "^7.0.0", "@types/aws-lambda": "^8.10.0" } }\n',
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src'],
      }),
      'src/lib/config.ts': 'export const databaseUrl = process.env.DATABASE_URL;\n',
      'src/lib/prisma.ts': PRISMA_MODULE_ESM_TS,
      'src/functions/migrate.ts': MIGRATION_HANDLER_TS,
      '.gitignore': 'node_modules\n',
    });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));

    const result = runCli(['--vendor', '--verify', '--json'], dir);
    const report = json(result.stdout);
    expect(result.status, result.stdout).toBe(0);
    expect(report.verify?.newDiagnostics).toEqual([]);
    expect(report.files.find((file) => file.path === 'src/lib/aurora-retry.ts')).toMatchObject({
      status: 'changed',
      created: true,
      written: true,
      transforms: ['vendor'],
    });

    const vendored = readFileSync(join(dir, 'src/lib/aurora-retry.ts'), 'utf8');
    expect(vendored).toMatch(/^\/\/ prisma-aurora-fix runtime \S+, vendored by `npx prisma-aurora-fix --vendor`\./);
    for (const module of readdirSync(join(REPO_ROOT, 'runtime')).filter((name) => name.endsWith('.ts') && name !== 'index.ts')) {
      expect(vendored).toContain(`// ---- runtime/${module} ----`);
    }
    expect(vendored).not.toMatch(/from '\.\.?\//);
    expect(readFileSync(join(dir, 'src/lib/prisma.ts'), 'utf8')).toContain("import { auroraRetry } from './aurora-retry.js';");
    const migrate = readFileSync(join(dir, 'src/functions/migrate.ts'), 'utf8');
    if (report.files.find((file) => file.path === 'src/functions/migrate.ts')?.status === 'changed') {
      expect(migrate).toMatch(/from '\.\.\/lib\/aurora-retry\.js'/);
    }
    expect(readFileSync(join(dir, 'src/lib/prisma.ts'), 'utf8')).not.toContain('prisma-aurora-fix/runtime');

    // The same file, transpiled as the JS variants are, exports what the package's runtime exports.
    writeFileSync(join(dir, 'vendored.mjs'), vendoredRuntimeIn(typescript, 'esm', vendored));
    expect(loadedExports(dir, 'vendored.mjs', 'esm')).toEqual(expect.arrayContaining(RUNTIME_EXPORTS));

    // Idempotent: a second run changes nothing, and the copy is recognised as ours.
    const again = json(runCli(['--vendor', '--json', '--verbose'], dir).stdout);
    expect(again.totals.changed).toBe(0);
    expect(again.files.find((file) => file.path === 'src/lib/aurora-retry.ts')).toMatchObject({ status: 'skipped', quiet: true });
  });

  it('refreshes an outdated vendored copy, and --check notices one', () => {
    const dir = makeRepo({
      'lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n",
    });
    expect(runCli(['--vendor'], dir).status).toBe(0);
    const current = readFileSync(join(dir, 'lib/aurora-retry.ts'), 'utf8');
    const outdated = current
      .replace(/runtime \S+, vendored/, 'runtime 0.0.1, vendored')
      .replace('export function', 'export async function');
    writeFileSync(join(dir, 'lib/aurora-retry.ts'), outdated);
    expect(runCli(['--check'], dir).status, 'without --vendor the copy is not touched').toBe(0);
    expect(runCli(['--vendor', '--check'], dir).status).toBe(1);
    const result = json(runCli(['--vendor', '--json', '--force'], dir).stdout);
    expect(result.files.find((file) => file.path === 'lib/aurora-retry.ts')).toMatchObject({
      status: 'changed',
      created: false,
      written: true,
    });
    expect(readFileSync(join(dir, 'lib/aurora-retry.ts'), 'utf8')).toBe(current);
  });

  it('refuses to overwrite a file of the same name that is not a vendored runtime', () => {
    const mine = 'export const auroraRetry = () => "mine";\n';
    const dir = makeRepo({
      'lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n",
      'lib/aurora-retry.ts': mine,
    });
    const result = runCli(['--vendor'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('aurora-retry.ts already exists and is not a vendored prisma-aurora-fix runtime');
    expect(readFileSync(join(dir, 'lib/aurora-retry.ts'), 'utf8')).toBe(mine);
  });
});

describe('--vendor, JavaScript', () => {
  it('CommonJS: a CommonJS copy, required with its extension', () => {
    const dir = makeRepo({
      'package.json': '{ "name": "app", "devDependencies": { "@types/aws-lambda": "^8.10.0" } }\n',
      'functions/db.js':
        "const { PrismaClient } = require('@prisma/client');\n\nconst prisma = new PrismaClient();\n\nmodule.exports = { prisma };\n",
    });
    expect(runCli(['--vendor'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'functions/db.js'), 'utf8')).toContain("require('./aurora-retry.js')");
    const vendored = readFileSync(join(dir, 'functions/aurora-retry.js'), 'utf8');
    expect(vendored).toMatch(/^\/\/ prisma-aurora-fix runtime \S+, vendored by/);
    expect(vendored).not.toMatch(/^\s*(import|export)\s/m);
    expect(loadedExports(dir, 'functions/aurora-retry.js', 'cjs')).toEqual(expect.arrayContaining(RUNTIME_EXPORTS));
    expect(runCli(['--vendor', '--check'], dir).status).toBe(0);
  });

  it('ES modules ("type": "module"): an ES module copy', () => {
    const dir = makeRepo({
      'package.json': '{ "name": "app", "type": "module", "devDependencies": { "@types/aws-lambda": "^8.10.0" } }\n',
      'lib/db.js': "import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n",
    });
    expect(runCli(['--vendor'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'lib/db.js'), 'utf8')).toContain("from './aurora-retry.js'");
    expect(readFileSync(join(dir, 'lib/aurora-retry.js'), 'utf8')).toMatch(/^export (async )?function /m);
    expect(loadedExports(dir, 'lib/aurora-retry.js', 'esm')).toEqual(expect.arrayContaining(RUNTIME_EXPORTS));
  });

  it('.mjs: an .mjs copy', () => {
    const dir = makeRepo({ 'lib/db.mjs': "import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n" });
    expect(runCli(['--vendor'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'lib/db.mjs'), 'utf8')).toContain("from './aurora-retry.mjs'");
    expect(loadedExports(dir, 'lib/aurora-retry.mjs', 'esm')).toEqual(expect.arrayContaining(RUNTIME_EXPORTS));
  });
});

describe('vendoredSpecifier', () => {
  const vendored = '/p/src/lib/aurora-retry.ts';
  it.each([
    ['follows .js relative imports', '/p/src/lib/prisma.ts', "import { a } from './a.js';", false, './aurora-retry.js'],
    ['follows extensionless relative imports', '/p/src/lib/prisma.ts', "import { a } from './a';", true, './aurora-retry'],
    ['follows .ts relative imports', '/p/src/lib/prisma.ts', "import { a } from '../a.ts';", false, './aurora-retry.ts'],
    ['no relative import, "type": "module": .js', '/p/src/lib/prisma.ts', "import x from 'x';", true, './aurora-retry.js'],
    ['no relative import, CommonJS package: extensionless', '/p/src/lib/prisma.ts', '', false, './aurora-retry'],
    ['from another folder', '/p/src/functions/migrate.ts', "import { a } from './a.js';", false, '../lib/aurora-retry.js'],
    ['JavaScript always names the file', '/p/src/functions/job.js', "const a = require('./a');", false, '../lib/aurora-retry.js'],
  ])('%s', (_name, importer, text, isModule, expected) => {
    expect(vendoredSpecifier(importer, text, vendored, isModule)).toBe(expected);
  });

  it('.mts and .cts copies are named by their output extension', () => {
    expect(vendoredSpecifier('/p/a.mts', "import a from './b.mjs';", '/p/aurora-retry.mts', false)).toBe('./aurora-retry.mjs');
    expect(vendoredSpecifier('/p/a.cts', "import a from './b.cjs';", '/p/aurora-retry.cts', false)).toBe('./aurora-retry.cjs');
  });
});

describe('buildVendoredRuntime keeps the single-file contract honest', () => {
  const runtimeDir = (files: Record<string, string>): string => {
    const dir = makeTempDir();
    writeFiles(dir, files);
    return dir;
  };

  it('orders modules by dependency, removes the imports between them, merges package imports', () => {
    const dir = runtimeDir({
      'index.ts': "export { b } from './b.js';\nexport type { A } from './a.js';\nexport { a as aliased } from './a.js';\n",
      'a.ts': "import type { PrismaClient } from '@prisma/client';\n/** A. */\nexport type A = PrismaClient;\nexport const a = 1;\n",
      'b.ts':
        "import { a } from './a.js';\nimport type { A } from './a.js';\nimport type { Prisma } from '@prisma/client';\n\nexport const b = (x?: A, y?: Prisma.LogLevel) => a + (x ? 1 : 0) + (y ? 1 : 0);\n",
    });
    const built = buildVendoredRuntime(typescript, dir);
    expect(built).toContain("import type { PrismaClient, Prisma } from '@prisma/client';");
    expect(built).not.toMatch(/from '\.\//);
    expect(built.indexOf('// ---- runtime/a.ts ----')).toBeLessThan(built.indexOf('// ---- runtime/b.ts ----'));
    expect(built).toContain('/** A. */\nexport type A = PrismaClient;');
    expect(built).toContain('export { a as aliased };');
    const diagnostics =
      ts.transpileModule(built, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } }).diagnostics ?? [];
    expect(diagnostics).toEqual([]);
  });

  it('rejects two modules declaring the same name', () => {
    const dir = runtimeDir({
      'index.ts': "export { a } from './a.js';\nexport { b } from './b.js';\n",
      'a.ts': 'export const a = 1;\nconst shared = 1;\n',
      'b.ts': 'export const b = 2;\nfunction shared() {}\n',
    });
    expect(() => buildVendoredRuntime(typescript, dir)).toThrow('runtime/a.ts and runtime/b.ts both declare shared');
  });

  it('rejects an index.ts that does more than re-export', () => {
    const dir = runtimeDir({ 'index.ts': "export { a } from './a.js';\nexport const c = 3;\n", 'a.ts': 'export const a = 1;\n' });
    expect(() => buildVendoredRuntime(typescript, dir)).toThrow('runtime/index.ts may only re-export');
  });

  it('rejects an import cycle and a re-export of a name no module declares', () => {
    const cycle = runtimeDir({
      'index.ts': "export { a } from './a.js';\n",
      'a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'b.ts': "import { a } from './a.js';\nexport const b = 1;\nexport const c = a;\n",
    });
    expect(() => buildVendoredRuntime(typescript, cycle)).toThrow('import cycle');
    const missing = runtimeDir({ 'index.ts': "export { nope } from './a.js';\n", 'a.ts': 'export const a = 1;\n' });
    expect(() => buildVendoredRuntime(typescript, missing)).toThrow('re-exports nope');
  });

  // The copy is compiled by the user's tsconfig, not ours: the settings seen in real projects.
  const PROCESS_ENV_NEEDS_NODE_ENV =
    "declare global { namespace NodeJS { interface ProcessEnv { NODE_ENV: 'development' | 'production'; DATABASE_URL: string } } }\nexport {};\n";
  it.each([
    ['strict, NodeNext', {}, undefined],
    [
      'the strictest flags',
      {
        exactOptionalPropertyTypes: true,
        noPropertyAccessFromIndexSignature: true,
        noImplicitOverride: true,
        noImplicitReturns: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
      },
      undefined,
    ],
    ['an old lib and target (ES2019)', { target: ts.ScriptTarget.ES2019, lib: ['lib.es2019.d.ts'] }, undefined],
    ['a ProcessEnv that requires NODE_ENV', {}, PROCESS_ENV_NEEDS_NODE_ENV],
    [
      'CommonJS with classic node resolution',
      { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, ignoreDeprecations: '6.0' },
      undefined,
    ],
  ] as Array<[string, import('ts-morph').CompilerOptions, string | undefined]>)(
    'builds from the real runtime/ sources, and the build type-checks with %s',
    (_name, extra, globals) => {
      const built = buildVendoredRuntime(typescript);
      const project = new Project({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          types: ['node'],
          skipLibCheck: true,
          ...extra,
        },
      });
      const dir = join(REPO_ROOT, `.tmp/vendored-check-${_name.replace(/\W+/g, '-')}`);
      if (globals !== undefined) project.createSourceFile(join(dir, 'env.d.ts'), globals, { overwrite: true });
      project.createSourceFile(join(dir, 'aurora-retry.ts'), built, { overwrite: true });
      expect(
        project.getPreEmitDiagnostics().map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n')),
      ).toEqual([]);
    },
  );
});
