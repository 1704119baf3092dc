// The upload page's routes queue the import instead of running it in the web process: the POST answers at once
// with a job in phase "queued", nothing lands until a worker runs it, then the job reads "succeeded" with its rows.
// An upload whose stored bytes changed after the upload (SHA-256) is refused by the worker without retrying.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as upload } from '@/app/api/imports/uploads/route';
import { POST as start } from '@/app/api/imports/jobs/route';
import { GET as jobStatus } from '@/app/api/imports/jobs/[id]/route';
import { getBoss, queueSchema, startBoss } from '@/lib/jobs/boss';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { findUpload } from '@/lib/imports/uploads';
import { createLogger } from '@/lib/log/logger';
import { createRouteTestDb, type RouteTestDb } from '../../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';
const CSV = 'bygnings_id;navn;anvendelse;areal\nQ-1;Kø-skolen;421;"1.500"\nQ-2;Kø-huset;441;800\n';

describe('uploads are imported by the worker', () => {
  let db: RouteTestDb;
  let org: OrgFixture;
  let cookie: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'areal-uploads-q-'));
    process.env.AREAL_UPLOAD_DIR = dir;
    db = await createRouteTestDb();
    org = await createOrgFixture(db.pool, 'queued');
    cookie = await fixtureCookie(db.auth, org.users.property_manager.email, '192.0.2.91');
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
    delete process.env.AREAL_UPLOAD_DIR;
  });

  const post = async (body: unknown) =>
    start(new Request('http://localhost/api/imports/jobs', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) }), { params: Promise.resolve({}) } as never);
  const status = async (id: string) => (await jobStatus(new Request(`http://localhost/api/imports/jobs/${id}`, { headers: { cookie } }), { params: Promise.resolve({ id }) } as never)).json();
  const sendFile = async () => {
    const res = await upload(new Request('http://localhost/api/imports/uploads?name=kø.csv', { method: 'POST', headers: { cookie }, body: CSV }), { params: Promise.resolve({}) } as never);
    expect(res.status).toBe(200);
    return (await res.json()) as { uploadId: string };
  };

  it('queues, waits for a worker, and lands', async () => {
    const { uploadId } = await sendFile();
    const res = await post({ uploadId, kind: 'registry', dryRun: false });
    expect(res.status).toBe(202);
    const { jobId } = await res.json();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await status(jobId)).toMatchObject({ status: 'running', phase: 'queued', attempts: 0 });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM building WHERE registry_id LIKE 'Q-%'`)).rows[0].n).toBe(0);

    const boss = await startBoss({ pool: db.pool, schema: queueSchema(), role: 'worker' });
    let worker: RunningWorker | undefined;
    try {
      worker = await startWorker({ pool: db.pool, boss, schema: queueSchema(), log: createLogger({}), drainMs: 5000 });
      const deadline = Date.now() + 60_000;
      let job = await status(jobId);
      while (job.status === 'running' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        job = await status(jobId);
      }
      expect(job).toMatchObject({ status: 'succeeded', attempts: 1, rowsTotal: 2, accepted: 2 });
      expect((await db.pool.query(`SELECT count(*)::int AS n FROM building WHERE registry_id LIKE 'Q-%'`)).rows[0].n).toBe(2);

      // The bytes on disk no longer match the upload's SHA-256: failed at once, one attempt, nothing landed.
      const second = await sendFile();
      await appendFile((await findUpload(org.id, second.uploadId))!.path, 'Q-3;Indsmuglet;321;10\n');
      const { jobId: tampered } = await (await post({ uploadId: second.uploadId, kind: 'registry', dryRun: false })).json();
      let t = await status(tampered);
      while (t.status === 'running' && Date.now() < deadline + 30_000) {
        await new Promise((r) => setTimeout(r, 200));
        t = await status(tampered);
      }
      expect(t).toMatchObject({ status: 'failed', attempts: 1, summary: { error: 'upload_changed' } });
      expect((await db.pool.query(`SELECT count(*)::int AS n FROM building WHERE registry_id = 'Q-3'`)).rows[0].n).toBe(0);
    } finally {
      await worker?.stop();
      await boss.stop({ graceful: false, close: false });
      await (await getBoss()).stop({ graceful: false, close: false });
    }
  });
});
