// The occupancy merge picks the cheapest correct way in (lib/imports/kinds/occupancy/): a plain INSERT in file
// order when the range is new and no key repeats, a sorted DISTINCT ON insert when a key repeats in the file
// (the later row wins), an upsert when stored readings overlap. Each path must store the same thing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '@/lib/imports/run-import';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, fingerprint, type TestOrg } from './setup';

describe('occupancy merge paths', () => {
  let db: TestDb;
  let org: TestOrg;
  let dir: string;

  const load = async (name: string, text: string) => {
    const p = path.join(dir, name);
    await writeFile(p, text);
    return runImport({ kind: 'occupancy', path: p, fileName: name, organisationId: org.id, pool: db.pool });
  };
  const stored = async (day: string) => {
    const { rows } = await db.pool.query<{ ts: Date; value: number }>(
      `SELECT o.ts, o.value FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id
        WHERE s.organisation_id = $1 AND s.external_id = 'S-1' AND o.ts >= $2::date AND o.ts < $2::date + 1 ORDER BY o.ts`,
      [org.id, day],
    );
    return rows.map((r) => [r.ts.toISOString(), r.value]);
  };

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'merge-paths');
    dir = await mkdtemp(path.join(tmpdir(), 'areal-merge-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('loads a new, strictly increasing range in file order', async () => {
    const r = await load('increasing.csv', 'timestamp;sensor;count\n2026-06-01T08:00:00Z;S-1;1\n2026-06-01T08:15:00Z;S-1;2\n2026-06-01T08:30:00Z;S-1;3\n');
    expect(r.extra.mergePath).toBe('file order');
    expect([r.inserted, r.updated, r.duplicates]).toEqual([3, 0, 0]);
    expect(await stored('2026-06-01')).toEqual([
      ['2026-06-01T08:00:00.000Z', 1],
      ['2026-06-01T08:15:00.000Z', 2],
      ['2026-06-01T08:30:00.000Z', 3],
    ]);
  });

  it('deduplicates a key repeated in the file (the later row wins) on the sorted path', async () => {
    const r = await load('repeated.csv', 'timestamp;sensor;count\n2026-06-02T08:00:00Z;S-1;1\n2026-06-02T08:15:00Z;S-1;2\n2026-06-02T08:00:00Z;S-1;7\n');
    expect(r.extra.mergePath).toBe('sorted, deduplicated');
    expect([r.inserted, r.updated, r.duplicates]).toEqual([2, 0, 1]);
    expect(await stored('2026-06-02')).toEqual([
      ['2026-06-02T08:00:00.000Z', 7],
      ['2026-06-02T08:15:00.000Z', 2],
    ]);
  });

  it('upserts when stored readings overlap: a corrected value updates, equal ones are duplicates', async () => {
    const r = await load('corrected.csv', 'timestamp;sensor;count\n2026-06-01T08:00:00Z;S-1;1\n2026-06-01T08:15:00Z;S-1;5\n2026-06-01T08:45:00Z;S-1;4\n');
    expect(r.extra.mergePath).toBe('upsert');
    expect([r.inserted, r.updated, r.duplicates]).toEqual([1, 1, 1]);
    expect(await stored('2026-06-01')).toEqual([
      ['2026-06-01T08:00:00.000Z', 1],
      ['2026-06-01T08:15:00.000Z', 5],
      ['2026-06-01T08:30:00.000Z', 3],
      ['2026-06-01T08:45:00.000Z', 4],
    ]);
    const { rows } = await db.pool.query(
      `SELECT h.n_readings, h.avg_value FROM occupancy_hourly h JOIN sensor s ON s.id = h.sensor_id WHERE s.external_id = 'S-1' AND s.organisation_id = $1 AND h.hour = '2026-06-01T08:00:00Z'`,
      [org.id],
    );
    expect(rows[0]).toEqual({ n_readings: 4, avg_value: 3.25 });
  });
});

