// The scoring edge against a real PostGIS: raw readings → incremental rollups → stored scores, and the SQL usage
// rollup agreeing with the pure summary of the same hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { PoolClient } from 'pg';
import { env } from '@/lib/config/env';
import { createPrisma } from '@/lib/db/prisma';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { refreshRollups } from '@/lib/occupancy/rollups';
import { computeScores, rescoreBuildings } from '@/lib/scoring/compute-scores';
import { latestScoredPeriod } from '@/lib/scoring/scored-period';
import { loadScoringInputs } from '@/lib/scoring/load-inputs';
import { holidaysBetween, parseOpeningHours } from '@/lib/scoring/opening-hours';
import { summariseSensorHours } from '@/lib/scoring/sensor-usage';
import { getBuildingScores, listScores } from '@/lib/scoring/query-scores';
import { loadUserWeights, parseWeightsParam, saveUserWeights } from '@/lib/scoring/user-weights';
import { createTestDb, type TestDb } from '../../helpers/test-db';

const ZONE = 'Europe/Copenhagen';
const WEEK = { from: '2026-09-07', to: '2026-09-13' };
const asOf = new Date('2026-09-14T12:00:00Z');
// Weekdays 08–12: 20 people; Tuesday 18–20: 10 people; otherwise 0.
const people = (t: DateTime) => (t.weekday <= 5 && t.hour >= 8 && t.hour < 12 ? 20 : t.weekday === 2 && (t.hour === 18 || t.hour === 19) ? 10 : 0);

/** 15-minute readings over the local days [from, to], skipping those where `skip` says so (an offline sensor). */
function readings(sensorId: string, from: string, to: string, skip: (t: DateTime) => boolean = () => false) {
  const out: { sensor_id: string; ts: Date; value: number }[] = [];
  const end = DateTime.fromISO(to, { zone: ZONE }).plus({ days: 1 });
  for (let t = DateTime.fromISO(from, { zone: ZONE }); t < end; t = t.plus({ minutes: 15 })) {
    if (!skip(t)) out.push({ sensor_id: sensorId, ts: t.toJSDate(), value: people(t) });
  }
  return out;
}

async function insertReadings(c: PoolClient, rows: { sensor_id: string; ts: Date; value: number }[]) {
  await ensureReadingPartitions(c, rows[0].ts, rows[rows.length - 1].ts);
  await c.query(
    `INSERT INTO occupancy_reading (sensor_id, ts, value) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::real[])
     ON CONFLICT (sensor_id, ts) DO UPDATE SET value = EXCLUDED.value`,
    [rows.map((r) => r.sensor_id), rows.map((r) => r.ts), rows.map((r) => r.value)],
  );
}

