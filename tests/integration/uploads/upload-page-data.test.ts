// What the upload page reads: each assigned building's sensor coverage (days with readings in the last 30/90
// Copenhagen days, last reading) from the rollups an import refreshes, and the last confirmed uploads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingCoverage } from '@/lib/occupancy/building-coverage';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { refreshRollups } from '@/lib/occupancy/rollups';
import { recentImports } from '@/lib/uploads/recent-imports';
import { createTestDb, type TestDb } from '../../helpers/test-db';

const NOW = new Date('2026-11-23T10:00:00Z'); // Monday 23 November, 11:00 in Copenhagen (CET)

describe('upload page data', () => {
  let db: TestDb;
  let orgId: string;
  let otherOrgId: string;
  let school: string;
  let empty: string;
  let foreign: string;
  let sensorId: string;
  let userA: string;
  let userB: string;

  async function addReadings(ts: string[]) {
    const dates = ts.map((t) => new Date(t));
    const client = await db.pool.connect();
    try {
      await ensureReadingPartitions(client, new Date(Math.min(...dates.map(Number))), new Date(Math.max(...dates.map(Number)) + 1));
      for (const d of dates) await client.query(`INSERT INTO occupancy_reading (sensor_id, ts, value) VALUES ($1, $2, 4)`, [sensorId, d]);
      await refreshRollups(client, [sensorId], new Date(Math.min(...dates.map(Number))), new Date(Math.max(...dates.map(Number)) + 1));
    } finally {
      client.release();
    }
  }

  beforeAll(async () => {
    db = await createTestDb();
    const q = async (sql: string, params: unknown[] = []) => (await db.pool.query<{ id: string }>(sql, params)).rows[0].id;
    orgId = await q(`INSERT INTO organisation (slug, name) VALUES ('u', 'Upload Kommune') RETURNING id`);
    otherOrgId = await q(`INSERT INTO organisation (slug, name) VALUES ('n', 'Nabo Kommune') RETURNING id`);
    school = await q(`INSERT INTO building (organisation_id, registry_id, name) VALUES ($1, 'b1', 'Åskolen') RETURNING id`, [orgId]);
    empty = await q(`INSERT INTO building (organisation_id, registry_id, name) VALUES ($1, 'b2', 'Børnehuset Solsikken') RETURNING id`, [orgId]);
    foreign = await q(`INSERT INTO building (organisation_id, registry_id, name) VALUES ($1, 'b3', 'Nabohuset') RETURNING id`, [otherOrgId]);
    sensorId = await q(`INSERT INTO sensor (organisation_id, building_id, external_id, kind, interval_minutes) VALUES ($1, $2, 'S1', 'count', 60) RETURNING id`, [orgId, school]);
    userA = await q(`INSERT INTO app_user (email, name) VALUES ('a@u.dk', 'A') RETURNING id`);
    userB = await q(`INSERT INTO app_user (email, name) VALUES ('b@u.dk', 'B') RETURNING id`);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a building without sensors or readings shows zero days and no last reading, and each building its sensor ids', async () => {
    const rows = await buildingCoverage(db.pool, orgId, [school, empty], NOW);
    expect(rows.map((r) => [r.name, r.sensors, r.sensorIds, r.daysWithReadings30, r.daysWithReadings90, r.lastReadingAt])).toEqual([
      ['Børnehuset Solsikken', 0, [], 0, 0, null],
      ['Åskolen', 1, ['S1'], 0, 0, null],
    ]);
  });

  it('counts Copenhagen days with readings in the last 30 and 90 days, today included', async () => {
    await addReadings([
      '2026-11-22T23:30:00Z', // 23 Nov 00:30 local: today
      '2026-11-23T08:00:00Z', // same day again: one day, not two
      '2026-11-10T07:00:00Z',
      '2026-10-25T07:00:00Z', // 25 Oct local: the oldest day inside the 30-day window
      '2026-10-24T21:30:00Z', // 24 Oct 23:30 CEST: just outside the 30 days, inside the 90
      '2026-08-26T10:00:00Z', // 26 Aug: the oldest day inside the 90-day window
      '2026-08-25T10:00:00Z', // outside both
    ]);
    const [row] = await buildingCoverage(db.pool, orgId, [school], NOW);
    expect(row.daysWithReadings30).toBe(3);
    expect(row.daysWithReadings90).toBe(5);
    expect(row.lastReadingAt?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('a new day of readings raises the figure, as after an upload', async () => {
    await addReadings(['2026-11-15T09:00:00Z', '2026-11-15T10:00:00Z']);
    const [row] = await buildingCoverage(db.pool, orgId, [school], NOW);
    expect(row.daysWithReadings30).toBe(4);
    expect(row.daysWithReadings90).toBe(6);
  });

  it("never shows another organisation's building, whatever ids are asked for", async () => {
    const rows = await buildingCoverage(db.pool, orgId, [foreign, school], NOW);
    expect(rows.map((r) => r.name)).toEqual(['Åskolen']);
    expect(await buildingCoverage(db.pool, orgId, [], NOW)).toEqual([]);
  });

  it('recent uploads: confirmed imports only, newest first, one user or the whole organisation', async () => {
    expect(await recentImports(db.pool, orgId, null)).toEqual([]);
    const job = (user: string, org: string, dry: boolean, file: string, at: string) =>
      db.pool.query(
        `INSERT INTO import_job (organisation_id, user_id, kind, source, file_name, dry_run, status, rows_total, rows_accepted, rows_rejected, started_at)
         VALUES ($1, $2, 'occupancy', 'web', $3, $4, 'succeeded', 10, 9, 1, $5)`,
        [org, user, file, dry, at],
      );
    await job(userA, orgId, false, 'a-first.csv', '2026-11-20T08:00:00Z');
    await job(userA, orgId, true, 'a-check.csv', '2026-11-21T08:00:00Z');
    await job(userB, orgId, false, 'b.csv', '2026-11-22T08:00:00Z');
    await job(userA, otherOrgId, false, 'elsewhere.csv', '2026-11-23T08:00:00Z');
    expect((await recentImports(db.pool, orgId, null)).map((r) => r.fileName)).toEqual(['b.csv', 'a-first.csv']);
    const mine = await recentImports(db.pool, orgId, userA);
    expect(mine.map((r) => [r.fileName, r.status, r.accepted, r.rejected, r.validRowsOnly])).toEqual([['a-first.csv', 'succeeded', 9, 1, false]]);
    // An import of only the valid rows, by choice, says so in the history.
    await db.pool.query(`UPDATE import_job SET summary = '{"extra": {"validRowsOnly": true}}' WHERE file_name = 'b.csv'`);
    expect((await recentImports(db.pool, orgId, null)).map((r) => [r.fileName, r.validRowsOnly])).toEqual([['b.csv', true], ['a-first.csv', false]]);
  });
});
