#!/usr/bin/env bash
# npm run db:down — stop the project-local cluster (a DATABASE_URL database is left alone).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="$PWD/.data/pg"
# As root the cluster runs as postgres, which must be able to reach the data folder; a checkout under a private
# directory (mktemp -d is 0700) is not reachable, so keep the cluster in a per-checkout folder under /var/tmp then.
if [[ $(id -u) == 0 ]] && ! runuser -u postgres -- test -x "$PWD" 2>/dev/null; then
  ALT="/var/tmp/areal-pg-$(printf %s "$PWD" | sha1sum | cut -c1-12)"
  DATA="$ALT/pg"
  SOCK="$ALT/run"
fi
BIN="/usr/lib/postgresql/${AREAL_PG_VERSION:-15}/bin"
[[ -f "$DATA/PG_VERSION" ]] || { echo "[db:down] no local cluster"; exit 0; }
if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast stop || true
else "$BIN/pg_ctl" -D "$DATA" -m fast stop || true; fi
