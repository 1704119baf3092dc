// The dead-letter path after a crash on the last attempt: an import whose worker is killed with kill -9 on every
// attempt, the last one included, ends in the import queue's dead letter — the import row "failed" (dead letter),
// the admin status page listing it — with no partial rows from any attempt.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueImport } from '@/lib/jobs/enqueue-import';
import { QUEUE } from '@/lib/jobs/queues';
import { saveUpload } from '@/lib/imports/uploads';
import { systemStatus } from '@/lib/ops/system-status';
import { createQueueTestDb, type QueueTestDb } from '../../helpers/queue-test-db';
import { generateOccupancyCsv } from '../imports/generate-occupancy';
import { createTestOrg, fingerprint, type TestOrg } from '../imports/setup';

const ROWS = 300_000;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an import killed on its last attempt', () => {
  let db: QueueTestDb;
  let org: TestOrg;
  let dir: string;
  const children: ChildProcess[] = [];
  const worker = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
      env: db.childEnv({ AREAL_WORKER_STALE_SECONDS: '4', AREAL_WORKER_DRAIN_SECONDS: '5', AREAL_LOG_LEVEL: 'warn' }),
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    db = await createQueueTestDb();
    org = await createTestOrg(db.pool, 'wdead');
    dir = mkdtempSync(path.join(tmpdir(), 'areal-wdead-'));
    await generateOccupancyCsv(path.join(dir, 'big.csv'), ROWS, 100, 'D');
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('ends in the dead letter the admin page shows, with no partial rows', async () => {
    const before = await fingerprint(db.pool, org.id);
    const upload = await saveUpload(org.id, 'big.csv', Readable.toWeb(createReadStream(path.join(dir, 'big.csv'))) as ReadableStream<Uint8Array>);
    const importJobId = await enqueueImport(db.pool, db.boss, {
      organisationId: org.id, userId: null, buildingIds: null, upload, kind: 'occupancy', mapping: { building: 'B-1' }, settings: {},
      dryRun: false, skipInvalid: false, saveMappingAs: null, source: 'web',
    });
    const job = async () => (await db.pool.query(`SELECT status, phase, attempts, rows_done::int AS rows_done, queue_job_id, summary FROM import_job WHERE id = $1`, [importJobId])).rows[0];
    const queueJobId: string = (await job()).queue_job_id;
    // Two attempts in all (the import queue allows five; the limit is the job's own, copied from its queue when sent).
    await db.pool.query(`UPDATE ${db.queueSchema}.job SET retry_limit = 1 WHERE id = $1`, [queueJobId]);

    for (const attempt of [1, 2]) {
      const w = worker();
      await until(`attempt ${attempt} reading rows`, async () => { const j = await job(); return j.attempts === attempt && j.rows_done > 0 && j.status === 'running' && j; });
      w.kill('SIGKILL');
      await new Promise((r) => w.once('exit', r));
      const pid = Number((await job()).summary.pid);
      await until('the killed import backend to go', async () => (await db.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0);
      expect(await fingerprint(db.pool, org.id)).toBe(before);
    }

    // The next worker finds the last attempt's worker gone: no attempts left → the dead letter → import failed.
    const last = worker();
    const dead = await until('the import to be marked dead', async () => { const j = await job(); return j.status !== 'running' && j; }, 60_000);
    expect(dead).toMatchObject({ status: 'failed', phase: 'done', attempts: 2 });
    expect(dead.summary.deadLetter).toBe(true);
    const { rows: q } = await db.pool.query(`SELECT state, retry_count, output->>'message' AS error FROM ${db.queueSchema}.job WHERE id = $1`, [queueJobId]);
    expect(q[0]).toEqual({ state: 'failed', retry_count: 1, error: 'worker lost (no heartbeat)' });
    await until('the dead-letter job to be handled', async () =>
      (await db.pool.query(`SELECT 1 FROM ${db.queueSchema}.job WHERE name = $1 AND data->>'importJobId' = $2 AND state = 'completed'`, [QUEUE.importDead, importJobId])).rowCount === 1);

    // No partial rows from either attempt, and none of the file's sensors.
    expect(await fingerprint(db.pool, org.id)).toBe(before);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM occupancy_reading')).rows[0].n).toBe(0);

    // What /admin/status lists for the organisation: the failed import (its last error) and its dead letter.
    const status = await systemStatus(db.pool, db.queueSchema, org.id);
    expect(status.failed).toEqual(expect.arrayContaining([
      expect.objectContaining({ queue: QUEUE.import, id: queueJobId, attempts: 2, error: 'worker lost (no heartbeat)', fileName: 'big.csv', dead: false }),
      expect.objectContaining({ queue: QUEUE.importDead, fileName: 'big.csv', dead: true }),
    ]));
    last.kill('SIGTERM');
    await new Promise((r) => last.once('exit', r));
  }, 240_000);
});