// The direct path (rows COPYed straight into occupancy_reading while the file is read) must store exactly what the
// staged path stores: the same file sequence into two organisations, one with directCopy off, compared row by row.
describe('occupancy direct COPY path', () => {
  let db: TestDb;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDb();
    dir = await mkdtemp(path.join(tmpdir(), 'areal-direct-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  const quarterHours = (sensor: string, fromIso: string, n: number, value: (k: number) => string, building = '') => {
    const out: string[] = [];
    for (let k = 0; k < n; k++) out.push(`${new Date(Date.parse(fromIso) + k * 900_000).toISOString()};${sensor};${value(k)};${building}`);
    return out;
  };
  // S-1 (stored sensor) across the night the clocks go back (25 Oct 2026, Copenhagen), ending on a partial hour;
  // N-1 (new sensor of B-1) across New Year into January 2027, a month without a partition (rows must not land in
  // the default partition); decimal values.
  const first = [
    'timestamp;sensor;count;building',
    ...quarterHours('S-1', '2026-10-24T20:00:00Z', 33, (k) => String((k * 7) % 13)),
    ...quarterHours('N-1', '2026-12-31T20:00:00Z', 24, (k) => `${k % 5}.${(k * 3) % 10}`, 'B-1'),
    ...quarterHours('N-2', '2026-12-31T20:05:00Z', 24, (k) => `0.${(k * 7) % 10}${k % 3}`, 'B-2'),
  ].join('\n');
  // The rest of S-1's partial hour (new keys in a stored hour), then a correction of stored readings.
  const second = ['timestamp;sensor;count', ...quarterHours('S-1', '2026-10-25T04:15:00Z', 3, (k) => String(k + 20))].join('\n');
  const third = ['timestamp;sensor;count', '2026-10-25T04:15:00Z;S-1;99', '2026-10-25T04:30:00Z;S-1;21', '2026-10-25T05:00:00Z;S-1;1'].join('\n');

  async function sequence(slug: string, directCopy: boolean) {
    const org = await createTestOrg(db.pool, slug);
    const table = async (sql: string) => (await db.pool.query(sql, [org.id])).rows;
    const snapshot = async () => ({
      readings: await table(`SELECT s.external_id, o.ts, o.value FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id WHERE s.organisation_id = $1 ORDER BY 1, 2`),
      hourly: await table(`SELECT s.external_id, h.hour, h.avg_value, h.max_value, h.n_readings FROM occupancy_hourly h JOIN sensor s ON s.id = h.sensor_id WHERE s.organisation_id = $1 ORDER BY 1, 2`),
      daily: await table(`SELECT s.external_id, d.day, d.avg_value, d.max_value, d.n_readings, d.hours_with_data FROM occupancy_daily d JOIN sensor s ON s.id = d.sensor_id WHERE s.organisation_id = $1 ORDER BY 1, 2`),
      usage: await table(`SELECT s.external_id, u.day, u.open_known, u.open_used, u.open_ratio_sum, u.open_hist, u.after_known, u.after_used, u.after_ratio_sum, u.newest_hour
                            FROM occupancy_daily_usage u JOIN sensor s ON s.id = u.sensor_id WHERE s.organisation_id = $1 ORDER BY 1, 2`),
      quality: await table(`SELECT s.external_id, q.readings, q.expected_intervals, q.coverage, q.first_reading_at, q.last_reading_at, q.stuck_hours, q.flags
                              FROM sensor_quality q JOIN sensor s ON s.id = q.sensor_id WHERE s.organisation_id = $1 ORDER BY 1`),
      sensors: await table(`SELECT external_id, kind, interval_minutes FROM sensor WHERE organisation_id = $1 ORDER BY 1`),
    });
    const results = [];
    const after = []; // every table after each import (a later import could mask an earlier difference)
    for (const [name, text] of [['first.csv', first], ['second.csv', second], ['third.csv', third]]) {
      const p = path.join(dir, `${slug}-${name}`);
      await writeFile(p, `${text}\n`);
      // The import's clock after the files' last reading (January 2027), so the readings window accepts them.
      results.push(await runImport({ kind: 'occupancy', path: p, fileName: name, organisationId: org.id, pool: db.pool, directCopy, nowMs: Date.UTC(2027, 0, 2) }));
      after.push(await snapshot());
    }
    return { results, after, tables: after[2] };
  }

  it('stores the same readings, rollups and quality as the staged path; falls back to the stage on a stored key', async () => {
    const direct = await sequence('direct-on', true);
    const staged = await sequence('direct-off', false);
    expect(direct.results.map((r) => [r.status, r.extra.copyPath, r.extra.mergePath, r.extra.hourlyFrom])).toEqual([
      ['succeeded', 'direct', 'file order', 'import'],
      ['succeeded', 'direct', 'file order', 'import'], // its hour 04:00 is stored: recomputed from the readings
      ['succeeded', 'stage', 'upsert', 'readings'], // 04:15 and 04:30 are stored: the COPY's unique violation sends it to the stage
    ]);
    expect(staged.results.map((r) => r.extra.copyPath)).toEqual(['stage', 'stage', 'stage']);
    const counts = (rs: typeof direct.results) => rs.map((r) => [r.rowsTotal, r.inserted, r.updated, r.duplicates, r.rejected]);
    expect(counts(direct.results)).toEqual(counts(staged.results));
    expect(counts(direct.results)).toEqual([[81, 81, 0, 0, 0], [3, 3, 0, 0, 0], [3, 1, 1, 1, 0]]);
    for (let i = 0; i < 3; i++) expect(direct.after[i], `after import ${i + 1}`).toEqual(staged.after[i]);
    expect(direct.tables.readings).toHaveLength(81 + 3 + 1);
    expect(direct.tables.daily.length).toBeGreaterThan(2);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM occupancy_reading_default');
    expect(rows[0].n).toBe(0);
  });

  it('rejects a file with a bad row late in it and leaves nothing of the rows already COPYed', async () => {
    const org = await createTestOrg(db.pool, 'direct-reject');
    const before = await fingerprint(db.pool, org.id);
    const p = path.join(dir, 'late-error.csv');
    await writeFile(p, ['timestamp;sensor;count', ...quarterHours('S-1', '2026-03-01T00:00:00Z', 3000, (k) => (k === 2500 ? 'x' : '3'))].join('\n'));
    const r = await runImport({ kind: 'occupancy', path: p, fileName: 'late-error.csv', organisationId: org.id, pool: db.pool });
    expect(r.status).toBe('rejected');
    expect(r.issues.map((i) => [i.line, i.code])).toEqual([[2502, 'invalid_number']]);
    expect(await fingerprint(db.pool, org.id)).toBe(before);
  });
});

// Imports that only add a new range to sensors with stored data: the direct path then derives whole days in Node
// (lib/occupancy/derive-days.ts) and adds the file's counts to the stored quality rows (lib/imports/derive/sensor-quality.ts)
// instead of recomputing from the sensor's history. Both must equal the full recomputation of the staged path —
// including a stuck run that continues across the files and a capacity change between imports.
describe('occupancy direct path: incremental quality and whole days', () => {
  let db: TestDb;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDb();
    dir = await mkdtemp(path.join(tmpdir(), 'areal-incr-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  const rows = (sensor: string, fromIso: string, n: number, value: (k: number) => string) =>
    Array.from({ length: n }, (_, k) => `${new Date(Date.parse(fromIso) + k * 900_000).toISOString()};${sensor};${value(k)}`);
  // A: S-1 an impossible reading (130 > 3 × 40) at 02:00, then 06:00–09:45 constant 5 (a 4-hour stuck run);
  // S-2 alternating 0/1.
  const a = ['timestamp;sensor;value', ...rows('S-1', '2026-09-07T02:00:00Z', 1, () => '130'), ...rows('S-1', '2026-09-07T06:00:00Z', 16, () => '5'),
    ...rows('S-2', '2026-09-07T06:00:00Z', 16, (k) => String(k % 2))];
  // B: from 10:00 on, three days: S-1 stays at 5 for 8 more hours (the run becomes 12 h), then varies with two
  // impossible readings; S-2 continues.
  const b = ['timestamp;sensor;value', ...rows('S-1', '2026-09-07T10:00:00Z', 288, (k) => (k < 32 ? '5' : k === 100 || k === 200 ? '150' : String(k % 9))),
    ...rows('S-2', '2026-09-07T10:00:00Z', 288, (k) => String(k % 3 === 0 ? 1 : 0))];
  // C (after B-1's capacity drops from 40 to 20): S-1 readings of 70 (impossible only under the new capacity).
  const c = ['timestamp;sensor;value', ...rows('S-1', '2026-09-10T12:00:00Z', 8, () => '70'), ...rows('S-2', '2026-09-10T12:00:00Z', 8, () => '1')];

  async function sequence(slug: string, directCopy: boolean) {
    const org = await createTestOrg(db.pool, slug);
    await db.pool.query(`UPDATE sensor SET kind = 'count' WHERE organisation_id = $1`, [org.id]); // one file, one value kind
    const table = async (sql: string) => (await db.pool.query(sql, [org.id])).rows;
    const snapshot = async () => ({
      hourly: await table(`SELECT s.external_id, h.hour, h.avg_value, h.max_value, h.n_readings FROM occupancy_hourly h JOIN sensor s ON s.id = h.sensor_id WHERE s.organisation_id = $1 ORDER BY 1, 2`),
      daily: await table(`SELECT s.external_id, d.day, d.avg_value, d.max_value, d.n_readings, d.hours_with_data FROM occupancy_daily d JOIN sensor s ON s.id = d.sensor_id WHERE s.organisation_id = $1 ORDER BY 1, 2`),
      usage: await table(`SELECT s.external_id, u.day, u.open_known, u.open_used, u.open_ratio_known, u.open_ratio_sum, u.open_hist, u.after_known, u.after_used,
                                 u.after_ratio_known, u.after_ratio_sum, u.newest_hour
                            FROM occupancy_daily_usage u JOIN sensor s ON s.id = u.sensor_id WHERE s.organisation_id = $1 ORDER BY 1, 2`),
      quality: await table(`SELECT s.external_id, q.readings, q.expected_intervals, q.coverage, q.first_reading_at, q.last_reading_at, q.negative_count,
                                   q.impossible_count, q.stuck_hours, q.capacity_used, q.flags
                              FROM sensor_quality q JOIN sensor s ON s.id = q.sensor_id WHERE s.organisation_id = $1 ORDER BY 1`),
    });
    const results = [];
    const after = [];
    for (const [name, lines] of [['a.csv', a], ['b.csv', b], ['c.csv', c]] as const) {
      if (name === 'c.csv') await db.pool.query(`UPDATE building SET capacity = 20 WHERE organisation_id = $1 AND registry_id = 'B-1'`, [org.id]);
      const p = path.join(dir, `${slug}-${name}`);
      await writeFile(p, `${lines.join('\n')}\n`);
      results.push(await runImport({ kind: 'occupancy', path: p, fileName: name, organisationId: org.id, pool: db.pool, directCopy, mapping: { valueKind: 'count' } }));
      after.push(await snapshot());
    }
    return { results, after };
  }

  it('equals the full recomputation after each import', async () => {
    const direct = await sequence('incr-direct', true);
    const staged = await sequence('incr-staged', false);
    expect(direct.results.map((r) => [r.status, r.extra.copyPath, r.extra.qualityIncremental])).toEqual([
      ['succeeded', 'direct', 2], // no stored rows, and the file holds every reading of both sensors: the file's counts
      ['succeeded', 'direct', 2], // both sensors: counts added, stuck run looked for around the file
      ['succeeded', 'direct', 1], // S-1's capacity changed: recomputed; S-2 incremental
    ]);
    expect(staged.results.map((r) => r.extra.qualityIncremental)).toEqual([0, 0, 0]);
    for (let i = 0; i < 3; i++) expect(direct.after[i], `after import ${i + 1}`).toEqual(staged.after[i]);
    const s1 = (i: number) => direct.after[i].quality.find((q) => q.external_id === 'S-1');
    expect(s1(1)).toMatchObject({ readings: String(1 + 16 + 288), stuck_hours: 12, impossible_count: '3', capacity_used: 40 });
    expect(s1(2)).toMatchObject({ impossible_count: String(8 + 1 + 2), capacity_used: 20 }); // above 60 now: the eight 70s, the 130 and both 150s
    // The middle day of B was derived whole in Node: 24 hours of S-1.
    expect(direct.after[1].daily.find((d) => d.external_id === 'S-1' && d.day.toISOString().startsWith('2026-09-08'))).toMatchObject({ hours_with_data: 24 });
  });
});
