// Imports one module and prints how long the import took inside this process and the
// process's peak RSS, as one JSON line. Usage: node time-import.mjs <specifier> [<warm-up specifier>]
// The imports before the timed one pay the ES module loader's one-time set-up (and, with a
// warm-up package, the bare-specifier resolver's), which any Lambda has paid for its own
// imports by the time it imports ours, so the timed import measures the module itself.
await import('./warm-up.mjs');
if (process.argv[3] !== undefined) await import(process.argv[3]);
const specifier = process.argv[2];
const started = performance.now();
await import(specifier);
const importMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ importMs, maxRssKb: process.resourceUsage().maxRSS })}\n`);
