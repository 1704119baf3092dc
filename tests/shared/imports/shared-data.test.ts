// The real public data beside the repository (../shared/data, see each PROVENANCE.txt) imports through the
// same pipeline as any upload. Expected figures come from the PROVENANCE files, or are recomputed here
// independently of the pipeline (turf for point-in-polygon), never copied from the pipeline's own output.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { booleanPointInPolygon, bbox as turfBbox, point } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport, type ImportOptions } from '@/lib/imports/run-import';
import { createTestDb, type TestDb } from '../../helpers/test-db';

const DATA = path.resolve(process.cwd(), '../shared/data');

describe.skipIf(!existsSync(DATA))('shared public data through the import pipeline', () => {
  let db: TestDb;
  let orgId: string;
  const load = (kind: ImportOptions['kind'], rel: string, mapping: ImportOptions['mapping'] = {}) =>
    runImport({ kind, path: path.join(DATA, rel), fileName: rel, organisationId: orgId, mapping, pool: db.pool });

  beforeAll(async () => {
    db = await createTestDb();
    const { rows } = await db.pool.query<{ id: string }>("INSERT INTO organisation (slug, name) VALUES ('shared', 'Shared data') RETURNING id");
    orgId = rows[0].id;
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('Copenhagen day-care institutions: 537 buildings at their EPSG:25832 coordinates', async () => {
    const r = await load('registry', 'copenhagen-daycare/daginstitutioner_kk.geojson', {
      columns: { registry_id: 'id', name: 'enhedsnavn', address: 'vejadresseringsnavn', x: 'giskoorx', y: 'giskoory' },
      constants: { category: 'Dagtilbud' },
      srid: 25832,
    });
    expect(r.issues).toEqual([]);
    expect([r.status, r.inserted, r.rowsTotal]).toEqual(['succeeded', 537, 537]);
    // PROVENANCE: 726043.38, 6174594.33 (EPSG:25832) ↔ lat 55.66446766, lon 12.59414746.
    const { rows } = await db.pool.query(`SELECT name, category, ST_X(point) AS lon, ST_Y(point) AS lat FROM building WHERE organisation_id = $1 AND registry_id = '89'`, [orgId]);
    expect(rows[0]).toMatchObject({ name: 'Børneinst. v/ Seruminstituttet', category: 'daycare' });
    expect(rows[0].lon).toBeCloseTo(12.59414746, 5);
    expect(rows[0].lat).toBeCloseTo(55.66446766, 5);
    const again = await load('registry', 'copenhagen-daycare/daginstitutioner_kk.geojson', r.mapping);
    expect([again.accepted, again.duplicates]).toEqual([0, 537]);
  });

  it('Copenhagen renewal footprints join the day-care buildings by point-in-polygon, as turf counts them', async () => {
    const rel = 'copenhagen-renewal-footprints/byfornyelse_kk.json';
    const r = await load('footprints', rel);
    expect(r.status).toBe('succeeded');
    expect(r.rowsTotal).toBe(3016);
    // Independent count: day-care points (their WGS84 nordlig/oestlig) inside any renewal footprint.
    const fc = JSON.parse(readFileSync(path.join(DATA, rel), 'utf8')) as { features: Array<Feature<Polygon | MultiPolygon>> };
    const boxes = fc.features.map((f) => turfBbox(f));
    const { rows: pts } = await db.pool.query<{ lon: number; lat: number }>('SELECT ST_X(point) AS lon, ST_Y(point) AS lat FROM building WHERE organisation_id = $1', [orgId]);
    const inside = pts.filter((p) =>
      fc.features.some((f, i) => {
        const b = boxes[i];
        const [w, s, e, n] = b.length === 6 ? [b[0], b[1], b[3], b[4]] : b; // 3-D coordinates give a 6-number bbox
        return p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n && booleanPointInPolygon(point([p.lon, p.lat]), f);
      }),
    ).length;
    expect(r.extra.buildingsMatched).toBe(inside);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM building WHERE organisation_id = $1 AND footprint IS NOT NULL', [orgId]);
    expect(rows[0].n).toBe(inside);
  });

  it('DC municipal buildings: 658 records, square feet converted to m², 187 with coordinates', async () => {
    // A portfolio of its own: DC ids are small numbers like the day-care ids.
    const { rows: org } = await db.pool.query<{ id: string }>("INSERT INTO organisation (slug, name) VALUES ('dc', 'DC DGS') RETURNING id");
    const r = await runImport({
      kind: 'registry', path: path.join(DATA, 'dc-municipal-buildings/dgs_metadata_filtered_and_cleaned.csv'), organisationId: org[0].id, mapping: { areaUnit: 'sqft' }, pool: db.pool,
    });
    expect(r.issues).toEqual([]);
    expect([r.status, r.inserted]).toEqual(['succeeded', 658]);
    const { rows } = await db.pool.query(
      `SELECT count(*) FILTER (WHERE gross_area_m2 IS NOT NULL)::int AS with_area, count(point)::int AS with_point,
              count(*) FILTER (WHERE category = 'school')::int AS schools,
              max(gross_area_m2) FILTER (WHERE registry_id = '1') AS hq_m2
         FROM building WHERE organisation_id = $1`,
      [org[0].id],
    );
    // PROVENANCE: square_feet 382 filled, latitude/longitude 187 filled, PSU 'K-12 School' 133; id 1 is 90,635 sq ft.
    expect(rows[0].with_area).toBe(382);
    expect(rows[0].with_point).toBe(187);
    expect(rows[0].schools).toBeGreaterThanOrEqual(133);
    expect(rows[0].hq_m2).toBeCloseTo(90635 * 0.09290304, 3);
  });

  it('ROBOD room 1: 8,352 five-minute people counts with a +08:00 offset; max 38, mean 1.60', async () => {
    await db.pool.query(`INSERT INTO building (organisation_id, registry_id, name, capacity) VALUES ($1, 'SDE4', 'SDE4 (NUS)', 40)`, [orgId]);
    const r = await load('occupancy', 'robod-occupancy/combined_Room1.csv', { constants: { sensor: 'ROBOD-Room1', room: 'Room 1' }, building: 'SDE4' });
    expect(r.issues).toEqual([]);
    expect([r.status, r.accepted, r.extra.valueKind]).toEqual(['succeeded', 8352, 'count']);
    const { rows } = await db.pool.query(
      `SELECT max(o.value) AS max, avg(o.value) AS mean, min(o.ts) AS first, s.interval_minutes FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id
        WHERE s.external_id = 'ROBOD-Room1' GROUP BY s.interval_minutes`,
    );
    expect(rows[0].max).toBe(38);
    expect(rows[0].mean).toBeCloseTo(1.6, 2);
    expect(rows[0].first.toISOString()).toBe('2021-09-06T16:00:00.000Z'); // 2021-09-07 00:00 +08:00
    expect(rows[0].interval_minutes).toBe(5);
    const { rows: q } = await db.pool.query(`SELECT readings::int, coverage FROM sensor_quality q JOIN sensor s ON s.id = q.sensor_id WHERE s.external_id = 'ROBOD-Room1'`);
    // 29 measured days between 7 Sep and 23 Dec: most expected five-minute slots are gaps (unknown), not zeros.
    expect(q[0].readings).toBe(8352);
    expect(q[0].coverage).toBeLessThan(0.35);
  });

  it('ROBOD room 2 through a saved mapping-like reuse of room 1 settings', async () => {
    const r = await load('occupancy', 'robod-occupancy/combined_Room2.csv', { constants: { sensor: 'ROBOD-Room2' }, building: 'SDE4' });
    expect([r.status, r.accepted]).toEqual(['succeeded', 8352]);
    const { rows } = await db.pool.query(`SELECT max(o.value) AS max FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id WHERE s.external_id = 'ROBOD-Room2'`);
    expect(rows[0].max).toBe(22);
  });

  it('UCI office: a leading row-number column, local timestamps with seconds, 0/1 presence; occupied share 0.212', async () => {
    const r = await load('occupancy', 'uci-occupancy/datatraining.txt', { constants: { sensor: 'UCI-office' }, building: 'SDE4', valueKind: 'presence' });
    expect(r.issues).toEqual([]);
    expect(r.settings).toMatchObject({ leadingIndexColumn: true, delimiter: ',' });
    expect(r.status).toBe('succeeded');
    expect(r.accepted + r.duplicates).toBe(8143);
    const { rows } = await db.pool.query(
      `SELECT avg(o.value) AS share, min(o.ts) AS first FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id WHERE s.external_id = 'UCI-office'`,
    );
    expect(rows[0].share).toBeCloseTo(0.212, 2);
    expect(rows[0].first.toISOString()).toBe('2015-02-04T16:51:00.000Z'); // 17:51 local (CET)
  });
});
