#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than package-lock.json (npm ci),
# and Debian's Chromium for the browser tests when asked (--browser) and missing.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.areal-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "[deps] npm ci" >&2
  # npm ci only: it installs exactly the lock file and never rewrites it, so a fresh clone stays clean
  # (git status). The lock holds every optional platform package (@swc/core-*, @next/swc-*, …); if npm ci
  # refuses it, the lock is broken and must be fixed in the repository, not papered over with npm install.
  if ! npm ci --no-audit --no-fund >&2; then
    echo "[deps] npm ci refused package-lock.json; fix the lock file in the repository (npm install would rewrite it)" >&2
    exit 1
  fi
  sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"
fi
if [[ ${1:-} == --browser && ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "[deps] installing Debian's chromium for the browser tests" >&2
    source scripts/lib/apt.sh
    apt_install chromium fonts-dejavu-core
  else
    echo "[deps] browser tests need Chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
