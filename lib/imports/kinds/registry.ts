// Building registry records (BBR as served by Datafordeler/DAWA, or a municipality's CSV): keyed by
// (organisation, registry id). A re-import updates the fields the file carries and leaves the others;
// coordinates in EPSG:25832 or 4326 are transformed to 4326 in PostGIS; use codes map to categories.
import { categoryForUseCode, isCategory, type Category } from '@/lib/registry/categories';
import { refreshUsageForBuildings } from '@/lib/occupancy/rollups';
import type { FieldSpec } from '../mapping';
import { parseDecimal } from '../validate/numbers';
import { readInt, readNumber, readText } from './field-readers';
import type { KindContext, KindHandler, RecordView } from './types';

export const REGISTRY_FIELDS: FieldSpec[] = [
  { key: 'registry_id', required: true, synonyms: ['id_lokalid', 'registry_id', 'bbr_id', 'bygnings_id', 'building_id', 'id'] },
  { key: 'name', required: false, synonyms: ['name', 'navn', 'enhedsnavn', 'ejendomsnavn', 'bygningsnavn'] },
  { key: 'address', required: false, synonyms: ['address', 'adresse', 'vejadresseringsnavn', 'adressebetegnelse'] },
  { key: 'use_code', required: false, synonyms: ['byg021bygningensanvendelse', 'use_code', 'anvendelseskode', 'anvendelse'] },
  { key: 'category', required: false, synonyms: ['category', 'kategori', 'psu'] },
  { key: 'year_built', required: false, synonyms: ['byg026opførelsesår', 'year_built', 'opførelsesår', 'byggeår', 'yearbuilt'] },
  { key: 'gross_area', required: false, synonyms: ['byg038samletbygningsareal', 'gross_area_m2', 'bruttoareal', 'samlet_areal', 'areal', 'square_feet'] },
  { key: 'footprint_area', required: false, synonyms: ['byg041bebyggetareal', 'footprint_area_m2', 'bebygget_areal'] },
  { key: 'floors', required: false, synonyms: ['byg054antaletager', 'floors', 'etager', 'antal_etager'] },
  { key: 'capacity', required: false, synonyms: ['capacity', 'kapacitet', 'pladser'] },
  { key: 'users_total', required: false, synonyms: ['users_total', 'brugere', 'antal_brugere'] },
  { key: 'point', required: false, synonyms: ['byg404koordinat', 'koordinat', 'wkt', 'geometry', 'point'] },
  { key: 'x', required: false, synonyms: ['x', 'giskoorx', 'easting', 'lon', 'longitude', 'lng'] },
  { key: 'y', required: false, synonyms: ['y', 'giskoory', 'northing', 'lat', 'latitude'] },
];

const CATEGORY_WORDS: Array<[RegExp, Category]> = [
  [/dagtilbud|daginstitution|vuggestue|børnehave|day.?care|nursery|kindergarten/i, 'daycare'],
  [/skole|sfo|school|education|undervisning/i, 'school'],
  [/ældre|pleje|handicap|elderly|care home|residential/i, 'elderly'],
  [/kultur|bibliotek|library|museum|culture|theat/i, 'culture'],
  [/idræt|fritid|sport|recreation|svømme|pool|gym/i, 'sport'],
  [/sundhed|health|clinic|klinik/i, 'health'],
  [/administration|rådhus|kontor|office/i, 'administration'],
  [/udlejning|letting|leased out/i, 'letting'],
];

/** A category from a key, a Danish label or a descriptive text (English or Danish); null when nothing fits. */
export function categoryFromText(text: string): Category | null {
  const t = text.trim();
  if (isCategory(t.toLowerCase())) return t.toLowerCase() as Category;
  for (const [re, c] of CATEGORY_WORDS) if (re.test(t)) return c;
  return null;
}

