// The map's building panel (one query since the load-test work) against hand-computed figures: score, heatmap in
// Copenhagen time over the last 365 days of data, the last 12 months, costs, due backlog by grade, data quality,
// neighbours of the same category — and nothing of another organisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingPanel } from '@/lib/buildings/building-panel';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';
import { createOrgFixture, type OrgFixture } from '../auth/fixtures';

let db: TestDb;
let org: OrgFixture;
let other: OrgFixture;

beforeAll(async () => {
  db = await createTestDb();
  org = await createOrgFixture(db.pool, 'panel');
  other = await createOrgFixture(db.pool, 'panel-other'); // same place, same category: must not be a neighbour
  const [b0] = org.buildings;
  const q = (sql: string, params: unknown[]) => db.pool.query(sql, params);
  await q(`UPDATE building SET capacity = 50, gross_area_m2 = 1000 WHERE id = $1`, [b0]);
  const { rows: [sensor] } = await q(
    `INSERT INTO sensor (organisation_id, building_id, external_id, kind) VALUES ($1, $2, 'panel-s1', 'count') RETURNING id`, [org.id, b0]);
  // Mondays 08:00 and 09:00 Copenhagen (CET, UTC+1); one hour more than 365 days before the newest is left out.
  for (const [hour, avg] of [['2026-11-02T07:00Z', 25], ['2026-11-02T08:00Z', 10], ['2026-11-09T07:00Z', 35], ['2025-10-01T07:00Z', 50]] as const) {
    await q(`INSERT INTO occupancy_hourly (sensor_id, hour, avg_value, max_value, n_readings) VALUES ($1, $2, $3, $3, 4)`, [sensor.id, hour, avg]);
  }
  for (const [day, openSum, openKnown, afterSum, afterKnown] of [['2026-11-02', 3, 6, 0.5, 5], ['2026-11-09', 1, 4, 0, 0], ['2026-10-12', 1, 2, 0, 0]] as const) {
    await q(
      `INSERT INTO occupancy_daily_usage (sensor_id, day, open_known, open_used, open_ratio_known, open_ratio_sum, open_hist, after_known, after_used,
                                          after_ratio_known, after_ratio_sum, newest_hour)
       VALUES ($1, $2, $4, 0, $4, $3, '{}', $6, 0, $6, $5, $2::date + interval '20 hours')`,
      [sensor.id, day, openSum, openKnown, afterSum, afterKnown],
    );
  }
  for (const [year, type, amount] of [[2025, 'rent', 100], [2025, 'energy', 50], [2024, 'energy', 40]] as const) {
    await q(`INSERT INTO cost_record (building_id, year, type, amount_dkk) VALUES ($1, $2, $3, $4)`, [b0, year, type, amount]);
  }
  for (const [grade, cost, due, done] of [[3, 1000, 2026, false], [3, 500, 2025, false], [2, 200, 2030, false], [1, 300, 2024, true]] as const) {
    await q(`INSERT INTO maintenance_item (building_id, component, condition_grade, cost_dkk, due_year, done) VALUES ($1, 'tag', $2, $3, $4, $5)`, [b0, grade, cost, due, done]);
  }
  await q(
    `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, utilisation_score, cost_score, condition_score, combined_score,
                                 confidence, kpis, explanation, computed_at)
     VALUES ($1, $2, '2026-01-01', '2026-06-30', 'Administration', 40, 60, NULL, 50, 0.75, '{"peakUtilisation": 0.7}', '{"sentences": {}}', '2026-07-01T10:00:00.123456Z')`,
    [b0, org.id],
  );
}, 120_000);

afterAll(async () => db?.drop());

describe('buildingPanel', () => {
  it('reads every part of the panel for one building', async () => {
    const p = await buildingPanel(db.pool, org.id, org.buildings[0], 2026);
    expect(p).not.toBeNull();
    expect(p!.building).toMatchObject({ id: org.buildings[0], name: 'Bygning 1 (panel)', capacity: 50, grossAreaM2: 1000, lon: 8.97, lat: 56.13, district: null });
    expect(p!.scores).toMatchObject({
      buildingId: org.buildings[0], scores: { utilisation: 40, cost: 60, condition: null }, confidence: 0.75,
      kpis: { peakUtilisation: 0.7 }, period: { from: '2026-01-01', to: '2026-06-30' }, computedAt: '2026-07-01T10:00:00.123Z',
    });
    expect(p!.scores!.combined).toBeGreaterThan(40);
    expect(p!.scores!.combined).toBeLessThan(60);
    expect(p!.heatmap).toEqual([{ weekday: 1, hour: 8, ratio: expect.closeTo(0.6, 12) }, { weekday: 1, hour: 9, ratio: expect.closeTo(0.2, 12) }]);
    expect(p!.monthly).toEqual([
      { month: '2026-10', utilisation: 0.5, afterHours: null },
      { month: '2026-11', utilisation: 0.4, afterHours: 0.1 },
    ]);
    expect(p!.costs).toEqual([{ year: 2024, type: 'energy', amountDkk: 40 }, { year: 2025, type: 'energy', amountDkk: 50 }, { year: 2025, type: 'rent', amountDkk: 100 }]);
    // Overdue = due before 2026 (as the scoring counts the backlog); 2026 and later is planned work.
    expect(p!.backlogByGrade).toEqual([
      { grade: 2, amountDkk: 0, plannedDkk: 200, items: 0 },
      { grade: 3, amountDkk: 500, plannedDkk: 1000, items: 1 },
    ]);
    expect(p!.quality).toEqual({ sensors: 1, lastReading: '2026-11-09T07:00:00.000Z', firstReading: '2025-10-01T07:00:00.000Z', hoursWithData: 4 });
    expect(p!.neighbours).toEqual([{ id: org.buildings[1], name: 'Bygning 2 (panel)', lon: 8.97, lat: 56.13 }]);
  });

  it('a building without data has empty parts, and another organisation\'s building is not found', async () => {
    const p = await buildingPanel(db.pool, org.id, org.buildings[1], 2026);
    expect(p).toMatchObject({ scores: null, heatmap: [], monthly: [], costs: [], backlogByGrade: [] });
    expect(p!.quality).toEqual({ sensors: 0, lastReading: null, firstReading: null, hoursWithData: 0 });
    expect(await buildingPanel(db.pool, org.id, other.buildings[0], 2026)).toBeNull();
  });
});
