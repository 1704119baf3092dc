-- The hot queries of Areal with EXPLAIN (ANALYZE, BUFFERS), for docs/performance.md. Run against the bench
-- database after `npx tsx scripts/bench/generate/index.ts --buildings 10000 --readings 10M`:
--   psql "$BENCH_DATABASE_URL" -v org=bench-10000 -f scripts/bench/lib/hot-queries.sql
-- Nothing is changed: the import merge runs inside a transaction that is rolled back.
\set ON_ERROR_STOP 1
\pset pager off
SELECT id AS org_id FROM organisation WHERE slug = :'org' \gset
SELECT b.id AS building_id FROM building b JOIN sensor s ON s.building_id = b.id
 WHERE b.organisation_id = :'org_id' AND b.category = 'school' ORDER BY b.registry_id LIMIT 1 \gset
SELECT max(ts) AS last_ts FROM occupancy_reading_2026_10 \gset

\echo '== 1. Vector tile z14 (building footprints; transform the tile envelope, not the column)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
WITH bounds AS (
  SELECT ST_TileEnvelope(14, 8656, 5089) AS g3857, ST_Transform(ST_TileEnvelope(14, 8656, 5089), 4326) AS g4326
)
SELECT ST_AsMVT(t, 'buildings', 4096, 'geom') FROM (
  SELECT b.id, b.category, ST_AsMVTGeom(ST_Transform(b.footprint, 3857), bounds.g3857, 4096, 64, true) AS geom
    FROM building b, bounds
   WHERE b.organisation_id = :'org_id' AND b.footprint && bounds.g4326
) t;

\echo '== 2. Vector tile z10 (points only)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
WITH bounds AS (
  SELECT ST_TileEnvelope(10, 541, 318) AS g3857, ST_Transform(ST_TileEnvelope(10, 541, 318), 4326) AS g4326
)
SELECT ST_AsMVT(t, 'buildings', 4096, 'geom') FROM (
  SELECT b.id, b.category, ST_AsMVTGeom(ST_Transform(b.point, 3857), bounds.g3857, 4096, 64, true) AS geom
    FROM building b, bounds
   WHERE b.organisation_id = :'org_id' AND b.point && bounds.g4326
) t;

\echo '== 3. Scoring load: utilisation inputs per building over 90 days, from the hourly rollup'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT s.building_id, count(*) AS hours, avg(h.avg_value) AS mean_present,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY h.max_value) AS p95_present
  FROM occupancy_hourly h JOIN sensor s ON s.id = h.sensor_id
 WHERE s.organisation_id = :'org_id'
   AND h.hour >= timestamptz '2026-08-01' AND h.hour < timestamptz '2026-11-01'
 GROUP BY s.building_id;

\echo '== 4. Building panel: hour x weekday heat map of one building (Copenhagen time), last 365 days'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT extract(isodow FROM h.hour AT TIME ZONE 'Europe/Copenhagen') AS weekday,
       extract(hour FROM h.hour AT TIME ZONE 'Europe/Copenhagen') AS hour_of_day,
       avg(h.avg_value) AS mean_present, max(h.max_value) AS peak
  FROM occupancy_hourly h JOIN sensor s ON s.id = h.sensor_id
 WHERE s.building_id = :'building_id'
   AND h.hour >= timestamptz '2026-11-01' - interval '365 days' AND h.hour < timestamptz '2026-11-01'
 GROUP BY 1, 2;

\echo '== 5. Raw readings of one day across all sensors: partition pruning + BRIN on ts'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT count(*), avg(value) FROM occupancy_reading
 WHERE ts >= timestamptz '2026-10-14' AND ts < timestamptz '2026-10-15';

\echo '== 6. Raw readings of one sensor for a week: partition pruning + primary key (sensor_id, ts)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT r.ts, r.value FROM occupancy_reading r
 WHERE r.sensor_id = (SELECT id FROM sensor WHERE building_id = :'building_id' LIMIT 1)
   AND r.ts >= timestamptz '2026-10-01' AND r.ts < timestamptz '2026-10-08';

\echo '== 7. Import merge: 100,000 staged rows (unindexed staging, merged in primary-key order)'
BEGIN;
CREATE TEMP TABLE staging (sensor_id uuid, ts timestamptz, value real) ON COMMIT DROP;
INSERT INTO staging
SELECT s.id, :'last_ts'::timestamptz + (g * interval '1 hour'), (g % 7)::real
  FROM (SELECT id FROM sensor WHERE organisation_id = :'org_id' ORDER BY id LIMIT 500) s,
       generate_series(-99, 100) g;
ANALYZE staging;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
INSERT INTO occupancy_reading (sensor_id, ts, value)
SELECT sensor_id, ts, value FROM staging ORDER BY sensor_id, ts
ON CONFLICT (sensor_id, ts) DO NOTHING;
ROLLBACK;
