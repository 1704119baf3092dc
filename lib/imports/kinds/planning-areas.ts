// Planning areas from GeoJSON (docs/demand.md § Planning areas): school districts, bydele, lokalområder — the areas a
// consultancy's forecast is made for, which rarely are the registry's districts. Each feature is a Polygon or
// MultiPolygon with a name (and optionally a code); it becomes a forecast area (kind planning_area) with its outline,
// matched to the registry district it lies mostly in (at least half of its area), so that forecast rows naming the
// area — by name or code — count for that district. Areas that straddle districts wait for the mapping step.
// Bounded: at most MAX_PLANNING_AREAS features and MAX_AREA_POSITIONS points a feature (the file itself by the JSON
// limit); coordinates in EPSG:4326 or EPSG:25832 (from the file's `crs`, or the mapping's srid).
import type { FieldSpec } from '../mapping';
import { polygonPositions, validPolygonCoords } from './polygon-geometry';
import { readText } from './field-readers';
import type { KindContext, KindHandler, RecordView } from './types';

/** A municipality has tens of planning areas; a file with thousands is some other layer. */
export const MAX_PLANNING_AREAS = 2000;
/** Points in one area's outline (a school district drawn on cadastral boundaries has a few thousand). */
export const MAX_AREA_POSITIONS = 250_000;
/** Share of an area that must lie in one district for it to be matched to that district. */
export const DISTRICT_MATCH_SHARE = 0.5;

export const PLANNING_AREA_FIELDS: FieldSpec[] = [
  { key: 'name', required: true, synonyms: ['name', 'navn', 'skoledistrikt', 'skoledist', 'distrikt', 'distriktsnavn', 'omraade', 'område', 'områdenavn', 'bydel', 'lokalomraade', 'lokalområde', 'planomraade', 'planområde', 'area', 'area_name'] },
  { key: 'code', required: false, synonyms: ['code', 'kode', 'distriktsnr', 'distriktnr', 'distriktsnummer', 'skoledistriktsnr', 'nr', 'områdekode', 'omraadekode', 'feature_id'] },
  { key: 'geometry', required: true, synonyms: ['geometry'] },
];

/** Longitude/latitude in range: in EPSG:4326 a UTM easting (~500,000) is an unstated CRS, not a place. */
const inLonLat = (p: number[]) => Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

/** The summed absolute shoelace area of the outer rings, in squared coordinate units (0 = a degenerate outline). */
function outerArea(type: string, coords: unknown): number {
  const polys = (type === 'Polygon' ? [coords] : coords) as number[][][][];
  let sum = 0;
  for (const [outer] of polys) {
    let a = 0;
    for (let i = 0; i + 1 < outer.length; i++) a += outer[i][0] * outer[i + 1][1] - outer[i + 1][0] * outer[i][1];
    sum += Math.abs(a) / 2;
  }
  return sum;
}

