#!/usr/bin/env bash
# npm test — brings up everything the suite needs (dependencies, Chromium, PostGIS, schema, demo data,
# a production build) and runs the unit, integration and browser tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --browser
bash scripts/db/up.sh
npx --no-install tsx scripts/db/migrate.ts
npx --no-install tsx scripts/seed.ts
npx --no-install tsx scripts/score.ts
npx --no-install tsx scripts/demo-users.ts
npx --no-install tsx scripts/demo-scenarios.ts
npm run --silent build
npx --no-install vitest run --project unit --project integration --project browser "$@"
