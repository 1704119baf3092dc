// The home page's per-role data (lib/home/overview.ts) against a real database: facility staff see only their
// assigned buildings with last reading and coverage; viewers only proposed and approved scenarios, proposed first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignedBuildingsOverview, COVERAGE_DAYS, scenariosForHome } from '@/lib/home/overview';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';
import { createOrgFixture, type OrgFixture } from './fixtures';

let db: TestDb;
let a: OrgFixture;
let b: OrgFixture;
const NOW = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  db = await createTestDb();
  a = await createOrgFixture(db.pool, 'home-a');
  b = await createOrgFixture(db.pool, 'home-b');
  // Building 1 of a: two hourly sensors; one with 10 full days in the window, one with 5 days of 12 hours.
  const sensor = async (buildingId: string, ext: string) =>
    (await db.pool.query<{ id: string }>(`INSERT INTO sensor (organisation_id, building_id, external_id, kind) VALUES ($1, $2, $3, 'count') RETURNING id`, [a.id, buildingId, ext])).rows[0].id;
  const s1 = await sensor(a.buildings[0], 'S-1');
  const s2 = await sensor(a.buildings[0], 'S-2');
  for (let d = 0; d < 10; d++) {
    await db.pool.query(`INSERT INTO occupancy_daily (sensor_id, day, avg_value, max_value, n_readings, hours_with_data) VALUES ($1, DATE '2026-11-22' - $2::int, 1, 2, 24, 24)`, [s1, d]);
  }
  for (let d = 0; d < 5; d++) {
    await db.pool.query(`INSERT INTO occupancy_daily (sensor_id, day, avg_value, max_value, n_readings, hours_with_data) VALUES ($1, DATE '2026-11-22' - $2::int, 1, 2, 12, 12)`, [s2, d]);
  }
  // Outside the 30-day window: does not count.
  await db.pool.query(`INSERT INTO occupancy_daily (sensor_id, day, avg_value, max_value, n_readings, hours_with_data) VALUES ($1, DATE '2026-10-01', 1, 2, 24, 24)`, [s2]);
  await db.pool.query(`SELECT ensure_reading_partitions('2026-11-01', '2026-11-30')`);
  await db.pool.query(`INSERT INTO occupancy_reading (sensor_id, ts, value) VALUES ($1, '2026-11-22T21:00:00Z', 3), ($2, '2026-11-22T22:45:00Z', 1), ($2, '2026-11-20T08:00:00Z', 1)`, [s1, s2]);
  // Approved later than the fixture's proposed one; a rejected one never reaches viewers.
  await db.pool.query(
    `INSERT INTO scenario (organisation_id, name, status, status_changed_at, result) VALUES
       ($1, 'approved home-a', 'approved', '2026-11-20T10:00:00Z', '{"areaRemovedM2": 1200.5, "annualSavingsDkk": 850000}'),
       ($1, 'rejected home-a', 'rejected', '2026-11-21T10:00:00Z', null)`,
    [a.id],
  );
}, 120_000);
afterAll(async () => db?.drop());

describe('facility staff: assigned buildings', () => {
  it('sensors, newest reading and the share of sensor-hours with data in the last 30 days', async () => {
    const rows = await assignedBuildingsOverview(db.pool, a.id, [a.buildings[0], a.buildings[1]], NOW);
    expect(rows.map((r) => r.id)).toEqual([a.buildings[0], a.buildings[1]]);
    const [first, second] = rows;
    expect(first.sensors).toBe(2);
    expect(first.lastReadingAt?.toISOString()).toBe('2026-11-22T22:45:00.000Z');
    expect(first.coverage).toBeCloseTo((10 * 24 + 5 * 12) / (2 * COVERAGE_DAYS * 24), 10);
    expect(second).toMatchObject({ sensors: 0, lastReadingAt: null, coverage: null });
  });

  it('never returns another organisation’s building, even when asked for it', async () => {
    const rows = await assignedBuildingsOverview(db.pool, a.id, [b.buildings[0], a.buildings[1]], NOW);
    expect(rows.map((r) => r.id)).toEqual([a.buildings[1]]);
    expect(await assignedBuildingsOverview(db.pool, a.id, [], NOW)).toEqual([]);
  });
});

describe('viewer: scenarios on the home page', () => {
  it('only proposed and approved, proposed first, with the outcome figures', async () => {
    const rows = await scenariosForHome(db.pool, a.id, 'viewer');
    expect(rows.map((r) => [r.name, r.status])).toEqual([['proposed home-a', 'proposed'], ['approved home-a', 'approved']]);
    expect(rows[1]).toMatchObject({ areaRemovedM2: 1200.5, annualSavingsDkk: 850000 });
    expect(rows[0]).toMatchObject({ areaRemovedM2: null, annualSavingsDkk: null });
  });

  it('a property manager would see every status; neither sees another organisation’s scenarios', async () => {
    const all = await scenariosForHome(db.pool, a.id, 'property_manager');
    expect(all.map((r) => r.status).sort()).toEqual(['approved', 'draft', 'proposed', 'rejected']);
    const ids = new Set((await scenariosForHome(db.pool, b.id, 'viewer')).map((r) => r.id));
    expect([...ids]).toEqual([b.scenarios.proposed]);
  });
});
