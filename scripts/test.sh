#!/usr/bin/env bash
# The whole test suite: what `npm test` and .ci/run run. Installs the system tools the tests
# drive (PostgreSQL, git, pre-commit, from Debian's packages), builds the package (the tests exercise the
# built exports and the real bin), type-checks, lints, runs vitest, then the benchmark's quick run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-packages.sh
npm run --silent build
npx tsc -p tsconfig.json --noEmit
# The project's own lint: eslint-plugin-eslint-plugin on the rules, and the layers (eslint.config.js).
npm run --silent lint
# Formatting (Prettier, .prettierrc.json): `npm run format` fixes what this reports.
npm run --silent format:check
npx vitest run "$@"

# The benchmark's quick run (bench/README.md, under a minute): it prints the figures and fails
# only when one could not be measured or is more than 2x off its goal, judged on the spread
# of its rounds, so a noisy neighbour does not fail the build and a real regression does.
# Not when running a subset of the tests (`npm test -- test/rules`), nor with SKIP_BENCH=1.
if [ "$#" -eq 0 ] && [ "${SKIP_BENCH:-}" != 1 ]; then
  npm run --silent bench -- --quick --strict
fi
