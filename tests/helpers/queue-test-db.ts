// A test database with its own job-queue schema (pg-boss) and upload folder, for tests of the queue and worker,
// in-process or as child processes (env() gives what a `npm run worker` child needs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { startBoss } from '@/lib/jobs/boss';
import { createTestDb, type TestDb } from './test-db';

export interface QueueTestDb extends TestDb {
  boss: PgBoss;
  queueSchema: string;
  uploadDir: string;
  /** Environment for a child worker/web process on this database. */
  childEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
}

export async function createQueueTestDb(): Promise<QueueTestDb> {
  const db = await createTestDb();
  const queueSchema = `${db.schema}_q`;
  const uploadDir = mkdtempSync(path.join(tmpdir(), 'areal-uploads-test-'));
  process.env.AREAL_UPLOAD_DIR = uploadDir;
  process.env.AREAL_QUEUE_SCHEMA = queueSchema;
  const boss = await startBoss({ pool: db.pool, schema: queueSchema, role: 'web' });
  return {
    ...db,
    boss,
    queueSchema,
    uploadDir,
    childEnv: (extra = {}) => ({ ...process.env, DATABASE_URL: db.url, AREAL_QUEUE_SCHEMA: queueSchema, AREAL_UPLOAD_DIR: uploadDir, AREAL_LOG_LEVEL: 'info', ...extra }),
    async drop() {
      await boss.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
      await db.pool.query(`DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
      await db.drop();
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}
