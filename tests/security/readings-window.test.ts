// Attack (issue 15, item 2): readings dated 1970, 2099, year 1000 or 9999 were accepted, and the import created a
// partition table for every month in between — reachable with an ingest token or a facility staff CSV. Now every
// path (file, CLI, ingest API) refuses such rows one by one with line, column and a reason in Danish and English,
// the database is unchanged, and partitions.ts refuses months outside the window whoever asks.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestToken } from '@/lib/imports/ingest-token';
import { runImport, type ImportOptions } from '@/lib/imports/run-import';
import { ensureReadingPartitions, listReadingPartitions, PartitionOutsideWindow } from '@/lib/occupancy/partitions';
import { readingsWindow } from '@/lib/occupancy/readings-window';
import { createTestDb, type TestDb } from '../helpers/test-db';
import { createTestOrg, fingerprint, type TestOrg } from '../integration/imports/setup';

const NOW = Date.UTC(2026, 11, 3, 12, 0);

describe('readings outside the plausibility window', () => {
  let db: TestDb;
  let org: TestOrg;
  let dir: string;
  const partitions = async () => {
    const c = await db.pool.connect();
    try {
      return await listReadingPartitions(c);
    } finally {
      c.release();
    }
  };
  const file = async (name: string, text: string) => {
    const p = path.join(dir, name);
    await writeFile(p, text);
    return p;
  };
  const load = (p: string, extra: Partial<ImportOptions> = {}) =>
    runImport({ kind: 'occupancy', path: p, fileName: path.basename(p), organisationId: org.id, pool: db.pool, nowMs: NOW, ...extra });

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'window');
    dir = await mkdtemp(path.join(tmpdir(), 'areal-window-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('rejects rows dated 1970, 2099, 1000 and 9999 one by one, with line, column and reason; nothing lands, no partition is made', async () => {
    const before = { fp: await fingerprint(db.pool, org.id), parts: await partitions() };
    const p = await file('years.csv', [
      'timestamp;sensor_id;count',
      '2026-03-02T08:00:00+01:00;S-1;3',
      '1970-01-01T00:00:00Z;S-1;1',
      '2099-06-01 08:00;S-1;1',
      '01-01-1000 08:00;S-1;1',
      '9999-12-31T23:00:00+01:00;S-1;1',
      '2031-01-15T08:00:00Z;S-1;1',
      '2031-12-15T08:00:00Z;S-1;1',
    ].join('\n'));
    const r = await load(p);
    expect(r.status).toBe('rejected');
    expect(r.issues.map((i) => [i.line, i.column, i.code])).toEqual([3, 4, 5, 6, 7, 8].map((line) => [line, 'timestamp', 'timestamp_out_of_range']));
    expect(r.issues[0].message.da).toContain('2000-01-01 00:00 UTC');
    expect(r.issues[0].message.en).toContain('plausible window');
    expect(r.issues[1].value).toBe('2099-06-01 08:00');
    expect(await fingerprint(db.pool, org.id)).toBe(before.fp);
    expect(await partitions()).toEqual(before.parts);
  });

  it('lands the plausible rows and reports the others when invalid rows may be skipped (still no partition outside)', async () => {
    const before = await partitions();
    const p = await file('skip.csv', 'timestamp;sensor_id;count\n2026-03-03T08:00:00Z;S-1;3\n9999-01-01T00:00:00Z;S-1;1\n');
    const r = await load(p, { skipInvalid: true });
    expect(r).toMatchObject({ status: 'succeeded', accepted: 1, rejected: 1 });
    expect(await partitions()).toEqual(before);
  });

  it('follows the organisation settings: an earlier first day is not allowed, a later one and a shorter future allowance are', async () => {
    expect(readingsWindow({ earliest: '1990-01-01' }, NOW).fromMs).toBe(Date.UTC(2000, 0, 1));
    expect(readingsWindow({ maxFutureHours: 10_000 }, NOW).toMs).toBe(NOW + 7 * 24 * 3_600_000);
    await db.pool.query(`UPDATE organisation SET settings = '{"readingsWindow": {"earliest": "2026-03-01", "maxFutureHours": 1}}' WHERE id = $1`, [org.id]);
    try {
      const p = await file('org.csv', 'timestamp;sensor_id;count\n2026-02-27T08:00:00Z;S-1;3\n2026-12-03T12:30:00Z;S-1;3\n2026-12-03T13:30:00Z;S-1;3\n');
      const r = await load(p);
      expect(r.issues.map((i) => [i.line, i.code])).toEqual([[2, 'timestamp_out_of_range'], [4, 'timestamp_out_of_range']]);
    } finally {
      await db.pool.query(`UPDATE organisation SET settings = '{}' WHERE id = $1`, [org.id]);
    }
  });

  it('refuses the same through the ingest API, naming each reading by its index', async () => {
    globalThis.arealPool = db.pool;
    try {
      const { token } = await createIngestToken(db.pool, org.id, 'attacker');
      const { POST } = await import('@/app/api/ingest/occupancy/route');
      const before = { fp: await fingerprint(db.pool, org.id), parts: await partitions() };
      const res = await POST(new Request('http://localhost/api/ingest/occupancy', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ readings: ['1970-01-01T00:00:00Z', '2099-01-01T00:00:00Z', '1000-01-01T00:00:00Z', '9999-01-01T00:00:00Z'].map((ts) => ({ sensor: 'S-1', ts, value: 1 })) }),
      }));
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.errors.map((e: { index: number; code: string }) => [e.index, e.code])).toEqual([0, 1, 2, 3].map((i) => [i, 'timestamp_out_of_range']));
      expect(await fingerprint(db.pool, org.id)).toBe(before.fp);
      expect(await partitions()).toEqual(before.parts);
    } finally {
      globalThis.arealPool = undefined;
    }
  });

  it('refuses the same from the command line, printing file:line:column', async () => {
    const p = await file('cli.csv', 'timestamp;sensor_id;count\n1000-01-01T00:00:00Z;S-1;1\n');
    const run = promisify(execFile)('npx', ['tsx', 'scripts/import.ts', 'occupancy', p, '--org', org.slug], { env: { ...process.env, DATABASE_URL: db.url } });
    const failed = await run.then(() => null, (e: { code: number; stderr: string; stdout: string }) => e);
    expect(failed?.code).toBe(1);
    expect(`${failed?.stdout}${failed?.stderr}`).toContain('cli.csv:2:timestamp:');
  });

  it('partitions.ts refuses months outside January 2000 … a year ahead, creating none', async () => {
    const before = await partitions();
    const c = await db.pool.connect();
    try {
      for (const [from, to] of [['1970-01-01', '1970-02-01'], ['2031-01-15', '2031-12-15'], ['1000-01-01', '9999-12-01']]) {
        await expect(ensureReadingPartitions(c, new Date(from), new Date(to), NOW)).rejects.toBeInstanceOf(PartitionOutsideWindow);
      }
      expect(await ensureReadingPartitions(c, new Date('2027-06-01'), new Date('2027-06-01'), NOW)).toBe(1);
    } finally {
      c.release();
    }
    expect((await partitions()).filter((n) => !before.includes(n))).toEqual(['occupancy_reading_2027_06']);
  });
});