/** Reads a point from WKT `POINT(x y)`, GeoJSON `{"type":"Point",…}`, `[x, y]` or `x y`; null when none. */
export function parsePoint(text: string): [number, number] | null {
  const t = text.trim();
  let m = /^(?:SRID=\d+;)?\s*POINT\s*Z?\s*\(\s*([-+\d.eE]+)\s+([-+\d.eE]+)(?:\s+[-+\d.eE]+)?\s*\)$/i.exec(t);
  if (m) return finite(+m[1], +m[2]);
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      const j = JSON.parse(t) as unknown;
      const coords = Array.isArray(j) ? j : (j as { coordinates?: unknown; type?: string }).coordinates;
      if (Array.isArray(coords)) {
        const first = Array.isArray(coords[0]) ? coords[0] : coords; // MultiPoint with one point
        if (Array.isArray(first) && first.length >= 2) return finite(Number(first[0]), Number(first[1]));
      }
    } catch {
      return null;
    }
    return null;
  }
  m = /^([-+\d.eE]+)[\s,;]+([-+\d.eE]+)$/.exec(t);
  return m ? finite(+m[1], +m[2]) : null;
}

function finite(x: number, y: number): [number, number] | null {
  return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
}

/** EPSG:4326 when the pair fits lon/lat ranges, else EPSG:25832 (UTM 32N eastings/northings). */
export function guessSrid(x: number, y: number): 4326 | 25832 {
  return Math.abs(x) <= 180 && Math.abs(y) <= 90 ? 4326 : 25832;
}

function validCoordinates(x: number, y: number, srid: number): boolean {
  if (srid === 4326) return Math.abs(x) <= 180 && Math.abs(y) <= 90 && !(x === 0 && y === 0);
  return x > 0 && x < 2_000_000 && y > 0 && y < 10_000_000;
}

const SQFT = 0.09290304;

