// Builds dist/ from the TypeScript sources: cleans first (so a deleted source never ships a
// stale .js), compiles with tsc, bundles the runtime into one module, and marks the CLI
// executable (tsc keeps its shebang but not a mode bit, and npm links the bin as is).
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
bundleCli();
chmodSync(join(root, 'dist/cli/bin.js'), 0o755);

// The runtime ships as ONE module: every extra ES module a Lambda imports costs a file read,
// a package.json scope lookup and a compile (measured: ~1 ms each, ~7 ms for the seven
// modules vs ~0.5 ms bundled; bench figure 4a). The bundle is the same concatenation
// `--vendor` writes into users' projects, without comments. Its types stay tsc's per-module
// .d.ts files, which resolve without the .js files beside them.
const ts = require('typescript');
const { buildVendoredRuntime, vendoredRuntimeIn } = await import(pathToFileURL(join(root, 'dist/cli/vendor.js')).href);
const runtimeSource = buildVendoredRuntime(ts, join(root, 'runtime'));
const esm = vendoredRuntimeIn(ts, 'esm', runtimeSource);
const bundled = ts.transpileModule(esm, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: true },
}).outputText;
const runtimeDir = join(root, 'dist/runtime');
for (const file of readdirSync(runtimeDir)) {
  if (/\.js(\.map)?$/.test(file)) rmSync(join(runtimeDir, file));
}
writeFileSync(
  join(runtimeDir, 'index.js'),
  `// prisma-aurora-fix/runtime, bundled from runtime/*.ts by scripts/build.mjs. Zero dependencies.\n${bundled}`,
);

// The same bundle as CommonJS, for `require('prisma-aurora-fix/runtime')` on every Node a
// Lambda still runs (require of an ES module only works from Node 20.19 / 22.12): ES2020
// syntax, which Node 14 parses, with its own bundled declarations (index.d.cts) so
// TypeScript's node16 resolution types a `require` as CommonJS.
const cjs = ts.transpileModule(runtimeSource, {
  fileName: 'index.cts',
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, removeComments: true, esModuleInterop: true },
}).outputText;
writeFileSync(
  join(runtimeDir, 'index.cjs'),
  `// prisma-aurora-fix/runtime (CommonJS), bundled from runtime/*.ts by scripts/build.mjs. Zero dependencies.\n${cjs}`,
);
writeFileSync(join(runtimeDir, 'index.d.cts'), bundledDeclarations(runtimeSource));

// `require('prisma-aurora-fix/eslint-plugin')` (an eslint.config.cjs) gets the plugin itself,
// not a module namespace to take `.default` from. Every Node the package supports (engines:
// >=20.19) can require() the ES module build, so the CommonJS entry is that build's default
// export, not a second copy of the rules whose state (caches) would differ.
const rulesDir = join(root, 'dist/rules');
writeFileSync(
  join(rulesDir, 'index.cjs'),
  `// prisma-aurora-fix/eslint-plugin for require(): the ES module build's default export (scripts/build.mjs).\n'use strict';\nmodule.exports = require('./index.js').default;\n`,
);
writeFileSync(
  join(rulesDir, 'index.d.cts'),
  `import type { PrismaAuroraFixPlugin } from './index.js';\ndeclare const plugin: PrismaAuroraFixPlugin;\nexport = plugin;\n`,
);

// `--vendor` builds its copy from the runtime's TypeScript sources; they ship here, not at
// runtime/*.ts, where `moduleResolution: "node"` would resolve `prisma-aurora-fix/runtime`
// to the sources and type-check them under the user's settings.
const sourceDir = join(root, 'dist/runtime-source');
mkdirSync(sourceDir, { recursive: true });
for (const file of readdirSync(join(root, 'runtime'))) {
  if (file.endsWith('.ts')) copyFileSync(join(root, 'runtime', file), join(sourceDir, file));
}

/** Declarations of the one-module runtime, emitted by tsc from its bundled TypeScript. */
function bundledDeclarations(source) {
  const scratch = join(root, 'dist/.declarations');
  mkdirSync(scratch, { recursive: true });
  const input = join(scratch, 'index.cts');
  writeFileSync(input, source);
  let output;
  const program = ts.createProgram([input], {
    declaration: true,
    emitDeclarationOnly: true,
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    skipLibCheck: true,
    removeComments: false,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    throw new Error(`runtime declarations: ${ts.formatDiagnostics(diagnostics, ts.createCompilerHost({}))}`);
  }
  program.emit(undefined, (fileName, text) => {
    if (fileName.endsWith('.d.cts')) output = text;
  });
  rmSync(scratch, { recursive: true, force: true });
  if (output === undefined) throw new Error('runtime declarations: tsc emitted no index.d.cts');
  return output;
}

/**
 * The bin as a few bundles instead of ~150 ES modules (cli/, analysis/, rules/, codemods/): each
 * module costs a file read, a package.json scope lookup, a compile and a link, and a pre-commit run
 * loads most of them. esbuild splits at the dynamic imports, so `--help` still loads only the
 * argument parser and a run without a candidate file no parser; dependencies stay external
 * (resolved from node_modules as before). Measured on a loaded 2-core VM, 11 interleaved rounds
 * against `node -e 0`: `--check` on 3 files with 1 candidate 4.5x -> 2.9x, with 0 candidates
 * 1.8x -> 1.3x. tsc's per-module files stay beside it for the tests and the bench, which import
 * single modules.
 */
function bundleCli() {
  const esbuild = require('esbuild');
  rmSync(join(root, 'dist/cli/bin.js.map'), { force: true });
  esbuild.buildSync({
    entryPoints: [join(root, 'dist/cli/bin.js')],
    outdir: join(root, 'dist/cli'),
    allowOverwrite: true,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
}