describe('rollups and stored scores', () => {
  let db: TestDb;
  let c: PoolClient;
  let org: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDb();
    c = await db.pool.connect();
    org = (await c.query(`INSERT INTO organisation (slug, name) VALUES ('t', 'Testkommune') RETURNING id`)).rows[0].id;
    const hours = JSON.stringify({ days: [1, 2, 3, 4, 5], open: 8, close: 16 });
    const addBuilding = async (key: string, area: number | null) => {
      ids[key] = (await c.query(
        `INSERT INTO building (organisation_id, registry_id, name, use_code, category, gross_area_m2, capacity, users_total, opening_hours, replacement_value_dkk)
         VALUES ($1, $2, $2, 441, 'daycare', $3, 50, 100, $4::jsonb, 20000000) RETURNING id`, [org, key, area, hours])).rows[0].id;
    };
    await addBuilding('A', 1000);
    await addBuilding('B', 800);
    await addBuilding('C', null);
    // A: one sensor seeing the whole building (capacity 50). B: one sensor in a 200 m² room with 20 seats.
    ids.sA = (await c.query(`INSERT INTO sensor (organisation_id, building_id, external_id, kind, interval_minutes) VALUES ($1, $2, 'sA', 'count', 15) RETURNING id`, [org, ids.A])).rows[0].id;
    const room = (await c.query(`INSERT INTO room (building_id, name, capacity, area_m2) VALUES ($1, 'Stue', 20, 200) RETURNING id`, [ids.B])).rows[0].id;
    ids.sB = (await c.query(`INSERT INTO sensor (organisation_id, building_id, room_id, external_id, kind, interval_minutes) VALUES ($1, $2, $3, 'sB', 'count', 15) RETURNING id`, [org, ids.B, room])).rows[0].id;
    for (const [b, amount] of [[ids.A, 500_000], [ids.B, 900_000], [ids.C, 250_000]] as const) {
      await c.query(`INSERT INTO cost_record (building_id, year, type, amount_dkk) VALUES ($1, 2025, 'cleaning', $2), ($1, 2024, 'cleaning', 1)`, [b, amount]);
    }
    await c.query(`INSERT INTO maintenance_item (building_id, component, condition_grade, cost_dkk, due_year, done) VALUES
      ($1, 'Tag', 3, 300000, 2024, false), ($1, 'Vinduer', 2, 999999, 2027, false), ($1, 'Gulv', 4, 50000, 2023, true)`, [ids.A]);
  });
  afterAll(async () => {
    c?.release();
    await db?.drop();
  });

  it('rolls readings up incrementally and the SQL usage rollup equals the pure summary', async () => {
    // B's sensor is offline Friday (no rows).
    await insertReadings(c, readings(ids.sA, WEEK.from, WEEK.to));
    await insertReadings(c, readings(ids.sB, WEEK.from, WEEK.to, (t) => t.weekday === 5));
    const r = await refreshRollups(c, [ids.sA, ids.sB], DateTime.fromISO(WEEK.from, { zone: ZONE }).toJSDate(), DateTime.fromISO('2026-09-14', { zone: ZONE }).toJSDate());
    expect(r.hourlyRows).toBe(168 + 168 - 24);
    expect(r.buildingIds.sort()).toEqual([ids.A, ids.B].sort());
    const { rows: daily } = await c.query(`SELECT count(*)::int AS n FROM occupancy_daily_usage`);
    expect(daily[0].n).toBe(7 + 6);

    const inputs = await loadScoringInputs(c, org, WEEK, asOf);
    const a = inputs.find((i) => i.building.id === ids.A)!;
    const { rows: hourly } = await c.query<{ hour: Date; avg: number }>(`SELECT hour, avg_value AS avg FROM occupancy_hourly WHERE sensor_id = $1`, [ids.sA]);
    const pure = summariseSensorHours(hourly, { kind: 'count', capacity: 50, openingHours: parseOpeningHours({ days: [1, 2, 3, 4, 5], open: 8, close: 16 }), holidays: new Set(holidaysBetween(WEEK.from, WEEK.to)), zone: ZONE });
    expect(a.sensors[0].usage.openRatioSum).toBeCloseTo(pure.openRatioSum, 6);
    expect({ ...a.sensors[0].usage, openRatioSum: 0, afterRatioSum: 0 }).toEqual({ ...pure, openRatioSum: 0, afterRatioSum: 0 });
    expect(a.sensors[0].capacity).toBe(50);
    expect(a.sensors[0].coveredAreaM2).toBe(1000);
    expect(a.expectedOpenHours).toBe(40);
    expect(a.costs).toEqual([{ year: 2025, type: 'cleaning', amountDkk: 500_000 }]);
    expect(a.backlogDkk).toBe(300_000); // only Tag: overdue and not done; Vinduer is due in 2027, Gulv is done
    const b = inputs.find((i) => i.building.id === ids.B)!;
    expect(b.sensors[0]).toMatchObject({ capacity: 20, coveredAreaM2: 200 });
    expect(b.sensors[0].usage.openKnown).toBe(32);
    expect(inputs.find((i) => i.building.id === ids.C)!.backlogDkk).toBeNull();
  });

  it('stores one score row per building: C without sensors has no utilisation score', async () => {
    const summary = await computeScores(c, org, { asOf, period: WEEK });
    expect(summary).toMatchObject({ buildings: 3, withUtilisation: 2, written: 3 });
    expect(await latestScoredPeriod(c, org)).toEqual(WEEK);
    const { rows } = await c.query(`SELECT building_id, utilisation_score, cost_score, kpis, explanation FROM building_score ORDER BY building_id`);
    const by = Object.fromEntries(rows.map((r) => [r.building_id, r]));
    // A: 20/50 for 20 of 40 open hours → 0.2. B: 20 people in 20 seats for 16 of 32 known hours → 0.5.
    expect(by[ids.A].kpis.utilisation).toBeCloseTo(0.2, 6);
    expect(by[ids.B].kpis.utilisation).toBeCloseTo(0.5, 6);
    expect(by[ids.B].kpis.confidenceParts.hourCoverage).toBeCloseTo(0.8, 6);
    expect(by[ids.B].utilisation_score).toBe(100);
    expect(by[ids.A].utilisation_score).toBe(0);
    expect(by[ids.C].utilisation_score).toBeNull();
    expect(by[ids.C].cost_score).toBeNull(); // costs but no area
    expect(by[ids.A].explanation.sentences.utilisation.da).toContain('Brugt 20 % af åbningstiden');
  });

  it("re-scores only what a one-day upload changed: B's missing Friday arrives", async () => {
    const friday = readings(ids.sB, '2026-09-11', '2026-09-11');
    await insertReadings(c, friday);
    const r = await refreshRollups(c, [ids.sB], friday[0].ts, new Date(friday[friday.length - 1].ts.getTime() + 1));
    expect(r.hourlyRows).toBe(24);
    const before = (await c.query(`SELECT building_id, computed_at FROM building_score`)).rows;
    const { rewritten } = await rescoreBuildings(c, org, r.buildingIds, asOf);
    const { rows } = await c.query(`SELECT building_id, kpis, computed_at FROM building_score`);
    const b = rows.find((x) => x.building_id === ids.B)!;
    expect(b.kpis.confidenceParts.hourCoverage).toBe(1);
    expect(b.kpis.utilisation).toBeCloseTo(0.5, 6);
    // Ranks did not change, so only B was rewritten.
    expect(rewritten).toBe(1);
    const a0 = before.find((x) => x.building_id === ids.A)!;
    expect(rows.find((x) => x.building_id === ids.A)!.computed_at).toEqual(a0.computed_at);
  });

  it('lists stored scores with filters and re-combines them with request weights', async () => {
    const defaults = { utilisation: 0.5, cost: 0.3, condition: 0.2 };
    const all = await listScores(c, org, {}, defaults);
    expect(all.map((r) => r.name)).toHaveLength(3);
    expect(all[0].period).toEqual(WEEK);
    expect(await listScores(c, org, { minConfidence: 0.5 }, defaults)).toHaveLength(2); // C has no sensors: ≤ 0.2
    expect(await listScores(c, org, { category: 'school' }, defaults)).toHaveLength(0);
    const onlyUse = parseWeightsParam('1,0,0', defaults);
    expect(onlyUse).toEqual({ utilisation: 1, cost: 0, condition: 0 });
    const b = await getBuildingScores(c, org, ids.B, onlyUse);
    expect(b?.combined).toBe(100);
    expect(await getBuildingScores(c, org, '00000000-0000-0000-0000-000000000000', onlyUse)).toBeNull();
    expect(() => parseWeightsParam('utilisation:2', defaults)).toThrow();
  });

  it('saves and reads back a user’s weights; the Prisma models match the tables', async () => {
    const user = (await c.query(`INSERT INTO app_user (email, name) VALUES ('a@b.dk', 'A') RETURNING id`)).rows[0].id;
    expect(await loadUserWeights(c, user, org)).toBeNull();
    await saveUserWeights(c, user, org, { utilisation: 1, cost: 0, condition: 0 });
    expect(await loadUserWeights(c, user, org)).toEqual({ utilisation: 1, cost: 0, condition: 0 });
    const prisma = createPrisma(env().DATABASE_URL, db.schema);
    try {
      expect(await prisma.userScoreWeights.count()).toBe(1);
      const score = await prisma.buildingScore.findFirstOrThrow({ where: { buildingId: ids.A } });
      expect(score.category).toBe('daycare');
      const usage = await prisma.occupancyDailyUsage.findFirstOrThrow({ where: { sensorId: ids.sA, day: new Date('2026-09-08') } });
      expect(usage).toMatchObject({ openKnown: 8, openUsed: 4, afterKnown: 16, afterUsed: 2 });
      expect(usage.openHist).toHaveLength(32);
    } finally {
      await prisma.$disconnect();
    }
  });
});
