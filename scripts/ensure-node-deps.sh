#!/usr/bin/env bash
# Installs the npm dependencies from the lock file when node_modules is missing or stale.
# npm may block packages' install scripts here; nothing we use needs them (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
