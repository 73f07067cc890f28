#!/usr/bin/env bash
# The one test command (README, `npm test`, .ci/run): installs what a fresh Debian machine
# lacks, then runs typecheck, lint, format check, unit/component/property tests, the
# builds, and the end-to-end tests in real Chromium and Firefox ESR.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -f .e2e-artifacts/vitest.json .e2e-artifacts/e2e.tap
mkdir -p .e2e-artifacts

scripts/ensure-system-deps.sh chromium firefox-esr || exit 1
scripts/ensure-node-deps.sh || exit 1

failed_steps=()
step() {
  local name="$1"; shift
  echo
  echo "══════ $name"
  if "$@"; then echo "══════ $name: ok"; else echo "══════ $name: FAILED"; failed_steps+=("$name"); fi
}

step typecheck npm run -s typecheck
step lint npm run -s lint
step format npm run -s format:check

step build npm run -s build
step unit npx vitest run --reporter=default --reporter=json --outputFile=.e2e-artifacts/vitest.json
step e2e node --import tsx --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=.e2e-artifacts/e2e.tap tests/e2e/*.test.ts

node scripts/summarize-tests.mjs .e2e-artifacts/vitest.json .e2e-artifacts/e2e.tap "${#failed_steps[@]}"
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  exit 1
fi
