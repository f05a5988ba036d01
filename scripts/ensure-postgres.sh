#!/usr/bin/env bash
# Makes sure a PostgreSQL server binary is on this machine for the runtime tests, installing
# Debian's package when it is missing. The tests start and stop their own server in a temp
# folder (test/support/postgres.ts); nothing here starts one.
set -euo pipefail

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi

echo "prisma-aurora-fix: PostgreSQL not found, installing Debian's postgresql package" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "prisma-aurora-fix: need root (or sudo) to apt-get install postgresql" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# The package tries to start its own cluster; a policy-rc.d that refuses keeps it from doing so.
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends postgresql postgresql-client >/dev/null
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