export function registryHandler(): KindHandler {
  let ctx: KindContext;
  return {
    kind: 'registry',
    fields: REGISTRY_FIELDS,
    stageColumns: [
      ['registry_id', 'text'], ['name', 'text'], ['address', 'text'], ['use_code', 'integer'], ['category', 'text'],
      ['year_built', 'integer'], ['gross_area', 'double precision'], ['footprint_area', 'double precision'], ['floors', 'integer'],
      ['capacity', 'integer'], ['users_total', 'integer'], ['x', 'double precision'], ['y', 'double precision'], ['srid', 'integer'],
      ['line', 'integer'],
    ],
    async prepare(_client, c) {
      ctx = c;
    },
    row(rec: RecordView) {
      const d = ctx.decimal;
      const id = readText(rec, 'registry_id', 100);
      if (id === undefined) return rec.issue('required', 'registry_id'), null;
      const name = readText(rec, 'name', 300);
      const address = readText(rec, 'address', 300);
      const useCode = readInt(rec, 'use_code', d, 0, 9999);
      const yearBuilt = readInt(rec, 'year_built', d, 1000, 2100);
      const areaFactor = ctx.mapping.areaUnit === 'sqft' ? SQFT : 1;
      const gross = readNumber(rec, 'gross_area', d, 0, 1e7);
      const footprint = readNumber(rec, 'footprint_area', d, 0, 1e7);
      const floors = readInt(rec, 'floors', d, 0, 200);
      const capacity = readInt(rec, 'capacity', d, 0, 1e6);
      const users = readInt(rec, 'users_total', d, 0, 1e6);
      const categoryText = readText(rec, 'category', 100);
      if ([id, name, address, useCode, yearBuilt, gross, footprint, floors, capacity, users, categoryText].includes(null)) return null;

      // Separate x/y columns win over a point/geometry column (a GeoJSON export may carry both).
      let xy: [number, number] | null = null;
      const pointText = rec.get('point');
      const xt = rec.get('x');
      const yt = rec.get('y');
      const useXy = xt !== undefined || yt !== undefined;
      if (useXy) {
        const x = xt === undefined ? null : parseDecimal(xt, d);
        const y = yt === undefined ? null : parseDecimal(yt, d);
        if (x === null) return rec.issue('invalid_number', 'x'), null;
        if (y === null) return rec.issue('invalid_number', 'y'), null;
        xy = [x, y];
      } else if (pointText !== undefined) {
        xy = parsePoint(pointText);
        if (!xy) return rec.issue('invalid_geometry', 'point', { reason: 'POINT(x y)' }), null;
      }
      const srid = xy ? (ctx.mapping.srid ?? guessSrid(xy[0], xy[1])) : null;
      if (xy && !validCoordinates(xy[0], xy[1], srid!)) {
        return rec.issue('invalid_coordinates', useXy ? 'x' : 'point', { srid: `EPSG:${srid}` }, `${xy[0]} ${xy[1]}`), null;
      }
      // A category column wins; else the BBR use code; else 'other' for new buildings (existing keep theirs).
      const category = categoryText ? categoryFromText(categoryText) : useCode != null ? categoryForUseCode(useCode) : null;
      return [
        id!, name ?? null, address ?? null, useCode ?? null, category, yearBuilt ?? null,
        gross == null ? null : gross * areaFactor, footprint == null ? null : footprint * areaFactor,
        floors ?? null, capacity ?? null, users ?? null, xy ? xy[0] : null, xy ? xy[1] : null, srid, rec.line,
      ];
    },
    async merge(client, c) {
      await client.query(
        `CREATE TEMP TABLE stage_latest ON COMMIT DROP AS
         SELECT DISTINCT ON (registry_id) s.*,
                CASE WHEN x IS NOT NULL THEN ST_Transform(ST_SetSRID(ST_MakePoint(x, y), srid), 4326) END AS pt
           FROM stage s ORDER BY registry_id, line DESC`,
      );
      const upd = await client.query<{ id: string }>(
        `UPDATE building b SET
            name = COALESCE(s.name, b.name), address = COALESCE(s.address, b.address), use_code = COALESCE(s.use_code, b.use_code),
            category = COALESCE(s.category, b.category), year_built = COALESCE(s.year_built, b.year_built),
            gross_area_m2 = COALESCE(s.gross_area, b.gross_area_m2), footprint_area_m2 = COALESCE(s.footprint_area, b.footprint_area_m2),
            floors = COALESCE(s.floors, b.floors), capacity = COALESCE(s.capacity, b.capacity), users_total = COALESCE(s.users_total, b.users_total),
            point = COALESCE(s.pt, b.point), updated_at = now()
           FROM stage_latest s
          WHERE b.organisation_id = $1 AND b.registry_id = s.registry_id
            AND ((b.name, b.address, b.use_code, b.category, b.year_built, b.gross_area_m2, b.footprint_area_m2, b.floors, b.capacity, b.users_total)
                 IS DISTINCT FROM
                 (COALESCE(s.name, b.name), COALESCE(s.address, b.address), COALESCE(s.use_code, b.use_code), COALESCE(s.category, b.category),
                  COALESCE(s.year_built, b.year_built), COALESCE(s.gross_area, b.gross_area_m2), COALESCE(s.footprint_area, b.footprint_area_m2),
                  COALESCE(s.floors, b.floors), COALESCE(s.capacity, b.capacity), COALESCE(s.users_total, b.users_total))
                 OR (s.pt IS NOT NULL AND (b.point IS NULL OR NOT ST_Equals(b.point, s.pt))))
          RETURNING b.id`,
        [c.organisationId],
      );
      const ins = await client.query(
        `INSERT INTO building (organisation_id, registry_id, name, address, use_code, category, year_built, gross_area_m2,
                               footprint_area_m2, floors, capacity, users_total, point)
         SELECT $1, s.registry_id, COALESCE(s.name, s.address, 'BBR ' || s.registry_id), s.address, s.use_code, COALESCE(s.category, 'other'),
                s.year_built, s.gross_area, s.footprint_area, s.floors, s.capacity, s.users_total, s.pt
           FROM stage_latest s
          WHERE NOT EXISTS (SELECT 1 FROM building b WHERE b.organisation_id = $1 AND b.registry_id = s.registry_id)`,
        [c.organisationId],
      );
      // Usage rollups bake in capacities and opening hours: refresh them for buildings that changed.
      if (upd.rows.length > 0) await refreshUsageForBuildings(client, upd.rows.map((r) => r.id));
      return { inserted: ins.rowCount ?? 0, updated: upd.rowCount ?? 0 };
    },
  };
}
