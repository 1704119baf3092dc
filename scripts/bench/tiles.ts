// npx tsx scripts/bench/tiles.ts [--buildings 100000] [--keep]
// Tile latency and size for the app's tile function (lib/map/building-tiles.ts) next to the bare ST_AsMVT query,
// at zoom 7, 10 and 14, over 100,000 generated buildings clustered in towns across Denmark with scores.
// Runs in a throw-away schema `bench_tiles` of the bench database. Targets (issue: map / scale):
// z14 p95 within 2× of bare; z ≤ 10 p95 < 50 ms and no tile over 500 KB.
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { bareBuildingTile, buildingTile } from '@/lib/map/building-tiles';
import { ensureClusters } from '@/lib/map/clusters';
import { mapDataVersion } from '@/lib/map/data-version';
import type { TileCoords } from '@/lib/map/tile-coords';
import { benchFlags, numberFlag } from './lib/args';
import { ensureBenchDatabase, freshBenchSchema } from './lib/bench-db';
import { machineInfo } from './lib/machine';
import { writeResult, type Metric } from './lib/results';
import { percentile } from './lib/stats';

const flags = benchFlags('npx tsx scripts/bench/tiles.ts [--buildings 100000] [--keep]', { buildings: { type: 'string' }, keep: { type: 'boolean' } });
const BUILDINGS = numberFlag(flags, 'buildings', 100_000);
const SAMPLES: Record<number, number> = { 7: 12, 10: 60, 14: 200 };
const REPEATS = 3;
const log = (m: string) => console.log(`[bench:tiles] ${m}`);

async function generate(c: Client): Promise<string> {
  const org = (await c.query(`INSERT INTO organisation (slug, name) VALUES ('bench-tiles', 'Danmark (bench)') RETURNING id`)).rows[0].id as string;
  // 300 towns across Jutland and the islands; buildings normally distributed around them (σ ≈ 2 km).
  await c.query(
    `WITH towns AS (
       SELECT i, 8.3 + random() * 4.2 AS lon, 54.9 + random() * 2.6 AS lat, 0.2 + random() AS weight FROM generate_series(1, 300) i
     ), pts AS (
       SELECT g, t.lon + (random() + random() + random() - 1.5) * 0.05 AS lon, t.lat + (random() + random() + random() - 1.5) * 0.03 AS lat
         FROM generate_series(1, $2) g JOIN towns t ON t.i = 1 + abs(hashint4(g) % 300)
     )
     INSERT INTO building (organisation_id, registry_id, name, category, gross_area_m2, point, footprint)
     SELECT $1, 'b' || g, 'Bygning ' || g, (ARRAY['daycare','school','administration','elderly','culture','sport','health','letting','other'])[1 + g % 9],
            200 + (g % 50) * 40, ST_SetSRID(ST_MakePoint(lon, lat), 4326),
            ST_Multi(ST_MakeEnvelope(lon - 0.0002, lat - 0.00012, lon + 0.0002, lat + 0.00012, 4326))
       FROM pts`,
    [org, BUILDINGS],
  );
  await c.query(
    `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, kpis, utilisation_score, cost_score,
                                 condition_score, combined_score, confidence, explanation)
     SELECT id, organisation_id, '2026-08-01', '2026-10-31', category, '{}',
            CASE WHEN random() < 0.6 THEN random() * 100 END, random() * 100, random() * 100, random() * 100, random(), '{}'
       FROM building WHERE organisation_id = $1`,
    [org],
  );
  await c.query('ANALYZE building; ANALYZE building_score');
  return org;
}

/** The distinct tiles at zoom z that contain buildings, busiest first, at most n. */
async function tilesWithBuildings(c: Client, org: string, z: number, n: number): Promise<TileCoords[]> {
  const { rows } = await c.query<{ x: number; y: number }>(
    `SELECT floor((ST_X(point) + 180) / 360 * 2 ^ $2)::int AS x,
            floor((1 - ln(tan(radians(ST_Y(point))) + 1 / cos(radians(ST_Y(point)))) / pi()) / 2 * 2 ^ $2)::int AS y
       FROM building WHERE organisation_id = $1 GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT $3`,
    [org, z, n],
  );
  return rows.map((r) => ({ z, x: r.x, y: r.y }));
}

async function measure(fn: () => Promise<Buffer | null>): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    const tile = await fn();
    ms.push(performance.now() - t0);
    bytes = tile?.length ?? 0;
  }
  return { ms, bytes };
}

