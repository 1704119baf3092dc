// A large ingest batch (above INGEST_QUEUE_ABOVE_READINGS) is not imported inside the request: it is stored like an
// upload (with its SHA-256), an import job is queued, the route answers 202 with the job id, and the worker imports
// it — every reading once. A small batch is still imported at once (200 with its result).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_QUEUE_ABOVE_READINGS } from '@/lib/config/limits';
import { createIngestToken } from '@/lib/imports/ingest-token';
import { getBoss } from '@/lib/jobs/boss';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { createLogger } from '@/lib/log/logger';
import { createQueueTestDb, type QueueTestDb } from '../../helpers/queue-test-db';
import { createTestOrg, type TestOrg } from '../imports/setup';

describe('POST /api/ingest/occupancy with a large batch', () => {
  let db: QueueTestDb;
  let org: TestOrg;
  let token: string;
  let POST: (r: Request) => Promise<Response>;
  let worker: RunningWorker | undefined;
  const call = (body: unknown) =>
    POST(new Request('http://localhost/api/ingest/occupancy', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const readings = (n: number, fromMs: number) =>
    Array.from({ length: n }, (_, i) => ({ sensor: 'S-1', ts: new Date(fromMs + i * 15 * 60_000).toISOString(), value: i % 7 }));

  beforeAll(async () => {
    db = await createQueueTestDb();
    globalThis.arealPool = db.pool; // the route's getPool() and getBoss() serve this test's schema
    org = await createTestOrg(db.pool, 'ingestq');
    ({ token } = await createIngestToken(db.pool, org.id, 'Portal Q'));
    ({ POST } = await import('@/app/api/ingest/occupancy/route'));
  });
  afterAll(async () => {
    await worker?.stop();
    const boss = globalThis.arealBoss;
    globalThis.arealBoss = undefined;
    if (boss) await (await boss).stop({ graceful: false, close: false }).catch(() => undefined);
    globalThis.arealPool = undefined;
    await db?.drop();
  });

  it('stores and queues it (202 with the job id), and the worker imports every reading once', async () => {
    const n = INGEST_QUEUE_ABOVE_READINGS + 1000;
    const res = await call({ readings: readings(n, Date.UTC(2026, 0, 5)) });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'queued', readings: n });
    const job = async () => (await db.pool.query(`SELECT status, source, file_name, rows_accepted, summary FROM import_job WHERE id = $1`, [body.jobId])).rows[0];
    expect(await job()).toMatchObject({ status: 'running', source: 'api', file_name: 'api:api' });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM occupancy_reading')).rows[0].n).toBe(0); // nothing yet: no worker
    const { rows: audit } = await db.pool.query(`SELECT after FROM audit_log WHERE action = 'ingest.batch' AND entity_id = $1`, [body.jobId]);
    expect(audit[0].after).toMatchObject({ status: 'queued', readings: n });

    worker = await startWorker({ pool: db.pool, boss: await getBoss(), schema: db.queueSchema, log: createLogger({ process: 'worker' }), drainMs: 2000 });
    const deadline = Date.now() + 60_000;
    let j = await job();
    while (j.status === 'running' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      j = await job();
    }
    expect(j).toMatchObject({ status: 'succeeded', rows_accepted: n });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n, count(DISTINCT ts)::int AS d FROM occupancy_reading`);
    expect(rows[0]).toEqual({ n, d: n });
  });

  it('imports a small batch at once', async () => {
    const res = await call({ readings: readings(10, Date.UTC(2026, 4, 5)) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'succeeded', accepted: 10 });
  });
});