export function planningAreasHandler(): KindHandler {
  let ctx: KindContext;
  let features = 0;
  return {
    kind: 'planning_areas',
    fields: PLANNING_AREA_FIELDS,
    stageColumns: [['name', 'text'], ['code', 'text'], ['geojson', 'text'], ['line', 'integer']],
    async prepare(_client, c) {
      ctx = c;
    },
    row(rec: RecordView) {
      if (++features === MAX_PLANNING_AREAS + 1) rec.issue('too_many_areas', null, { limit: MAX_PLANNING_AREAS });
      if (features > MAX_PLANNING_AREAS) return null;
      const name = readText(rec, 'name', 200);
      const code = readText(rec, 'code', 50);
      const g = rec.get('geometry');
      let ok = name !== null && code !== null;
      if (name === undefined) ok = (rec.issue('required', 'name'), false);
      if (g === undefined) return rec.issue('required', 'geometry'), null;
      let geom: { type?: string; coordinates?: unknown };
      try {
        geom = JSON.parse(g) as typeof geom;
      } catch {
        return rec.issue('invalid_geometry', 'geometry', { reason: 'JSON' }), null;
      }
      const type = String(geom?.type);
      if (!geom || !validPolygonCoords(type, geom.coordinates)) return rec.issue('invalid_geometry', 'geometry', { reason: `${type} (Polygon/MultiPolygon)` }, type), null;
      const positions = polygonPositions(type, geom.coordinates);
      if (positions.length > MAX_AREA_POSITIONS) {
        return rec.issue('invalid_geometry', 'geometry', { reason: `${positions.length} points (at most ${MAX_AREA_POSITIONS}; simplify it)` }), null;
      }
      if (outerArea(type, geom.coordinates) === 0) return rec.issue('invalid_geometry', 'geometry', { reason: 'no area (all points on a line)' }), null;
      const srid = ctx.mapping.srid ?? 4326;
      if (srid === 4326 && !positions.every(inLonLat)) {
        const p = positions.find((q) => !inLonLat(q))!;
        return rec.issue('invalid_coordinates', 'geometry', { srid: 'EPSG:4326' }, `${p[0]} ${p[1]}`), null;
      }
      if (!ok) return null;
      return [name!, code ?? null, JSON.stringify({ type, coordinates: geom.coordinates }), rec.line];
    },
    async merge(client, c) {
      const srid = ctx.mapping.srid ?? 4326;
      // Repaired (ST_MakeValid), polygons only, 2D, in EPSG:4326; the last feature of a name wins.
      await client.query(
        `CREATE TEMP TABLE pa ON COMMIT DROP AS
         SELECT DISTINCT ON (name) name, code, line,
                ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(geojson)), $1::int), 4326)), 3))::geometry(MultiPolygon, 4326) AS geom
           FROM stage ORDER BY name, line DESC`,
        [srid],
      );
      // The district holding the largest share of each area, when that share is at least DISTRICT_MATCH_SHARE.
      await client.query(
        `CREATE TEMP TABLE pa_match ON COMMIT DROP AS
         SELECT DISTINCT ON (pa.name) pa.name, d.id AS district_id,
                ST_Area(ST_Intersection(pa.geom, d.geom)::geography) / NULLIF(ST_Area(pa.geom::geography), 0) AS share
           FROM pa JOIN district d ON d.organisation_id = $1 AND d.geom && pa.geom AND ST_Intersects(d.geom, pa.geom)
          ORDER BY pa.name, share DESC`,
        [c.organisationId],
      );
      // A hand mapping (district_id set) is kept; an area first known from a forecast file gets its outline.
      const { rows } = await client.query<{ inserted: boolean; changed: boolean }>(
        `WITH incoming AS (
           SELECT pa.name, pa.code, pa.geom, CASE WHEN m.share >= $2 THEN m.district_id END AS district_id
             FROM pa LEFT JOIN pa_match m USING (name)),
         old AS (SELECT fa.name, fa.code, fa.geom, fa.district_id, fa.kind FROM forecast_area fa JOIN incoming USING (name) WHERE fa.organisation_id = $1)
         INSERT INTO forecast_area AS fa (organisation_id, name, code, kind, district_id, geom)
         SELECT $1, name, code, 'planning_area', district_id, geom FROM incoming
         ON CONFLICT (organisation_id, name) DO UPDATE
           SET code = COALESCE(EXCLUDED.code, fa.code), geom = EXCLUDED.geom, kind = 'planning_area',
               district_id = COALESCE(fa.district_id, EXCLUDED.district_id)
         RETURNING (xmax = 0) AS inserted,
                   NOT EXISTS (SELECT 1 FROM old o WHERE o.name = fa.name AND o.code IS NOT DISTINCT FROM fa.code AND o.kind = 'planning_area'
                                 AND o.district_id IS NOT DISTINCT FROM fa.district_id AND o.geom IS NOT NULL AND ST_Equals(o.geom, fa.geom)) AS changed`,
        [c.organisationId, DISTRICT_MATCH_SHARE],
      );
      const { rows: stats } = await client.query<{ matched: string; straddling: string }>(
        `SELECT count(*) FILTER (WHERE fa.district_id IS NOT NULL) AS matched, count(*) FILTER (WHERE fa.district_id IS NULL) AS straddling
           FROM forecast_area fa JOIN pa USING (name) WHERE fa.organisation_id = $1`,
        [c.organisationId],
      );
      const inserted = rows.filter((r) => r.inserted).length;
      const updated = rows.filter((r) => !r.inserted && r.changed).length;
      return {
        inserted,
        updated,
        duplicates: rows.length - inserted - updated,
        extra: { areas: rows.length, areasMatched: Number(stats[0].matched), areasUnmatched: Number(stats[0].straddling), srid },
      };
    },
  };
}
