import type { ClientBase } from 'pg';

type Queryable = Pick<ClientBase, 'query'>;

export interface BuildingHit {
  id: string;
  name: string;
  address: string | null;
  registryId: string;
  category: string;
  /** The building's footprint (or point) as GeoJSON, for fly-to bounds. */
  geometry: GeoJSON.Geometry;
}

/** Buildings whose name, address or registry id contains `q` (case-insensitive), best matches first. */
export async function searchBuildings(db: Queryable, organisationId: string, q: string, limit = 10): Promise<BuildingHit[]> {
  const { rows } = await db.query<BuildingHit>(
    `SELECT id, name, address, registry_id AS "registryId", category,
            ST_AsGeoJSON(coalesce(footprint, point), 7)::json AS geometry
       FROM building
      WHERE organisation_id = $1 AND coalesce(footprint, point) IS NOT NULL
        AND (name ILIKE '%' || $2 || '%' OR address ILIKE '%' || $2 || '%' OR registry_id ILIKE $2 || '%')
      ORDER BY (name ILIKE $2 || '%') DESC, name
      LIMIT $3`,
    [organisationId, q.replace(/[%_\\]/g, (c) => `\\${c}`), limit],
  );
  return rows;
}
