'use strict';
/**
 * Runs the no-op transform over the given paths with jscodeshift's own runner, in band (one
 * process, like the prisma-aurora-fix CLI), dry, silent, over the extensions the CLI handles,
 * skipping the folders the CLI never enters and declaration files. Prints jscodeshift's
 * counters as one JSON line. Usage: node jscodeshift-noop.cjs <path>...
 */
const path = require('node:path');
const Runner = require('jscodeshift/src/Runner.js');

const IGNORED = ['node_modules', 'dist', 'build', 'out', '.next', 'coverage', 'cdk.out', '.git', '*.d.ts'];

Runner.run(path.join(__dirname, 'noop-transform.cjs'), process.argv.slice(2), {
  runInBand: true,
  silent: true,
  dry: true,
  babel: false,
  extensions: 'ts,tsx,mts,cts,js,jsx,mjs,cjs',
  ignorePattern: IGNORED,
  verbose: 0,
}).then(
  (counters) => {
    process.stdout.write(`${JSON.stringify(counters)}\n`);
    process.exitCode = counters.error > 0 ? 2 : 0;
  },
  (error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exitCode = 2;
  },
);
