#!/usr/bin/env bash
# Installs the Debian packages ETag Lens needs when they are missing: the browsers the
# demo and the end-to-end tests drive (no browser is ever downloaded by npm).
# Usage: scripts/ensure-system-deps.sh [chromium] [firefox-esr]
set -euo pipefail
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(chromium)
missing=()
for pkg in "${wanted[@]}"; do
  case "$pkg" in
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    firefox-esr) [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr) ;;
    *) echo "unknown package $pkg" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "Missing: ${missing[*]}. Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing ${missing[*]} from Debian (apt-get)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
