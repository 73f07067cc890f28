#!/usr/bin/env bash
# ETag Lens demo: builds the extension, starts the teaching lab, and opens Chromium with the
# extension loaded on the two-user demo page, DevTools open on the ETags panel.
# Ctrl-C (or closing Chromium) stops everything.
#
# Environment:
#   LAB_PORT=8787        port of the lab (0 = any free port)
#   DEMO_HEADLESS=1      headless: check that the lab answers, Chromium shows the demo page with the
#                        ETags panel, and the panel records the page's request; then exit
#   DEMO_SKIP_BUILD=1    reuse build/chrome-mv3-prod instead of running `npm run build:chrome`
#   DEMO_SKIP_DEPS=1     skip scripts/ensure-system-deps.sh and ensure-node-deps.sh (tests)
#   CHROMIUM=/usr/bin/chromium
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
EXTENSION_DIR="$PWD/build/chrome-mv3-prod"
HEADLESS="${DEMO_HEADLESS:-0}"
WAIT_SECONDS=60

say() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[demo] %s\033[0m\n' "$*" >&2; exit 1; }

if [ "$HEADLESS" != "1" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  fail "No display (\$DISPLAY / \$WAYLAND_DISPLAY unset). Run it on a desktop, under a virtual display
       (apt-get install -y xvfb, then xvfb-run -a bash scripts/demo.sh), or headless as a smoke check (DEMO_HEADLESS=1 bash scripts/demo.sh)."
fi

if [ "${DEMO_SKIP_DEPS:-0}" != "1" ]; then
  scripts/ensure-system-deps.sh chromium
  scripts/ensure-node-deps.sh
fi
[ -x "$CHROMIUM" ] || fail "Chromium not found at $CHROMIUM (set CHROMIUM=/path/to/chromium)."

if [ "${DEMO_SKIP_BUILD:-0}" = "1" ]; then
  [ -f "$EXTENSION_DIR/manifest.json" ] || fail "DEMO_SKIP_BUILD=1 but $EXTENSION_DIR has no manifest.json: run npm run build:chrome."
else
  say "Building the extension (npm run build:chrome)…"
  npm run -s build:chrome
fi

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/etag-lens-demo.XXXXXX")"
LAB_PID=""
CHROMIUM_PID=""

# Each background job runs in its own process group (set -m), so one kill reaches its children.
stop_group() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  stop_group "$CHROMIUM_PID"
  stop_group "$LAB_PID"
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'echo; say "Stopping…"; exit 130' INT TERM
set -m

# Polls a condition (a shell command) every 0.1 s until it holds, for at most WAIT_SECONDS.
wait_until() {
  local what="$1"; shift
  for _ in $(seq $((WAIT_SECONDS * 10))); do "$@" && return 0; sleep 0.1; done
  fail "Timed out after ${WAIT_SECONDS}s waiting for $what."
}

say "Starting the lab…"
LAB_PORT="${LAB_PORT:-8787}" node --import tsx src/lab/main.ts >"$WORK_DIR/lab.log" 2>&1 &
LAB_PID=$!
lab_url() { sed -n 's/^ETag Lens lab: \(http[^ ]*\)$/\1/p' "$WORK_DIR/lab.log"; }
lab_started() { [ -n "$(lab_url)" ] || { kill -0 "$LAB_PID" 2>/dev/null || { cat "$WORK_DIR/lab.log" >&2; fail "The lab did not start (is LAB_PORT ${LAB_PORT:-8787} busy? set LAB_PORT)."; }; false; }; }
wait_until "the lab to start" lab_started
LAB_URL="$(lab_url)"
node -e 'fetch(process.argv[1]).then(async (r) => { const b = await r.json(); if (!r.ok || b.policies.length === 0) process.exit(1) })' \
  "$LAB_URL/api/_policies" || fail "The lab at $LAB_URL did not answer /api/_policies."
say "Lab answers at $LAB_URL"

# Chromium runs under scripts/demo-browser.ts, which opens DevTools on the ETags panel over
# Chromium's debugging pipe (Chrome does not reopen an extension panel by itself).
export CHROMIUM_BIN="$CHROMIUM" ETAG_LENS_CHROME_BUILD="$EXTENSION_DIR"
if [ "$HEADLESS" = "1" ]; then
  say "Headless check: Chromium with ETag Lens on the demo page, the ETags panel shown…"
  node --import tsx scripts/demo-browser.ts "$LAB_URL" --check ||
    fail "The headless check failed (Chromium, the extension or its panel; see above)."
  say "Headless check passed: the lab answered, Chromium opened the demo page with DevTools on the ETags panel, and the panel recorded the page's request."
  exit 0
fi

say "Starting Chromium with ETag Lens loaded…"
node --import tsx scripts/demo-browser.ts "$LAB_URL" >"$WORK_DIR/chromium.log" 2>&1 &
CHROMIUM_PID=$!
# The launcher says so once DevTools shows the panel.
panel_shown() { grep -q "DevTools is open on the ETags panel" "$WORK_DIR/chromium.log" || { kill -0 "$CHROMIUM_PID" 2>/dev/null || { cat "$WORK_DIR/chromium.log" >&2; fail "Chromium did not start (its log is above)."; }; false; }; }
wait_until "Chromium to open the demo page with the ETags panel" panel_shown

cat <<TEXT

  ETag Lens demo is running.
    Lab:        $LAB_URL   (API: $LAB_URL/api/<policy>/notes/1)
    Chromium:   the demo page, DevTools open on the ETags panel.

  What to click:
    1. The ETags panel is DevTools' selected tab (its LAST tab, maybe behind », if you leave it).
    2. On the page (policy "lax"): Alice → Load, Bob → Load, edit both, Alice → Save, Bob → Save.
       Bob's save also answers 200: Alice's change is silently lost. The panel shows the lost update.
    3. Switch the policy to "strict", Reset lab, repeat: Bob gets 412; click "Refresh & retry".
    4. Untick "send If-Match" → 428 on strict, 409 on nox. See docs/lab.md for the full lesson.

  Press Ctrl-C here (or close Chromium) to stop everything.
TEXT

# Returns when Chromium exits; Ctrl-C runs the INT trap instead.
chromium_status=0
wait "$CHROMIUM_PID" || chromium_status=$?
if [ "$chromium_status" -ne 0 ]; then
  tail -n 5 "$WORK_DIR/chromium.log" >&2
  fail "Chromium exited with status $chromium_status (its last log lines are above)."
fi
say "Chromium closed."
