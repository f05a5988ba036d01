#!/usr/bin/env bash
# The whole test suite: what `npm test` and .ci/run run. Installs the system tools the tests
# drive (PostgreSQL, git, pre-commit, from Debian's packages), builds the package (the tests exercise the
# built exports and the real bin), type-checks, then runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-packages.sh
npm run --silent build
npx tsc -p tsconfig.json --noEmit
npx vitest run "$@"
