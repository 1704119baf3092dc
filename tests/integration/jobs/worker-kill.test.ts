// A worker killed with kill -9 in the middle of an import: the import's transaction dies with its connection, the
// queue job is failed back by the next worker (no heartbeat holds it) and retried, and the file lands exactly
// once — every row, no partial rows, no duplicates — with the page's job row reading "succeeded" after 2 attempts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueImport } from '@/lib/jobs/enqueue-import';
import { saveUpload } from '@/lib/imports/uploads';
import { createQueueTestDb, type QueueTestDb } from '../../helpers/queue-test-db';
import { generateOccupancyCsv } from '../imports/generate-occupancy';
import { createTestOrg, fingerprint, type TestOrg } from '../imports/setup';

const ROWS = 400_000;

interface Worker { child: ChildProcess; lines: string[]; exited: Promise<{ code: number | null; signal: string | null }> }

function startWorker(db: QueueTestDb): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: db.childEnv({ AREAL_WORKER_STALE_SECONDS: '4', AREAL_WORKER_DRAIN_SECONDS: '10' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  child.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
  child.stderr!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, lines, exited };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a worker killed mid-import', () => {
  let db: QueueTestDb;
  let org: TestOrg;
  let dir: string;
  const workers: Worker[] = [];

  beforeAll(async () => {
    db = await createQueueTestDb();
    org = await createTestOrg(db.pool, 'wkill');
    dir = mkdtempSync(path.join(tmpdir(), 'areal-wkill-'));
    await generateOccupancyCsv(path.join(dir, 'big.csv'), ROWS, 100, 'W');
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('is picked up again and lands every row exactly once', async () => {
    const before = await fingerprint(db.pool, org.id);
    const upload = await saveUpload(org.id, 'big.csv', Readable.toWeb(createReadStream(path.join(dir, 'big.csv'))) as ReadableStream<Uint8Array>);
    expect(upload.sha256).toMatch(/^[0-9a-f]{64}$/);
    const jobId = await enqueueImport(db.pool, db.boss, {
      organisationId: org.id, userId: null, buildingIds: null, upload, kind: 'occupancy', mapping: { building: 'B-1' }, settings: {},
      dryRun: false, skipInvalid: false, saveMappingAs: null, source: 'web',
    });
    const job = async () => (await db.pool.query(`SELECT status, phase, attempts, rows_done::int AS rows_done, rows_accepted, queue_job_id, summary FROM import_job WHERE id = $1`, [jobId])).rows[0];
    expect(await job()).toMatchObject({ status: 'running', phase: 'queued', attempts: 0 });

    const first = startWorker(db);
    workers.push(first);
    // Mid-import: rows are being read (the progress the page shows), nothing committed yet.
    const seen = await until('rows being read', async () => { const j = await job(); return j.rows_done > 0 && j.status === 'running' && j; });
    expect(seen.rows_done).toBeLessThan(ROWS);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const pid = Number(seen.summary.pid);
    await until('the dead import backend to go', async () => (await db.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0);
    expect(await fingerprint(db.pool, org.id)).toBe(before);

    const second = startWorker(db);
    workers.push(second);
    const done = await until('the retried import to finish', async () => { const j = await job(); return j.status !== 'running' && j; }, 180_000);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, rows_accepted: ROWS });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n, count(DISTINCT (sensor_id, ts))::int AS distinct_n FROM occupancy_reading`);
    expect(rows[0]).toEqual({ n: ROWS, distinct_n: ROWS });
    const { rows: q } = await db.pool.query(`SELECT state, retry_count FROM ${db.queueSchema}.job WHERE id = $1`, [done.queue_job_id]);
    expect(q[0].state).toBe('completed');
    expect(q[0].retry_count).toBeGreaterThanOrEqual(1);
    // The second worker's log: JSON lines, the job id on the job's lines, the lost job released.
    const logged = second.lines.flatMap((l) => { try { return [JSON.parse(l) as Record<string, unknown>]; } catch { return []; } });
    expect(logged.some((l) => l.msg === 'job of a lost worker failed back to its queue' && l.jobId === done.queue_job_id)).toBe(true);
    expect(logged.some((l) => l.msg === 'job finished' && l.jobId === done.queue_job_id && l.queue === 'import')).toBe(true);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    // The killed worker's heartbeat went when the second worker found its process gone (same host and PID
    // namespace); the second's own went at its clean stop.
    expect((await db.pool.query('SELECT count(*)::int AS n FROM worker_heartbeat')).rows[0].n).toBe(0);
  });
});
