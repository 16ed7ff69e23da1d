#!/usr/bin/env bash
# Installs Debian's chromium for the report's browser test (test/report/browser.test.ts), when it is missing.
# Idempotent and quiet: does nothing but print the path when chromium is already installed. Needs root (or
# sudo without a password) and the Debian package mirrors. Prints the executable's path on stdout.
set -euo pipefail

find_chromium() {
  for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null || return 1
}

if path="$(find_chromium)"; then
  echo "$path"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: chromium is missing and apt-get is not available; install chromium by hand and set CHROMIUM_PATH" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "setup-browser: chromium is missing and installing it needs root (run this script as root, or with passwordless sudo)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "setup-browser: installing chromium with apt-get (a few minutes)" >&2
"${as_root[@]}" apt-get update -qq >&2
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2

if path="$(find_chromium)"; then
  echo "$path"
else
  echo "setup-browser: apt-get finished but no chromium executable was found" >&2
  exit 1
fi
