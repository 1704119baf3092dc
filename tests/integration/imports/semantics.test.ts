// What landed files mean once stored: Danish letters survive Windows-1252, the repeated October hour
// becomes two distinct instants, BBR points are transformed from EPSG:25832, footprints find their building
// by point-in-polygon, quality flags and rollups follow each occupancy import, and saved mappings round-trip.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '@/lib/imports/run-import';
import { listMappings, loadMapping, saveMapping } from '@/lib/imports/saved-mappings';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, type TestOrg } from './setup';

const DIR = path.join(process.cwd(), 'tests/fixtures/imports');

describe('imported data means what the file said', () => {
  let db: TestDb;
  let org: TestOrg;
  const load = (file: string, kind: Parameters<typeof runImport>[0]['kind'] = 'occupancy', extra: Partial<Parameters<typeof runImport>[0]> = {}) =>
    runImport({ kind, path: path.join(DIR, file), fileName: file, organisationId: org.id, pool: db.pool, ...extra });

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'semantics');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('keeps æ, ø and å from a Windows-1252 file in the new sensor and its room', async () => {
    const r = await load('occ-win1252-aeoeaa.csv');
    expect(r.status).toBe('succeeded');
    const { rows } = await db.pool.query(
      `SELECT s.external_id, s.kind, s.interval_minutes, r.name AS room, b.registry_id FROM sensor s
         JOIN building b ON b.id = s.building_id LEFT JOIN room r ON r.id = s.room_id WHERE s.external_id = 'Ø-7'`,
    );
    expect(rows).toEqual([{ external_id: 'Ø-7', kind: 'count', interval_minutes: 15, room: 'Mødelokale Æblegården', registry_id: 'B-1' }]);
  });

  it('reads the repeated October hour in file order: first 02:00 is CEST, the second CET', async () => {
    const r = await load('occ-dst-october-ordered.csv');
    expect(r.accepted).toBe(5);
    const { rows } = await db.pool.query<{ ts: Date; value: number }>(
      `SELECT o.ts, o.value FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id
        WHERE s.external_id = 'S-1' AND o.ts >= '2026-10-24T20:00Z' AND o.ts < '2026-10-25T06:00Z' ORDER BY o.ts`,
    );
    expect(rows.map((x) => [x.ts.toISOString(), x.value])).toEqual([
      ['2026-10-24T22:00:00.000Z', 1], // 00:00 CEST
      ['2026-10-24T23:00:00.000Z', 2], // 01:00 CEST
      ['2026-10-25T00:00:00.000Z', 3], // 02:00 CEST (first)
      ['2026-10-25T01:00:00.000Z', 4], // 02:00 CET (second)
      ['2026-10-25T02:00:00.000Z', 5], // 03:00 CET
    ]);
  });

  it('flags a count above 3 × capacity in sensor_quality, and refreshes the hourly rollup', async () => {
    await load('occ-absurd-value-flagged.csv'); // 999 people in a 40-person building
    const { rows } = await db.pool.query(
      `SELECT q.impossible_count::int AS impossible, 'impossible' = ANY (q.flags) AS flagged, q.last_reading_at
         FROM sensor_quality q JOIN sensor s ON s.id = q.sensor_id WHERE s.external_id = 'S-1'`,
    );
    expect(rows[0].impossible).toBe(1);
    expect(rows[0].flagged).toBe(true);
    const { rows: h } = await db.pool.query(
      `SELECT h.max_value, h.n_readings FROM occupancy_hourly h JOIN sensor s ON s.id = h.sensor_id
        WHERE s.external_id = 'S-1' AND h.hour = '2026-03-02T07:00Z'`,
    );
    expect(h).toEqual([{ max_value: 999, n_readings: 2 }]);
    const { rows: b } = await db.pool.query(`SELECT sensors, impossible_count::int AS imp FROM building_data_quality q JOIN building b ON b.id = q.building_id WHERE b.registry_id = 'B-1'`);
    expect(b[0].imp).toBe(1);
  });

  it('coverage counts gaps as unknown: 3 of 4 quarter-hours present is 75 %', async () => {
    const other = await createTestOrg(db.pool, 'coverage');
    const { writeFileSync } = await import('node:fs');
    const file = path.join(process.env.TMPDIR ?? '/tmp', `coverage-${process.pid}.csv`);
    writeFileSync(file, 'timestamp;sensor_id;count\n2026-05-04 08:00;S-1;1\n2026-05-04 08:15;S-1;2\n2026-05-04 08:45;S-1;2\n');
    const r = await runImport({ kind: 'occupancy', path: file, organisationId: other.id, pool: db.pool });
    expect(r.accepted).toBe(3);
    const { rows } = await db.pool.query(
      `SELECT q.readings::int, q.expected_intervals::int AS expected, q.coverage, q.flags FROM sensor_quality q JOIN sensor s ON s.id = q.sensor_id
        WHERE s.organisation_id = $1`,
      [other.id],
    );
    expect(rows).toEqual([{ readings: 3, expected: 4, coverage: 0.75, flags: ['low_coverage'] }]);
  });

  it('transforms BBR points from EPSG:25832 and maps use codes to categories', async () => {
    const r = await load('reg-bbr.json', 'registry');
    expect(r.inserted).toBe(2);
    const { rows } = await db.pool.query(
      `SELECT registry_id, name, use_code, category, year_built, gross_area_m2, floors, round(ST_X(point)::numeric, 5)::float8 AS lon, round(ST_Y(point)::numeric, 5)::float8 AS lat
         FROM building WHERE registry_id LIKE '0a3f5070%' ORDER BY registry_id`,
    );
    expect(rows[0]).toMatchObject({ use_code: 441, category: 'daycare', year_built: 1974, gross_area_m2: 812, floors: 2 });
    // PROVENANCE of copenhagen-daycare: 726043.38, 6174594.33 ↔ lat 55.66446766 lon 12.59414746.
    expect(rows[0].lon).toBeCloseTo(12.59415, 4);
    expect(rows[0].lat).toBeCloseTo(55.66447, 4);
    expect(rows[1]).toMatchObject({ use_code: 910, category: 'other' });
  });

  it('updates a registry record on re-import without blanking fields the file does not carry', async () => {
    await load('reg-danish.csv', 'registry');
    const { rows } = await db.pool.query(`SELECT name, address, category, gross_area_m2 FROM building WHERE registry_id = 'K-1'`);
    expect(rows[0]).toEqual({ name: 'Søndermarkens Skole', address: 'Åboulevarden 3', category: 'school', gross_area_m2: 5234.5 });
    const { writeFileSync } = await import('node:fs');
    const file = path.join(process.env.TMPDIR ?? '/tmp', `reg-update-${process.pid}.csv`);
    writeFileSync(file, 'registry_id;capacity\nK-1;450\n');
    const r = await runImport({ kind: 'registry', path: file, organisationId: org.id, pool: db.pool });
    expect([r.inserted, r.updated, r.duplicates]).toEqual([0, 1, 0]);
    const { rows: after } = await db.pool.query(`SELECT name, capacity, gross_area_m2 FROM building WHERE registry_id = 'K-1'`);
    expect(after[0]).toEqual({ name: 'Søndermarkens Skole', capacity: 450, gross_area_m2: 5234.5 });
  });

  it('joins 3-D footprints without ids to the building whose point lies inside; reports the rest unmatched', async () => {
    const r = await load('fp-by-point-3d.geojson', 'footprints');
    expect(r.status).toBe('succeeded');
    expect(r.extra).toMatchObject({ joinBy: 'point', buildingsMatched: 1, unmatchedFeatures: 1 });
    const { rows } = await db.pool.query(`SELECT ST_GeometryType(footprint) AS t, ST_NDims(footprint) AS d, ST_Contains(footprint, point) AS inside FROM building WHERE registry_id = 'K-2'`);
    expect(rows).toEqual([{ t: 'ST_MultiPolygon', d: 2, inside: true }]);
  });

  it('stores Danish cost types and amounts with thousands separators', async () => {
    await load('costs-danish.csv', 'costs');
    const { rows } = await db.pool.query(
      `SELECT b.registry_id, c.type, c.amount_dkk FROM cost_record c JOIN building b ON b.id = c.building_id WHERE b.organisation_id = $1 ORDER BY 1, 2`,
      [org.id],
    );
    expect(rows).toEqual([
      { registry_id: 'B-1', type: 'cleaning', amount_dkk: 125000.5 },
      { registry_id: 'B-1', type: 'energy', amount_dkk: 98000 },
      { registry_id: 'B-2', type: 'rent', amount_dkk: 1200000 },
    ]);
  });

  it('a dry run reports the counts and writes nothing but its job record', async () => {
    const { rows: before } = await db.pool.query('SELECT count(*)::int AS n FROM maintenance_item');
    const r = await load('maintenance-plan.csv', 'maintenance', { dryRun: true });
    expect([r.status, r.accepted, r.dryRun]).toEqual(['succeeded', 3, true]);
    const { rows: after } = await db.pool.query('SELECT count(*)::int AS n FROM maintenance_item');
    expect(after[0].n).toBe(before[0].n);
    const { rows: job } = await db.pool.query('SELECT dry_run, status FROM import_job WHERE id = $1', [r.jobId]);
    expect(job[0]).toEqual({ dry_run: true, status: 'succeeded' });
  });

  it('saves a column mapping per sensor portal and reuses it', async () => {
    await saveMapping(db.pool, org.id, { name: 'Headerless portal', kind: 'occupancy', mapping: { columns: { timestamp: '#1', sensor: '#2', value: '#3' }, constants: {} } });
    const saved = await loadMapping(db.pool, org.id, 'Headerless portal');
    expect(saved?.mapping.columns).toEqual({ timestamp: '#1', sensor: '#2', value: '#3' });
    expect((await listMappings(db.pool, org.id, 'occupancy')).map((m) => m.name)).toEqual(['Headerless portal']);
    const r = await load('occ-headerless.csv', 'occupancy', { mapping: saved!.mapping });
    expect(r.status).toBe('succeeded');
  });
});

describe('the downloadable templates', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('import as they are, in order: registry, occupancy, costs, maintenance', async () => {
    const { rows } = await db.pool.query<{ id: string }>("INSERT INTO organisation (slug, name) VALUES ('tpl', 'Templates') RETURNING id");
    const results = [];
    for (const kind of ['registry', 'occupancy', 'costs', 'maintenance'] as const) {
      const r = await runImport({ kind, path: path.join(process.cwd(), 'public/templates', `${kind}.csv`), organisationId: rows[0].id, pool: db.pool });
      results.push([kind, r.status, r.accepted, r.issues.length]);
    }
    expect(results).toEqual([
      ['registry', 'succeeded', 2, 0],
      ['occupancy', 'succeeded', 4, 0],
      ['costs', 'succeeded', 6, 0],
      ['maintenance', 'succeeded', 4, 0],
    ]);
  });
});
