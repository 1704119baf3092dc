// Scheduled upkeep leaves its last run and outcome where the status page reads them; the backup keeps N dumps;
// the restore check restores the newest into a scratch database and fails when its row counts differ; /api/ready
// answers 503 until a worker beats and says which check failed.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as ready } from '@/app/api/ready/route';
import { GET as health } from '@/app/api/health/route';
import { beat } from '@/lib/jobs/heartbeat';
import { QUEUE, UPKEEP_TASKS, upkeepQueue } from '@/lib/jobs/queues';
import { runUpkeep, scheduleUpkeep, type UpkeepSettings } from '@/lib/jobs/upkeep';
import { systemStatus } from '@/lib/ops/system-status';
import { createQueueTestDb, type QueueTestDb } from '../../helpers/queue-test-db';
import { createTestOrg, type TestOrg } from '../imports/setup';

describe('scheduled upkeep and readiness', () => {
  let db: QueueTestDb;
  let org: TestOrg;
  let backupDir: string;
  let settings: UpkeepSettings;

  beforeAll(async () => {
    db = await createQueueTestDb();
    globalThis.arealPool = db.pool;
    org = await createTestOrg(db.pool, 'upkeep');
    backupDir = mkdtempSync(path.join(tmpdir(), 'areal-backups-test-'));
    settings = { url: db.url, schema: db.schema, backupDir, keepBackups: 2 };
  });
  afterAll(async () => {
    globalThis.arealPool = undefined;
    rmSync(backupDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('is not ready without a worker, ready once one beats; the queue depth counts waiting jobs', async () => {
    expect((await health()).status).toBe(200);
    const before = await ready();
    expect(before.status).toBe(503);
    const body = await before.json();
    expect(body).toMatchObject({ status: 'not_ready', database: { ok: true }, migrations: { ok: true, detail: { pending: [] } }, worker: { ok: false, detail: { workers: 0 } } });
    await db.boss.send(QUEUE.import, { organisationId: org.id, importJobId: '00000000-0000-4000-8000-000000000000' });
    await beat(db.pool, 'test-worker', []);
    const after = await ready();
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ status: 'ready', worker: { ok: true, detail: { workers: 1 } }, queue: { ok: true, detail: { queued: 1, byQueue: { import: 1 } } } });
  });

  it('registers a cron schedule for every upkeep task', async () => {
    await scheduleUpkeep(db.boss);
    const names = (await db.boss.getSchedules()).map((s) => s.name).sort();
    expect(names).toEqual(UPKEEP_TASKS.map(upkeepQueue).sort());
  });

  it('partitions, cleanup and scores record their outcome', async () => {
    expect(await runUpkeep(db.pool, 'partitions', settings)).toMatchObject({ retentionMonths: null });
    const { rows: u } = await db.pool.query(`INSERT INTO app_user (email, name) VALUES ('x@test.dk', 'X') RETURNING id`);
    await db.pool.query(`INSERT INTO auth_session (id, user_id, token, expires_at) VALUES ('00000000-0000-4000-8000-00000000000a', $1, 'tok-old', now() - interval '1 day'), ('00000000-0000-4000-8000-00000000000b', $1, 'tok-new', now() + interval '1 day')`, [u[0].id]);
    expect(await runUpkeep(db.pool, 'cleanup', settings)).toMatchObject({ sessions: 1 });
    expect((await db.pool.query(`SELECT id FROM auth_session`)).rows).toEqual([{ id: '00000000-0000-4000-8000-00000000000b' }]);
    expect(await runUpkeep(db.pool, 'scores', settings)).toMatchObject({ organisations: 1, buildings: 2 });
  });

  it('backs up with rotation, and the restore check compares row counts', async () => {
    for (let i = 0; i < 3; i++) {
      await runUpkeep(db.pool, 'backup', settings);
      await new Promise((r) => setTimeout(r, 1100)); // backup files are named by the second
    }
    expect(readdirSync(backupDir).filter((f) => f.endsWith('.dump'))).toHaveLength(2);
    expect(await runUpkeep(db.pool, 'restore-check', settings)).toMatchObject({ counts: { organisation: 1, building: 2, sensor: 2, app_user: 1 } });
    // A backup whose recorded counts do not match what restores is a failed check, visible on the status page.
    await db.pool.query(`UPDATE upkeep_run SET detail = jsonb_set(detail, '{counts,building}', '3') WHERE id = (SELECT max(id) FROM upkeep_run WHERE task = 'backup')`);
    await expect(runUpkeep(db.pool, 'restore-check', settings)).rejects.toThrow(/building 2 ≠ 3/);

    await beat(db.pool, 'test-worker', []);
    const status = await systemStatus(db.pool, db.queueSchema, org.id);
    const byTask = Object.fromEntries(status.upkeep.map((s) => [s.task, s.outcome]));
    expect(byTask).toEqual({ partitions: 'succeeded', scores: 'succeeded', cleanup: 'succeeded', backup: 'succeeded', 'restore-check': 'failed' });
    expect(status.upkeep.find((s) => s.task === 'backup')!.cron).toBe('30 1 * * *');
    expect(status.queues.find((q) => q.name === 'import')).toMatchObject({ created: 1 });
    expect(status.workers.workers).toBe(1);
  });
});
