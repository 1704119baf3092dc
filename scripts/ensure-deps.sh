#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than package-lock.json (npm ci),
# and Debian's Chromium for the browser tests when asked (--browser) and missing.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.areal-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "[deps] npm ci" >&2
  # Some optional platform packages (e.g. @swc/core's darwin/win32 builds, pulled in by next-intl) are not
  # served by every registry mirror; npm install then leaves them out of the lock file and npm ci calls
  # the lock "out of sync". Fall back to npm install against the same lock in that case.
  if ! npm ci --no-audit --no-fund >&2; then
    echo "[deps] npm ci refused the lock file; falling back to npm install" >&2
    npm install --no-audit --no-fund >&2
  fi
  sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"
fi
if [[ ${1:-} == --browser && ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "[deps] installing Debian's chromium for the browser tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium fonts-dejavu-core >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }
  else
    echo "[deps] browser tests need Chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
