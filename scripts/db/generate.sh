#!/usr/bin/env bash
# Generates the Prisma client into lib/db/generated. Prisma 7 would try to download its schema-engine
# binary, which cannot be fetched here and is not needed to generate; point it at an existing file.
set -euo pipefail
cd "$(dirname "$0")/../.."
PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true}" \
  PRISMA_HIDE_UPDATE_MESSAGE=1 npx --no-install prisma generate >/dev/null
echo "[db:generate] Prisma client generated in lib/db/generated"
