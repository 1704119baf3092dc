// Issue 17 item 6: opening hours, the daily rollups and the scoring period are computed in the organisation's own
// time zone (settings.timeZone), not in a Copenhagen constant. One reading at 07:30 UTC on a winter Wednesday, in a
// building open 08–16: 08:30 in Copenhagen (inside opening hours), 07:30 in London and 02:30 in New York (before).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolClient } from 'pg';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { refreshRollups, refreshUsageForBuildings } from '@/lib/occupancy/rollups';
import { computeScores } from '@/lib/scoring/compute-scores';
import { loadScoringInputs } from '@/lib/scoring/load-inputs';
import { createTestDb, type TestDb } from '../../helpers/test-db';

const READING = new Date('2026-01-14T07:30:00Z');
const LATE = new Date('2026-01-14T22:30:00Z'); // 23:30 in Copenhagen and London (14 Jan), 17:30 in New York
const ZONES = ['Europe/Copenhagen', 'Europe/London', 'America/New_York'] as const;

describe("the organisation's time zone in opening hours, rollups and scores", () => {
  let db: TestDb;
  let c: PoolClient;
  const orgs = new Map<string, { org: string; building: string; sensor: string }>();

  beforeAll(async () => {
    db = await createTestDb();
    c = await db.pool.connect();
    await ensureReadingPartitions(c, READING, LATE);
    for (const zone of ZONES) {
      // Copenhagen is the default: its settings name no zone at all.
      const settings = zone === 'Europe/Copenhagen' ? {} : { timeZone: zone };
      const org = (await c.query(`INSERT INTO organisation (slug, name, settings) VALUES ($1, $1, $2::jsonb) RETURNING id`, [zone, JSON.stringify(settings)])).rows[0].id;
      const building = (await c.query(
        `INSERT INTO building (organisation_id, registry_id, name, use_code, category, gross_area_m2, capacity, users_total, opening_hours)
         VALUES ($1, 'B1', 'Skolen', 421, 'school', 1000, 10, 100, '{"days":[1,2,3,4,5],"open":8,"close":16}'::jsonb) RETURNING id`, [org])).rows[0].id;
      const sensor = (await c.query(
        `INSERT INTO sensor (organisation_id, building_id, external_id, kind, interval_minutes) VALUES ($1, $2, 's1', 'count', 60) RETURNING id`,
        [org, building])).rows[0].id;
      await c.query(`INSERT INTO occupancy_reading (sensor_id, ts, value) VALUES ($1, $2, 5), ($1, $3, 2)`, [sensor, READING, LATE]);
      orgs.set(zone, { org, building, sensor });
    }
  });
  afterAll(async () => {
    c?.release();
    await db?.drop();
  });

  const usage = async (sensor: string) =>
    (await c.query<{ day: string; open_known: number; after_known: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, open_known, after_known FROM occupancy_daily_usage WHERE sensor_id = $1 ORDER BY day`, [sensor])).rows;
  const daily = async (sensor: string) =>
    (await c.query<{ day: string; n: number }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, n_readings AS n FROM occupancy_daily WHERE sensor_id = $1 ORDER BY day`, [sensor])).rows;

  it('counts the 07:30 UTC reading inside opening hours in Copenhagen only, and files each reading under its local day', async () => {
    for (const { sensor } of orgs.values()) await refreshRollups(c, [sensor], READING, new Date(LATE.getTime() + 1));
    expect(await usage(orgs.get('Europe/Copenhagen')!.sensor)).toEqual([{ day: '2026-01-14', open_known: 1, after_known: 1 }]);
    expect(await usage(orgs.get('Europe/London')!.sensor)).toEqual([{ day: '2026-01-14', open_known: 0, after_known: 2 }]);
    // New York: 02:30 and 17:30 on the 14th, both outside 08–16.
    expect(await usage(orgs.get('America/New_York')!.sensor)).toEqual([{ day: '2026-01-14', open_known: 0, after_known: 2 }]);
    expect(await daily(orgs.get('Europe/London')!.sensor)).toEqual([{ day: '2026-01-14', n: 2 }]);
  });

  it("puts a reading on the organisation's local day: 23:30 UTC is the next day in Copenhagen, the same day in New York", async () => {
    const night = new Date('2026-01-15T23:30:00Z');
    for (const zone of ['Europe/Copenhagen', 'America/New_York'] as const) {
      const { sensor } = orgs.get(zone)!;
      await c.query(`INSERT INTO occupancy_reading (sensor_id, ts, value) VALUES ($1, $2, 1)`, [sensor, night]);
      await refreshRollups(c, [sensor], night, new Date(night.getTime() + 1));
    }
    expect((await daily(orgs.get('Europe/Copenhagen')!.sensor)).map((d) => d.day)).toContain('2026-01-16');
    expect((await daily(orgs.get('America/New_York')!.sensor)).map((d) => d.day)).toContain('2026-01-15');
    expect((await daily(orgs.get('America/New_York')!.sensor)).map((d) => d.day)).not.toContain('2026-01-16');
  });

  it('rebuilds usage in the zone after an opening-hours change, and scoring sees open hours only where they are local', async () => {
    for (const { building } of orgs.values()) await refreshUsageForBuildings(c, [building]);
    const period = { from: '2026-01-12', to: '2026-01-18' };
    const asOf = new Date('2026-01-19T12:00:00Z');
    const openKnown = async (zone: string) => {
      const { org } = orgs.get(zone)!;
      const [input] = await loadScoringInputs(c, org, period, asOf);
      return input.sensors[0].usage.openKnown;
    };
    expect(await openKnown('Europe/Copenhagen')).toBe(1);
    expect(await openKnown('Europe/London')).toBe(0);
    expect(await openKnown('America/New_York')).toBe(0);
    // The default scoring period ends on the newest local day with data, not after asOf's local day.
    const nyc = await computeScores(c, orgs.get('America/New_York')!.org, { asOf: new Date('2026-01-16T03:00:00Z') });
    expect(nyc.period?.to).toBe('2026-01-15'); // 22:00 on the 15th in New York
    const cph = await computeScores(c, orgs.get('Europe/Copenhagen')!.org, { asOf: new Date('2026-01-16T03:00:00Z') });
    expect(cph.period?.to).toBe('2026-01-16'); // 04:00 on the 16th in Copenhagen
  });

  it('refuses to roll up sensors of organisations in one call (their days would be the wrong ones for some)', async () => {
    const a = orgs.get('Europe/London')!.sensor;
    const b = orgs.get('America/New_York')!.sensor;
    await expect(refreshRollups(c, [a, b], READING, new Date(LATE.getTime() + 1))).rejects.toThrow(/organisations/);
  });

  it('the retention refresh (SQL function) files days in each organisation’s zone', async () => {
    await c.query('DELETE FROM occupancy_daily');
    await c.query('SELECT refresh_occupancy_rollups($1, $2, $3)', [new Date('2026-01-14T00:00:00Z'), new Date('2026-01-17T00:00:00Z'), 'Europe/Copenhagen']);
    expect((await daily(orgs.get('Europe/Copenhagen')!.sensor)).map((d) => d.day)).toEqual(['2026-01-14', '2026-01-16']);
    expect((await daily(orgs.get('America/New_York')!.sensor)).map((d) => d.day)).toEqual(['2026-01-14', '2026-01-15']);
  });
});
