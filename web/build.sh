#!/usr/bin/env bash
# Builds the people's apps into web/dist on any machine: Node.js and npm from Debian's packages
# when missing (as root), the pinned dependencies (package-lock.json) when they changed, then
# esbuild (build.mjs). `--check` also type-checks (tsc), as the quality gates do.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "[web] Node.js and npm are missing: sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
  echo "[web] installing Node.js and npm from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm
fi

# npm ci leaves node_modules/.package-lock.json: newer than the lockfile means up to date.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[web] installing the pinned npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--check" ]; then
  npm run --silent check
fi
node build.mjs
