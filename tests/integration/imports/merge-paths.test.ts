// The occupancy merge picks the cheapest correct way in (lib/imports/kinds/occupancy.ts): a plain INSERT in file
// order when the range is new and no key repeats, a sorted DISTINCT ON insert when a key repeats in the file
// (the later row wins), an upsert when stored readings overlap. Each path must store the same thing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '@/lib/imports/run-import';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, type TestOrg } from './setup';

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