async function main() {
  const base = await ensureBenchDatabase();
  const url = await freshBenchSchema(base, 'bench_tiles');
  const c = new Client({ connectionString: url });
  await c.connect();
  const metrics: Metric[] = [];
  const details: Record<string, unknown> = {};
  try {
    let t0 = performance.now();
    const org = await generate(c);
    log(`generated ${BUILDINGS} buildings with scores in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // The low-zoom clusters are rebuilt on the first low-zoom request after a change: measure that once.
    const rebuildMs = (await ensureClusters(c, org)) ?? 0;
    const clusterRows = (await c.query('SELECT count(*)::int AS n FROM map_cluster WHERE organisation_id = $1', [org])).rows[0].n as number;
    log(`cluster rebuild after the data changed: ${rebuildMs} ms (${clusterRows} cells over zoom 0–10)`);
    metrics.push({ name: 'cluster rebuild after a change (first low-zoom tile pays it)', value: rebuildMs, unit: 'ms' });
    details.clusterRows = clusterRows;
    // What the route does per tile: read the data version (it tags the ETag), then build the tile.
    const appTile = async (t: TileCoords) => buildingTile(c, org, t, await mapDataVersion(c, org));
    for (const z of [7, 10, 14]) {
      const tiles = await tilesWithBuildings(c, org, z, SAMPLES[z]);
      const app: number[] = [];
      const bare: number[] = [];
      let maxApp = 0;
      let maxBare = 0;
      for (const t of tiles) {
        await appTile(t); // warm the cache the same way for both
        const a = await measure(() => appTile(t));
        const b = await measure(() => bareBuildingTile(c, org, t));
        app.push(...a.ms);
        bare.push(...b.ms);
        maxApp = Math.max(maxApp, a.bytes);
        maxBare = Math.max(maxBare, b.bytes);
      }
      const p = (v: number[], q: number) => Math.round(percentile(v, q * 100) * 10) / 10;
      const ratio = Math.round((percentile(app, 95) / percentile(bare, 95)) * 100) / 100;
      log(`z${z}: ${tiles.length} tiles — app p50 ${p(app, 0.5)} ms p95 ${p(app, 0.95)} ms max ${(maxApp / 1024).toFixed(0)} KB | bare p50 ${p(bare, 0.5)} ms p95 ${p(bare, 0.95)} ms max ${(maxBare / 1024).toFixed(0)} KB | p95 ratio ${ratio}`);
      details[`z${z}`] = { tiles: tiles.length, app: { p50: p(app, 0.5), p95: p(app, 0.95), maxKB: maxApp / 1024 }, bare: { p50: p(bare, 0.5), p95: p(bare, 0.95), maxKB: maxBare / 1024 } };
      metrics.push(
        { name: `z${z} app tile p50`, value: p(app, 0.5), unit: 'ms' },
        { name: `z${z} app tile p95`, value: p(app, 0.95), unit: 'ms', ...(z <= 10 ? { target: 50, better: 'lower' as const } : {}) },
        { name: `z${z} bare ST_AsMVT p95`, value: p(bare, 0.95), unit: 'ms' },
        { name: `z${z} app p95 ÷ bare p95`, value: ratio, unit: '×', ...(z === 14 ? { target: 2, better: 'lower' as const } : {}) },
        { name: `z${z} largest app tile`, value: Math.round(maxApp / 1024), unit: 'KB', ...(z <= 10 ? { target: 500, better: 'lower' as const } : {}) },
        { name: `z${z} largest bare tile`, value: Math.round(maxBare / 1024), unit: 'KB' },
      );
    }
    t0 = performance.now();
    writeResult({
      name: 'tiles',
      date: new Date().toISOString(),
      machine: await machineInfo(base),
      dataSize: { buildings: BUILDINGS, tilesPerZoom: Object.values(SAMPLES).join('/'), repeats: REPEATS },
      metrics,
      details,
      notes: [
        'Latency measured in-process over one pg connection (query + transfer), not through HTTP.',
        'App = what the route does per tile: read the map data version (for the ETag), then the tile. Zoom ≤ 10 reads pre-aggregated 64 × 64-per-tile grid clusters (lib/map/clusters.ts), rebuilt once after each data change (the rebuild time above is paid by the first low-zoom request after an import or re-score); zoom 11–13 points; zoom ≥ 14 footprints. Bare = every footprint, no generalisation.',
        'A revalidation whose ETag still holds is answered 304 after the version read alone, without building the tile (not measured here).',
      ],
    });
  } finally {
    if (!flags.keep) await c.query('DROP SCHEMA bench_tiles CASCADE').catch(() => undefined);
    await c.end();
  }
}

main().catch((error) => {
  console.error(`[bench:tiles] ${(error as Error).stack}`);
  process.exit(1);
});
