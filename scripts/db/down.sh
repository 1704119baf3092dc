#!/usr/bin/env bash
# npm run db:down — stop the project-local cluster (a DATABASE_URL database is left alone).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="$PWD/.data/pg"
BIN="/usr/lib/postgresql/${AREAL_PG_VERSION:-15}/bin"
[[ -f "$DATA/PG_VERSION" ]] || { echo "[db:down] no local cluster"; exit 0; }
if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast stop || true
else "$BIN/pg_ctl" -D "$DATA" -m fast stop || true; fi
