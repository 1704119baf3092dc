import { performance } from 'node:perf_hooks';
import { Pool, type ClientBase } from 'pg';
import { mapDataVersion } from './data-version';
import { LATEST_PERIOD_CTE, LATEST_SCORE_JOIN } from './latest-score';

/** Zooms served from the pre-aggregated grid (one feature per cell of a 64 × 64 grid per tile). */
export const CLUSTER_MAX_ZOOM = 10;
/** Cells per tile side. */
export const CELLS_PER_TILE = 64;

// Half the width of the EPSG:3857 world in metres.
const HALF_WORLD = 20037508.342789244;

// Every building's position in EPSG:3857 and latest scores, binned into the cells of zooms 0–10; per cell the
// count, the mean position, mean scores (of the buildings that have one) and the count per category — so the
// browser can filter clusters by category. Aggregated per (cell, category) first, then per cell.
const BUILD_SQL = `
  WITH ${LATEST_PERIOD_CTE},
  pts AS MATERIALIZED (
    SELECT b.id, b.name, b.category, ST_X(p.g) AS x, ST_Y(p.g) AS y,
           sc.utilisation_score AS util, sc.cost_score AS cost, sc.condition_score AS cond, sc.combined_score AS combined,
           coalesce(sc.confidence, 0) * 100 AS conf
      FROM building b
      CROSS JOIN LATERAL (SELECT ST_Transform(b.point, 3857) AS g) p
      ${LATEST_SCORE_JOIN}
     WHERE b.organisation_id = $1 AND b.point IS NOT NULL AND ST_Y(b.point) BETWEEN -85 AND 85
  ),
  cells AS (
    SELECT z.zoom, s.size, pts.*
      FROM generate_series(0, ${CLUSTER_MAX_ZOOM}) AS z(zoom)
      CROSS JOIN LATERAL (SELECT 2 * ${HALF_WORLD} / (2 ^ z.zoom * ${CELLS_PER_TILE}) AS size) s
      CROSS JOIN pts
  ),
  by_category AS (
    SELECT zoom, floor((x + ${HALF_WORLD}) / size)::int AS cx, floor((${HALF_WORLD} - y) / size)::int AS cy, category,
           count(*)::int AS n, sum(x) AS sx, sum(y) AS sy, min(id::text) AS id, min(name) AS name,
           sum(util) AS su, count(util) AS nu, sum(cost) AS sco, count(cost) AS nco,
           sum(cond) AS scd, count(cond) AS ncd, sum(combined) AS scb, count(combined) AS ncb, sum(conf) AS sconf
      FROM cells GROUP BY 1, 2, 3, 4
  )
  INSERT INTO map_cluster (organisation_id, zoom, cx, cy, x, y, n, building_id, name, category, counts, util, cost, cond, combined, conf)
  SELECT $1, zoom, cx, cy, sum(sx) / sum(n), sum(sy) / sum(n), sum(n),
         CASE WHEN sum(n) = 1 THEN min(id)::uuid END, CASE WHEN sum(n) = 1 THEN min(name) END,
         CASE WHEN count(*) = 1 THEN min(category) ELSE 'mixed' END, jsonb_object_agg('n_' || category, n),
         sum(su) / nullif(sum(nu), 0), sum(sco) / nullif(sum(nco), 0), sum(scd) / nullif(sum(ncd), 0),
         sum(scb) / nullif(sum(ncb), 0), sum(sconf) / sum(n)
    FROM by_category GROUP BY zoom, cx, cy`;

/**
 * Makes sure the organisation's low-zoom clusters are built from the current data version; rebuilds them (one
 * transaction, serialised per organisation by an advisory lock) when not. Returns the rebuild time in ms, or
 * null when they were already current.
 */
export async function ensureClusters(db: Pool | ClientBase, organisationId: string, knownVersion?: string): Promise<number | null> {
  const built = async (c: Pick<ClientBase, 'query'>) =>
    (await c.query<{ version: string }>('SELECT version FROM map_cluster_state WHERE organisation_id = $1', [organisationId])).rows[0]?.version;
  if ((await built(db)) === (knownVersion ?? (await mapDataVersion(db, organisationId)))) return null;

  const client = db instanceof Pool ? await db.connect() : db;
  const lockKey = `map_cluster:${organisationId}`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    try {
      const version = await mapDataVersion(client, organisationId); // before the data it tags
      if ((await built(client)) === version) return null;
      const t0 = performance.now();
      await client.query('BEGIN');
      try {
        await client.query('DELETE FROM map_cluster WHERE organisation_id = $1', [organisationId]);
        await client.query(BUILD_SQL, [organisationId]);
        const ms = Math.round(performance.now() - t0);
        await client.query(
          `INSERT INTO map_cluster_state (organisation_id, version, built_at, build_ms) VALUES ($1, $2, now(), $3)
           ON CONFLICT (organisation_id) DO UPDATE SET version = EXCLUDED.version, built_at = now(), build_ms = EXCLUDED.build_ms`,
          [organisationId, version, ms],
        );
        await client.query('COMMIT');
        return ms;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch(() => undefined);
    }
  } finally {
    if (db instanceof Pool) (client as import('pg').PoolClient).release();
  }
}

/** SQL of one low-zoom tile read from the clusters: $1 organisation, $2–$4 z/x/y. */
export const CLUSTER_TILE_SQL = `
  WITH env AS (SELECT ST_TileEnvelope($2, $3, $4) AS e),
  features AS (
    SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(c.x, c.y), 3857), env.e, 4096, 64, true) AS geom,
           c.building_id::text AS id, c.name, c.category, round(c.util)::int AS util, round(c.cost)::int AS cost,
           round(c.cond)::int AS cond, round(c.combined)::int AS combined, round(c.conf)::int AS conf, c.n, c.counts
      FROM map_cluster c CROSS JOIN env
     WHERE c.organisation_id = $1 AND c.zoom = $2
       AND c.cx >= $3 * ${CELLS_PER_TILE} AND c.cx < ($3 + 1) * ${CELLS_PER_TILE}
       AND c.cy >= $4 * ${CELLS_PER_TILE} AND c.cy < ($4 + 1) * ${CELLS_PER_TILE}
  )
  SELECT ST_AsMVT(features.*, 'buildings', 4096, 'geom') AS mvt, count(*)::int AS n FROM features WHERE geom IS NOT NULL`;
