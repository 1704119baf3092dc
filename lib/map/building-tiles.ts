import type { ClientBase, Pool } from 'pg';
import { CLUSTER_MAX_ZOOM, CLUSTER_TILE_SQL, ensureClusters } from './clusters';
import { LATEST_PERIOD_CTE, LATEST_SCORE_LOOKUP } from './latest-score';
import type { TileCoords } from './tile-coords';

type Queryable = Pick<ClientBase, 'query'>;

/** From this zoom on, buildings are drawn as footprints; below it as points; at or below CLUSTER_MAX_ZOOM as clusters. */
export const FOOTPRINT_MIN_ZOOM = 14;
export { CLUSTER_MAX_ZOOM };

// Envelope transformed to the column's SRID (not the column to the tile's), so the GiST index is used —
// as maplibre/martin writes its tile functions. Each zoom band filters on one indexed column (no CASE or
// coalesce around the column, which would hide it from the index).
function detailSql(footprints: boolean): string {
  const geom = footprints ? 'coalesce(b.footprint, b.point)' : 'b.point';
  const where = footprints
    ? '(b.footprint && ST_Transform(env.e, 4326) OR (b.footprint IS NULL AND b.point && ST_Transform(env.e, 4326)))'
    : 'b.point && ST_Transform(env.e, 4326)';
  return `
  WITH env AS (SELECT ST_TileEnvelope($2, $3, $4) AS e), ${LATEST_PERIOD_CTE},
  features AS (
    SELECT ST_AsMVTGeom(ST_Transform(${geom}, 3857), env.e, 4096, 64, true) AS geom,
           b.id::text AS id, b.name, b.category, d.name AS district,
           round(sc.utilisation_score)::int AS util, round(sc.cost_score)::int AS cost,
           round(sc.condition_score)::int AS cond, round(sc.combined_score)::int AS combined,
           round(coalesce(sc.confidence, 0) * 100)::int AS conf, 1 AS n
      FROM building b CROSS JOIN env
      LEFT JOIN district d ON d.id = b.district_id
      ${LATEST_SCORE_LOOKUP}
     WHERE b.organisation_id = $1 AND ${where}
  )
  SELECT ST_AsMVT(features.*, 'buildings', 4096, 'geom') AS mvt, count(*)::int AS n FROM features WHERE geom IS NOT NULL`;
}
const POINT_SQL = detailSql(false);
const FOOTPRINT_SQL = detailSql(true);

/**
 * The organisation's buildings in one vector tile (layer "buildings"); null when the tile is empty.
 * Zoom ≤ 10 reads the pre-aggregated grid clusters (rebuilt first if the data changed; pass the data version when
 * already known), zoom 11–13 one point per building, zoom ≥ 14 footprints.
 */
export async function buildingTile(db: Pool | ClientBase, organisationId: string, t: TileCoords, dataVersion?: string): Promise<Buffer | null> {
  if (t.z <= CLUSTER_MAX_ZOOM) await ensureClusters(db, organisationId, dataVersion);
  const sql = t.z <= CLUSTER_MAX_ZOOM ? CLUSTER_TILE_SQL : t.z >= FOOTPRINT_MIN_ZOOM ? FOOTPRINT_SQL : POINT_SQL;
  const { rows } = await db.query<{ mvt: Buffer; n: number }>(sql, [organisationId, t.z, t.x, t.y]);
  return rows[0] && rows[0].n > 0 ? rows[0].mvt : null;
}

/** The bare ST_AsMVT query (no generalisation, no pre-aggregation), the benchmark's floor. */
export async function bareBuildingTile(db: Queryable, organisationId: string, t: TileCoords): Promise<Buffer | null> {
  const { rows } = await db.query<{ mvt: Buffer; n: number }>(
    `WITH env AS (SELECT ST_TileEnvelope($2, $3, $4) AS e),
     features AS (
       SELECT ST_AsMVTGeom(ST_Transform(coalesce(b.footprint, b.point), 3857), env.e, 4096, 64, true) AS geom, b.id::text AS id, b.category
         FROM building b CROSS JOIN env WHERE b.organisation_id = $1
          AND (b.footprint && ST_Transform(env.e, 4326) OR (b.footprint IS NULL AND b.point && ST_Transform(env.e, 4326))))
     SELECT ST_AsMVT(features.*, 'buildings', 4096, 'geom') AS mvt, count(*)::int AS n FROM features WHERE geom IS NOT NULL`,
    [organisationId, t.z, t.x, t.y],
  );
  return rows[0] && rows[0].n > 0 ? rows[0].mvt : null;
}

/** Districts, the municipal boundary and one label point per district in one tile (layers "districts", "boundary", "district_labels"); null when empty. */
export async function districtTile(db: Queryable, organisationId: string, t: TileCoords): Promise<Buffer | null> {
  const { rows } = await db.query<{ mvt: Buffer; n: number }>(
    `WITH env AS (SELECT ST_TileEnvelope($2, $3, $4) AS e),
     d AS (
       SELECT ST_AsMVTGeom(ST_Transform(geom, 3857), env.e, 4096, 64, true) AS geom, id::text AS id, name
         FROM district CROSS JOIN env WHERE organisation_id = $1 AND geom && ST_Transform(env.e, 4326)),
     o AS (
       SELECT ST_AsMVTGeom(ST_Transform(ST_Boundary(boundary), 3857), env.e, 4096, 64, true) AS geom, name
         FROM organisation CROSS JOIN env WHERE id = $1 AND boundary && ST_Transform(env.e, 4326)),
     -- One label point per district, in the one tile that holds it (a polygon's label would repeat per tile).
     l AS (
       SELECT ST_AsMVTGeom(ST_Transform(ST_PointOnSurface(geom), 3857), env.e, 4096, 0, true) AS geom, name
         FROM district CROSS JOIN env WHERE organisation_id = $1 AND geom && ST_Transform(env.e, 4326))
     SELECT (SELECT ST_AsMVT(d.*, 'districts', 4096, 'geom') FROM d WHERE geom IS NOT NULL)
            || (SELECT ST_AsMVT(o.*, 'boundary', 4096, 'geom') FROM o WHERE geom IS NOT NULL)
            || (SELECT ST_AsMVT(l.*, 'district_labels', 4096, 'geom') FROM l WHERE geom IS NOT NULL) AS mvt,
            (SELECT count(*) FROM d WHERE geom IS NOT NULL)::int + (SELECT count(*) FROM o WHERE geom IS NOT NULL)::int AS n`,
    [organisationId, t.z, t.x, t.y],
  );
  return rows[0] && rows[0].n > 0 ? rows[0].mvt : null;
}
