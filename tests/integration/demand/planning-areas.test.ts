// Planning areas from GeoJSON (a municipality's school districts as its GIS exports them: EPSG:25832 with a named
// crs, MultiPolygons, upper-case attributes) become forecast areas matched to the district they lie mostly in; a
// consultancy's forecast naming them by code or loosely by name then counts for those districts. A straddling area
// waits for the mapping step, a hand mapping survives a re-import, and features that are no planning area are
// rejected with the feature and the reason.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { runImport } from '@/lib/imports/run-import';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, type TestOrg } from '../imports/setup';

const DIR = path.join(process.cwd(), 'tests/fixtures/imports');

describe('planning areas from GeoJSON', () => {
  let db: TestDb;
  let org: TestOrg;
  const load = (kind: 'planning_areas' | 'forecast', file: string) =>
    runImport({ kind, path: path.join(DIR, file), fileName: file, organisationId: org.id, pool: db.pool });
  const areas = async () =>
    (await db.pool.query<{ name: string; code: string | null; kind: string; district: string | null; type: string; w: number; e: number }>(
      `SELECT fa.name, fa.code, fa.kind, d.name AS district, GeometryType(fa.geom) AS type,
              round(ST_XMin(fa.geom)::numeric, 3)::float AS w, round(ST_XMax(fa.geom)::numeric, 3)::float AS e
         FROM forecast_area fa LEFT JOIN district d ON d.id = fa.district_id WHERE fa.organisation_id = $1 ORDER BY fa.name`, [org.id])).rows;

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'planning');
    await db.pool.query(`UPDATE organisation SET name = 'Herning Kommune' WHERE id = $1`, [org.id]);
    await db.pool.query(
      `INSERT INTO district (organisation_id, name, geom) VALUES
         ($1, 'Lind', ST_Multi(ST_MakeEnvelope(8.90, 56.10, 9.00, 56.15, 4326))),
         ($1, 'Centrum', ST_Multi(ST_MakeEnvelope(9.00, 56.10, 9.10, 56.15, 4326)))`, [org.id]);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('imports school districts in EPSG:25832 and matches each to the district holding most of it', async () => {
    const r = await load('planning_areas', 'planning-areas-school-districts.geojson');
    expect(r.status).toBe('succeeded');
    expect([r.accepted, r.duplicates]).toEqual([3, 0]);
    expect(r.extra).toMatchObject({ areas: 3, areasMatched: 2, areasUnmatched: 1, srid: 25832 });
    expect(await areas()).toEqual([
      { name: 'Hammerum-Gjellerup', code: '07', kind: 'planning_area', district: null, type: 'MULTIPOLYGON', w: 9.08, e: 9.16 },
      { name: 'Lind Skoledistrikt', code: '03', kind: 'planning_area', district: 'Lind', type: 'MULTIPOLYGON', w: 8.905, e: 8.99 },
      { name: 'Midtbyen Skoledistrikt', code: '01', kind: 'planning_area', district: 'Centrum', type: 'MULTIPOLYGON', w: 9.01, e: 9.09 },
    ]);
    const parts = await db.pool.query(`SELECT ST_NumGeometries(geom) AS n, ST_IsValid(geom) AS valid FROM forecast_area WHERE organisation_id = $1 AND name = 'Lind Skoledistrikt'`, [org.id]);
    expect(parts.rows[0]).toEqual({ n: 2, valid: true });
  });

  it('lets a forecast name the planning areas by code or loosely by name, and counts them for their districts', async () => {
    const r = await load('forecast', 'forecast-school-districts.csv');
    expect(r.status).toBe('succeeded');
    expect(r.extra).toMatchObject({ areas: 3, areasUnmatched: 1 });
    // No new forecast areas: "Lind" (code 03) is Lind Skoledistrikt, "Midtbyen" is Midtbyen Skoledistrikt.
    expect((await areas()).map((a) => a.name)).toEqual(['Hammerum-Gjellerup', 'Lind Skoledistrikt', 'Midtbyen Skoledistrikt']);
    const inputs = await loadDemandInputs(db.pool, org.id, 2030);
    const district = new Map(inputs.districts.map((d) => [d.id, d.name]));
    expect((inputs.cells.main ?? []).map((c) => [district.get(c.areaId), c.year, c.persons]).sort()).toEqual([
      ['Centrum', 2030, 810],
      ['Lind', 2030, 520],
      ['Lind', 2031, 540],
    ]);
  });

  it('keeps a hand mapping and changes nothing when the same file comes again', async () => {
    await db.pool.query(`UPDATE forecast_area SET district_id = (SELECT id FROM district WHERE organisation_id = $1 AND name = 'Centrum') WHERE organisation_id = $1 AND name = 'Hammerum-Gjellerup'`, [org.id]);
    const r = await load('planning_areas', 'planning-areas-school-districts.geojson');
    expect([r.status, r.accepted, r.duplicates]).toEqual(['succeeded', 0, 3]);
    expect((await areas()).find((a) => a.name === 'Hammerum-Gjellerup')!.district).toBe('Centrum');
  });

  it('rejects a point, a nameless feature and UTM coordinates without a crs, naming the feature of each', async () => {
    const before = await areas();
    const r = await load('planning_areas', 'planning-areas-bad.geojson');
    expect(r.status).toBe('rejected');
    expect(r.issues.map((i) => [i.line, i.column, i.code])).toEqual([[1, 'geometry', 'invalid_geometry'], [2, 'navn', 'required'], [3, 'geometry', 'invalid_coordinates']]);
    expect(await areas()).toEqual(before);
  });
});
