// Builds dist/ from the TypeScript sources: cleans first (so a deleted source never ships a
// stale .js), compiles with tsc, and marks the CLI executable (tsc keeps its shebang but
// not a mode bit, and npm links the bin as is).
import { chmodSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
chmodSync(join(root, 'dist/codemods/cli.js'), 0o755);
