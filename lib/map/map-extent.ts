// What the map page needs before the first tile: the organisation's district names, the box to open on (its
// boundary, else the extent of its buildings) and how many buildings it has.
import type { ClientBase } from 'pg';

type Queryable = Pick<ClientBase, 'query'>;

export interface MapExtent {
  districts: string[] | null;
  /** [west, south, east, north] in degrees, or null when the organisation has neither boundary nor buildings. */
  bounds: number[] | null;
  buildings: number;
}

/** The organisation's districts, opening box and building count, in one round trip. */
export async function mapExtent(db: Queryable, organisationId: string): Promise<MapExtent> {
  const { rows } = await db.query<MapExtent>(
    `SELECT (SELECT array_agg(name ORDER BY name) FROM district WHERE organisation_id = $1) AS districts,
            (SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]
               FROM (SELECT coalesce((SELECT boundary::box2d FROM organisation WHERE id = $1),
                                     (SELECT ST_Extent(point) FROM building WHERE organisation_id = $1)) AS e) x) AS bounds,
            (SELECT count(*)::int FROM building WHERE organisation_id = $1) AS buildings`,
    [organisationId],
  );
  return rows[0];
}
