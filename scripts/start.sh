#!/usr/bin/env bash
# npm start — production on one machine without a process manager: the web server (`next start`, PORT, default
# 3000; scripts/web.ts: next's handler with a graceful stop) and one worker (`npm run worker`) as two separate processes. Ctrl+C or SIGTERM stops both gracefully
# (the web server drains its requests, the worker finishes or releases its job). Under systemd or a container
# orchestrator run them as two services instead — docs/operations.md has the unit files.
# Expects a build (npm run build) and a migrated database (npm run db:migrate).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-3000}"
[[ -f .next/BUILD_ID ]] || { echo "[start] no production build: run npm run build first" >&2; exit 1; }
pids=()
stop() {
  trap - INT TERM
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait
}
trap stop INT TERM
AREAL_PROCESS=worker node --import tsx scripts/worker.ts &
pids+=($!)
AREAL_PROCESS=web PORT="$PORT" node --import tsx scripts/web.ts &
pids+=($!)
# Either process ending stops the other (a supervisor then restarts the pair).
wait -n || true
stop
