import module, { createRequire } from 'node:module';
import { oxcParser } from '../analysis/ast/oxc-parse.js';

/**
 * V8's code cache for TypeScript, which `--verify` and `--vendor` load: it compiles in ~200 ms
 * on every start and in ~50 ms from the cache (measured on Node 20, 2-core VM). Node 22.1+ has
 * this built in (`module.enableCompileCache`, stored under the system temp folder); on Node 20
 * the `v8-compile-cache` package does the same for `require`d modules (stored under
 * `$TMPDIR/v8-compile-cache-<uid>`). Not turned on for a plain `--check`/fix run any more: since
 * files parse with oxc-parser (analysis/ast/oxc-parse.ts) such a run loads no TypeScript, and
 * the package's cache (hashing every module, reading a blob that holds TypeScript) then cost
 * more than it saved: CPU time, 9 runs, medians, --check 3 files with 1 candidate 0.40 s with
 * it vs 0.34 s without, --check over the 300-file corpus 0.84 s vs 0.72 s. Turned off with
 * `NODE_DISABLE_COMPILE_CACHE=1` (Node's own switch) or `DISABLE_V8_COMPILE_CACHE=1` (the
 * package's). Any failure to set it up only costs speed, so it is swallowed.
 */
let enabled = false;
const require = createRequire(import.meta.url);

type Compile = (this: unknown, content: string, filename: string) => unknown;
interface CompilingModule {
  prototype: { _compile: Compile };
}
/** Node's own `_compile` and the `v8-compile-cache` one that replaced it, when that package is in use. */
let hook: { original: Compile; cached: Compile } | undefined;

export function enableCompileCache(): void {
  if (enabled) return;
  enabled = true;
  // An ES module required while `v8-compile-cache` compiles CommonJS fails to load: the parser first.
  oxcParser();
  if (process.env.NODE_DISABLE_COMPILE_CACHE || process.env.DISABLE_V8_COMPILE_CACHE) return;
  try {
    const builtIn = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
    if (typeof builtIn === 'function') builtIn();
    else {
      const Module = module as unknown as CompilingModule;
      const original = Module.prototype._compile;
      require('v8-compile-cache');
      if (Module.prototype._compile !== original) hook = { original, cached: Module.prototype._compile };
    }
  } catch {
    // No cache: the run is slower, not wrong.
  }
}

/**
 * Runs `load` with Node's own compiler: `v8-compile-cache` compiles CommonJS modules through
 * `vm.Script` without an `import()` callback, so a module it compiles cannot `import()`
 * (ESLint's config loader imports `eslint.config.*` that way: "A dynamic import callback was
 * not specified"). Node 22's built-in cache has no such limit and is left on.
 */
export async function withoutCompileCacheHook<T>(load: () => Promise<T>): Promise<T> {
  if (hook === undefined) return load();
  const Module = module as unknown as CompilingModule;
  const { original, cached } = hook;
  Module.prototype._compile = original;
  try {
    return await load();
  } finally {
    Module.prototype._compile = cached;
  }
}
