// Builds dist/ from the TypeScript sources: cleans first (so a deleted source never ships a
// stale .js), compiles with tsc, bundles the runtime into one module, and marks the CLI
// executable (tsc keeps its shebang but not a mode bit, and npm links the bin as is).
import { chmodSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
chmodSync(join(root, 'dist/cli/bin.js'), 0o755);

// The runtime ships as ONE module: every extra ES module a Lambda imports costs a file read,
// a package.json scope lookup and a compile (measured: ~1 ms each, ~7 ms for the seven
// modules vs ~0.5 ms bundled; bench figure 4a). The bundle is the same concatenation
// `--vendor` writes into users' projects, without comments. Its types stay tsc's per-module
// .d.ts files, which resolve without the .js files beside them.
const ts = require('typescript');
const { buildVendoredRuntime, vendoredRuntimeIn } = await import(pathToFileURL(join(root, 'dist/cli/vendor.js')).href);
const esm = vendoredRuntimeIn(ts, 'esm', buildVendoredRuntime(ts, join(root, 'runtime')));
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
