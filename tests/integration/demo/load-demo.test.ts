import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolClient } from 'pg';
import { generateDemo } from '@/lib/demo/generate-demo';
import { loadDemo } from '@/lib/demo/load-demo';
import { parseOrganisationSettings } from '@/lib/organisations/settings';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';

// Seeds a small demo (a tenth of the sites, full year of readings) into an isolated schema, then the full-size
// registry without readings, and checks what landed against what the generator made.

let db: TestDb;
let client: PoolClient;

beforeAll(async () => {
  db = await createTestDb();
  client = await db.pool.connect();
});

afterAll(async () => {
  client?.release();
  await db?.drop();
});

const count = async (sql: string, params: unknown[] = []) => Number((await client.query<{ n: string }>(sql, params)).rows[0].n);

describe('loadDemo', () => {
  const small = generateDemo({ scale: 0.1 });

  it('loads a small demo with readings and rollups in one go, every building inside its organisation’s boundary', async () => {
    const summary = await loadDemo(client, { scale: 0.1 });
    expect(summary).not.toBeNull();
    const expectedBuildings = small.organisations.reduce((n, o) => n + o.organisation.buildings.length, 0);
    const expectedSensors = small.organisations.reduce((n, o) => n + o.sensors.length, 0);
    expect(summary!.buildings).toBe(expectedBuildings);
    expect(await count('SELECT count(*) AS n FROM building')).toBe(expectedBuildings);
    expect(await count('SELECT count(*) AS n FROM sensor')).toBe(expectedSensors);
    expect(await count('SELECT count(*) AS n FROM occupancy_reading')).toBe(summary!.readings);
    expect(summary!.readings).toBeGreaterThan(expectedSensors * 7_000);
    expect(await count('SELECT count(*) AS n FROM occupancy_hourly')).toBe(summary!.readings);
    expect(await count('SELECT count(*) AS n FROM occupancy_daily_usage')).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM cost_record')).toBe(summary!.costRecords);
    expect(await count('SELECT count(*) AS n FROM maintenance_item')).toBe(summary!.maintenanceItems);
    expect(await count(
      'SELECT count(*) AS n FROM building b JOIN organisation o ON o.id = b.organisation_id WHERE NOT ST_Within(b.point, o.boundary)')).toBe(0);
    expect(await count(
      'SELECT count(*) AS n FROM building b JOIN district d ON d.id = b.district_id WHERE NOT ST_Within(b.footprint, d.geom)')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM building WHERE NOT ST_IsValid(footprint)')).toBe(0);
  });

  it('stores the demo organisations with is_demo, Herning’s kommunekode and settings that parse to the defaults', async () => {
    const { rows } = await client.query('SELECT slug, name, kommunekode, is_demo, settings FROM organisation ORDER BY slug');
    expect(rows.map((r) => [r.slug, r.name, r.kommunekode, r.is_demo])).toEqual([
      ['demo', 'Herning Kommune (demo)', '0657', true],
      ['demo-nabo', 'Ikast-Brande Kommune (demo)', '0756', true],
    ]);
    const settings = parseOrganisationSettings(rows[0].settings);
    expect(settings.scoreWeights).toEqual(parseOrganisationSettings({}).scoreWeights);
  });

  it('writes no reading inside a sensor’s offline window', async () => {
    const offline = small.organisations.flatMap((o) => o.sensors).find((s) => s.gaps.length > 0)!;
    const [a, b] = offline.gaps[0];
    expect(await count('SELECT count(*) AS n FROM occupancy_reading WHERE sensor_id = $1 AND ts >= $2 AND ts < $3',
      [offline.id, small.hours[a].iso, small.hours[b - 1].iso])).toBe(0);
  });

  it('skips a second run of the same version, and --force reloads without duplicating anything', async () => {
    expect(await loadDemo(client, { scale: 0.1 })).toBeNull();
    const before = await count('SELECT count(*) AS n FROM occupancy_reading');
    const again = await loadDemo(client, { scale: 0.1, force: true });
    expect(again!.readings).toBe(before);
    expect(await count('SELECT count(*) AS n FROM occupancy_reading')).toBe(before);
    expect(await count('SELECT count(*) AS n FROM organisation')).toBe(2);
  });

  it('leaves nothing half-done when a load fails part-way', async () => {
    await client.query("UPDATE organisation SET settings = '{}'::jsonb WHERE slug = 'demo'"); // makes the next load run
    await client.query('ALTER TABLE maintenance_item ADD CONSTRAINT t_fail CHECK (cost_dkk < 0) NOT VALID');
    await expect(loadDemo(client, { scale: 0.1 })).rejects.toThrow();
    await client.query('ALTER TABLE maintenance_item DROP CONSTRAINT t_fail');
    expect(await count("SELECT count(*) AS n FROM organisation WHERE settings = '{}'::jsonb")).toBe(1);
    expect(await count('SELECT count(*) AS n FROM occupancy_reading')).toBeGreaterThan(0);
  });

  it('loads the full-size registry: at least 300 buildings and 100 sensors for the demo municipality', async () => {
    const full = await loadDemo(client, { force: true, readings: false });
    expect(full!.buildings).toBeGreaterThanOrEqual(300);
    expect(await count(
      "SELECT count(*) AS n FROM building b JOIN organisation o ON o.id = b.organisation_id WHERE o.slug = 'demo'")).toBeGreaterThanOrEqual(300);
    expect(await count(
      "SELECT count(*) AS n FROM sensor s JOIN organisation o ON o.id = s.organisation_id WHERE o.slug = 'demo'")).toBeGreaterThanOrEqual(100);
    expect(await count('SELECT count(*) AS n FROM occupancy_reading')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM district d JOIN organisation o ON o.id = d.organisation_id WHERE o.slug = $1', ['demo'])).toBe(8);
  });
});
