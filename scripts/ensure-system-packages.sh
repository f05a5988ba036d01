#!/usr/bin/env bash
# Installs, from Debian's packages, the system tools the test suite drives, and nothing that
# is already there: the PostgreSQL server the runtime tests start and stop themselves
# (test/support/postgres.ts), git (the CLI and hook tests make real commits in temp repos)
# and the pre-commit framework (test/hooks). Starts nothing.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql postgresql-client)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v pre-commit >/dev/null 2>&1 || missing+=(pre-commit)
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "prisma-aurora-fix: installing Debian's ${missing[*]} for the tests" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "prisma-aurora-fix: need root (or sudo) to apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
command -v git >/dev/null
command -v pre-commit >/dev/null
