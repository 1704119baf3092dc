#!/usr/bin/env bash
# MapLibre 6 loads its worker as a module from a URL; serve it from public/ (same origin, CSP-friendly).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p public
src=node_modules/maplibre-gl/dist
[[ -d $src ]] || exit 0
for f in maplibre-gl-worker.mjs maplibre-gl-shared.mjs; do
  [[ -f $src/$f ]] && cp "$src/$f" public/
done
exit 0
