// Footprint polygons from GeoJSON, joined to existing buildings by registry id (when the features carry
// one) or else by point-in-polygon (the building's point inside the footprint; the smallest containing
// polygon wins). Features that match no building are reported, not stored.
import type { FieldSpec } from '../mapping';
import { validPolygonCoords } from './polygon-geometry';
import type { KindContext, KindHandler, RecordView } from './types';

export const FOOTPRINT_FIELDS: FieldSpec[] = [
  { key: 'registry_id', required: false, synonyms: ['id_lokalid', 'registry_id', 'bbr_id', 'bygnings_id', 'building_id'] },
  { key: 'geometry', required: true, synonyms: ['geometry'] },
];

export function footprintsHandler(): KindHandler {
  let ctx: KindContext;
  let byId = false;
  return {
    kind: 'footprints',
    fields: FOOTPRINT_FIELDS,
    stageColumns: [['registry_id', 'text'], ['geojson', 'text'], ['line', 'integer']],
    async prepare(_client, c) {
      ctx = c;
    },
    row(rec: RecordView) {
      const g = rec.get('geometry');
      if (g === undefined) return rec.issue('required', 'geometry'), null;
      let geom: { type?: string; coordinates?: unknown };
      try {
        geom = JSON.parse(g) as typeof geom;
      } catch {
        return rec.issue('invalid_geometry', 'geometry', { reason: 'JSON' }), null;
      }
      if (!geom || !validPolygonCoords(String(geom.type), geom.coordinates)) {
        return rec.issue('invalid_geometry', 'geometry', { reason: `${String(geom?.type)} (Polygon/MultiPolygon)` }, String(geom?.type)), null;
      }
      const id = rec.get('registry_id') ?? null;
      if (id !== null) byId = true;
      return [id, JSON.stringify({ type: geom.type, coordinates: geom.coordinates }), rec.line];
    },
    async merge(client, c) {
      const srid = ctx.mapping.srid ?? 4326;
      const joinBy = ctx.mapping.joinBy ?? (byId ? 'id' : 'point');
      await client.query(
        `CREATE TEMP TABLE fp ON COMMIT DROP AS
         SELECT line, registry_id,
                ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(geojson)), $1::int), 4326)), 3))::geometry(MultiPolygon, 4326) AS geom
           FROM stage`,
        [srid],
      );
      await client.query('CREATE INDEX ON fp USING gist (geom)');
      const match =
        joinBy === 'id'
          ? `SELECT DISTINCT ON (b.id) b.id, fp.geom, fp.line FROM fp JOIN building b ON b.organisation_id = $1 AND lower(b.registry_id) = lower(fp.registry_id)
              ORDER BY b.id, fp.line DESC`
          : `SELECT DISTINCT ON (b.id) b.id, fp.geom, fp.line FROM fp JOIN building b ON b.organisation_id = $1 AND b.point IS NOT NULL AND ST_Contains(fp.geom, b.point)
              ORDER BY b.id, ST_Area(fp.geom), fp.line DESC`;
      await client.query(`CREATE TEMP TABLE fp_match ON COMMIT DROP AS ${match}`, [c.organisationId]);
      const { rows } = await client.query<{ was_null: boolean }>(
        `UPDATE building b SET footprint = m.geom, updated_at = now()
           FROM fp_match m JOIN building old ON old.id = m.id
          WHERE b.id = m.id AND (b.footprint IS NULL OR NOT ST_Equals(b.footprint, m.geom))
          RETURNING old.footprint IS NULL AS was_null`,
      );
      const { rows: stats } = await client.query<{ matched: string; features: string; features_used: string }>(
        joinBy === 'id'
          ? `SELECT (SELECT count(*) FROM fp_match) AS matched, (SELECT count(*) FROM fp) AS features,
                    (SELECT count(*) FROM fp WHERE EXISTS (SELECT 1 FROM building b WHERE b.organisation_id = $1 AND lower(b.registry_id) = lower(fp.registry_id))) AS features_used`
          : `SELECT (SELECT count(*) FROM fp_match) AS matched, (SELECT count(*) FROM fp) AS features,
                    (SELECT count(*) FROM fp WHERE EXISTS (SELECT 1 FROM building b WHERE b.organisation_id = $1 AND b.point IS NOT NULL AND ST_Contains(fp.geom, b.point))) AS features_used`,
        [c.organisationId],
      );
      const inserted = rows.filter((r) => r.was_null).length;
      const updated = rows.length - inserted;
      const matched = Number(stats[0].matched);
      const features = Number(stats[0].features);
      return {
        inserted,
        updated,
        duplicates: matched - rows.length,
        extra: { joinBy, buildingsMatched: matched, featuresMatched: Number(stats[0].features_used), unmatchedFeatures: features - Number(stats[0].features_used), srid },
      };
    },
  };
}
