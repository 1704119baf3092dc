import type { Pool } from 'pg';

// The mapping step of the forecast import: forecast areas that matched no district, and matching one by hand.

export interface UnmatchedArea { id: string; name: string; code: string | null }

/** Forecast areas of the organisation that are not the municipality and have no district yet. */
export async function unmatchedForecastAreas(pool: Pool, organisationId: string): Promise<UnmatchedArea[]> {
  const { rows } = await pool.query<UnmatchedArea>(
    `SELECT id, name, code FROM forecast_area WHERE organisation_id = $1 AND district_id IS NULL AND kind <> 'municipality' ORDER BY name`,
    [organisationId],
  );
  return rows;
}

/** Matches a forecast area to a district of the same organisation (null clears it); false when either is unknown. */
export async function matchForecastArea(pool: Pool, organisationId: string, areaId: string, districtId: string | null): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE forecast_area fa SET district_id = $3
      WHERE fa.id = $2 AND fa.organisation_id = $1
        AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM district d WHERE d.id = $3 AND d.organisation_id = $1))`,
    [organisationId, areaId, districtId],
  );
  return (rowCount ?? 0) > 0;
}

export interface DistrictShape { id: string; name: string; geometry: GeoJSON.MultiPolygon | GeoJSON.Polygon }

/** At most this many district outlines are drawn (a municipality has tens; the bound keeps a response small). */
export const MAX_DISTRICT_SHAPES = 1000;

/** District outlines, simplified to ~50 m, for the capacity-pressure maps (/demand and the layer on /map). */
export async function districtShapes(pool: Pool, organisationId: string): Promise<DistrictShape[]> {
  const { rows } = await pool.query<{ id: string; name: string; geometry: string }>(
    `SELECT id, name, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.0005), 6) AS geometry
       FROM district WHERE organisation_id = $1 AND geom IS NOT NULL ORDER BY name LIMIT $2`,
    [organisationId, MAX_DISTRICT_SHAPES],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, geometry: JSON.parse(r.geometry) }));
}
