#!/usr/bin/env bash
# npm run demo — everything from a fresh clone to a running Areal on http://localhost:3000:
# dependencies, local PostGIS, migrations, demo municipality, production build, then the web server and the
# worker (imports and upkeep run there) together — Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-3000}"
# Chromium prints the politician's PDF brief (GET /api/scenarios/{id}/pdf); without it that download answers 503 and
# everything else works, so a missing Chromium (not root, no apt) does not stop the demo.
bash scripts/ensure-deps.sh --browser || echo "[demo] no Chromium: the PDF brief download is unavailable (sudo apt-get install -y chromium)" >&2
bash scripts/db/up.sh
npx --no-install tsx scripts/db/migrate.ts
npx --no-install tsx scripts/seed.ts
npx --no-install tsx scripts/score.ts
[[ -f scripts/demo-users.ts ]] && npx --no-install tsx scripts/demo-users.ts
npx --no-install tsx scripts/demo-scenarios.ts
npm run --silent build
# The demo's base map (made-up streets from the demo geography; a real one: docs/map.md), unless one is configured.
if [[ -z "${AREAL_BASEMAP_PMTILES:-}" ]]; then
  npx --no-install tsx scripts/basemap/build-demo.ts .data/basemap/demo.pmtiles
  export AREAL_BASEMAP_PMTILES="$PWD/.data/basemap/demo.pmtiles"
fi
echo
echo "  Areal is running at http://localhost:$PORT with a worker  (Ctrl+C stops both; npm run db:down stops the database)"
echo
# The demo's terminal gets readable log lines (lib/log/pretty.ts); production keeps one JSON object per line.
# Quieter: AREAL_LOG_LEVEL=warn npm run demo.
AREAL_LOG_FORMAT="${AREAL_LOG_FORMAT:-pretty}" PORT="$PORT" exec bash scripts/start.sh
