// Scheduled upkeep, run by the worker from the queue's cron (times are Europe/Copenhagen; change them with
// AREAL_UPKEEP_CRON_<TASK>, e.g. AREAL_UPKEEP_CRON_BACKUP="30 1 * * *"):
//   partitions     02:15 nightly  reading partitions 3 months ahead; raw-reading retention (AREAL_READING_RETENTION_MONTHS)
//   scores         02:45 nightly  every organisation re-scored (imports queue a re-score when data arrives, too)
//   cleanup        hourly         expired uploads, expired sessions and verifications, full rate-limit buckets
//   backup         01:30 nightly  pg_dump -Fc into AREAL_BACKUP_DIR (backups/), the newest AREAL_BACKUP_KEEP (14) kept
//   restore-check  04:30 on the 1st  the newest backup restored into a scratch database; its row counts must
//                                  equal those recorded when the backup was taken
// Every run leaves a row in upkeep_run (started, finished, outcome, what it did) for the admin status page.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Client, type Pool } from 'pg';
import { pruneRateLimits } from '@/lib/auth/rate-limit';
import { backupDatabase } from '@/lib/db/backup';
import { createEmptyDatabase, databaseUrl, restoreDatabase } from '@/lib/db/restore';
import { removeExpiredUploads } from '@/lib/imports/uploads';
import { dropExpiredReadingPartitions, ensurePartitionsAhead, listReadingPartitions } from '@/lib/occupancy/partitions';
import { computeScores } from '@/lib/scoring/compute-scores';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';
import { UPKEEP_TASKS, upkeepQueue, type UpkeepTask } from './queues';
import { env, runtimeEnv, upkeepCronSetting } from '@/lib/config/env';

export { UPKEEP_TASKS, upkeepQueue, type UpkeepTask };

export const UPKEEP_CRON: Record<UpkeepTask, string> = {
  partitions: '15 2 * * *',
  scores: '45 2 * * *',
  cleanup: '7 * * * *',
  backup: '30 1 * * *',
  'restore-check': '30 4 1 * *',
};

/** The cron of a task, AREAL_UPKEEP_CRON_<TASK> overriding the default. */
export function upkeepCron(task: UpkeepTask): string {
  return upkeepCronSetting(task) ?? UPKEEP_CRON[task];
}

export interface UpkeepSettings {
  /** Database URL for pg_dump / pg_restore (default DATABASE_URL). */
  url?: string;
  /** Dump only this schema (tests); default everything but test schemas. */
  schema?: string;
  backupDir?: string;
  keepBackups?: number;
  retentionMonths?: number;
}

/** Tables whose row counts a backup records and the restore check compares. */
const COUNTED_TABLES = ['organisation', 'building', 'sensor', 'occupancy_reading', 'occupancy_hourly', 'cost_record', 'maintenance_item', 'app_user', 'scenario', 'import_job', 'audit_log'];

async function countRows(db: Pick<Client, 'query'>, schema: string | null): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of COUNTED_TABLES) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema ? `${schema}.` : ''}${t}`);
    out[t] = Number(rows[0].n);
  }
  return out;
}

const settingsFromEnv = (s: UpkeepSettings) => {
  const e = runtimeEnv();
  return {
    url: s.url ?? env().DATABASE_URL,
    schema: s.schema,
    backupDir: s.backupDir ?? e.AREAL_BACKUP_DIR,
    keepBackups: s.keepBackups ?? e.AREAL_BACKUP_KEEP,
    retentionMonths: s.retentionMonths ?? e.AREAL_READING_RETENTION_MONTHS,
  };
};

async function doTask(pool: Pool, task: UpkeepTask, s: ReturnType<typeof settingsFromEnv>): Promise<Record<string, unknown>> {
  switch (task) {
    case 'partitions': {
      const c = await pool.connect();
      try {
        const created = await ensurePartitionsAhead(c, new Date(), { aheadMonths: 3 });
        const dropped = s.retentionMonths === undefined ? null : (await dropExpiredReadingPartitions(c, { now: new Date(), retentionMonths: s.retentionMonths })).dropped;
        return { created, partitions: (await listReadingPartitions(c)).length, retentionMonths: s.retentionMonths ?? null, dropped };
      } finally {
        c.release();
      }
    }
    case 'scores': {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM organisation ORDER BY slug');
      const c = await pool.connect();
      let buildings = 0;
      try {
        for (const o of rows) buildings += (await computeScores(c, o.id, { asOf: new Date() })).buildings;
      } finally {
        c.release();
      }
      return { organisations: rows.length, buildings };
    }
    case 'cleanup': {
      const uploads = await removeExpiredUploads();
      const sessions = (await pool.query('DELETE FROM auth_session WHERE expires_at < now()')).rowCount ?? 0;
      const verifications = (await pool.query('DELETE FROM auth_verification WHERE expires_at < now()')).rowCount ?? 0;
      const rateLimitBuckets = await pruneRateLimits(pool);
      return { uploads, sessions, verifications, rateLimitBuckets };
    }
    case 'backup': {
      const counts = await countRows(pool as unknown as Client, null);
      const file = backupDatabase({ url: s.url, outDir: s.backupDir, schema: s.schema });
      const dumps = (await readdir(s.backupDir)).filter((f) => f.endsWith('.dump')).sort();
      const removed = dumps.slice(0, Math.max(0, dumps.length - s.keepBackups));
      for (const f of removed) await rm(path.join(s.backupDir, f), { force: true });
      return { file, counts, kept: dumps.length - removed.length, removed };
    }
    case 'restore-check': {
      const { rows } = await pool.query<{ detail: { file: string; counts: Record<string, number> } }>(
        `SELECT detail FROM upkeep_run WHERE task = 'backup' AND outcome = 'succeeded' ORDER BY started_at DESC LIMIT 1`,
      );
      const last = rows[0]?.detail;
      if (!last) throw new Error('no successful backup to check');
      const scratch = `areal_restore_check_${process.pid}`;
      const admin = new Client({ connectionString: databaseUrl(s.url, 'postgres') });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
        const url = await createEmptyDatabase(s.url, scratch);
        await restoreDatabase({ file: last.file, url, force: false });
        const c = new Client({ connectionString: url });
        await c.connect();
        let restored: Record<string, number>;
        try {
          restored = await countRows(c, s.schema ?? null);
        } finally {
          await c.end();
        }
        const mismatched = Object.keys(last.counts).filter((t) => last.counts[t] !== restored[t]);
        if (mismatched.length) throw new Error(`restored row counts differ from the backup's: ${mismatched.map((t) => `${t} ${restored[t]} ≠ ${last.counts[t]}`).join(', ')}`);
        return { file: last.file, counts: restored };
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => undefined);
        await admin.end();
      }
    }
  }
}

/** Runs one upkeep task and records it in upkeep_run; rethrows a failure (so the queue retries it). */
export async function runUpkeep(pool: Pool, task: UpkeepTask, settings: UpkeepSettings = {}): Promise<Record<string, unknown>> {
  const { rows } = await pool.query<{ id: string }>(`INSERT INTO upkeep_run (task) VALUES ($1) RETURNING id`, [task]);
  const id = rows[0].id;
  try {
    const detail = await doTask(pool, task, settingsFromEnv(settings));
    await pool.query(`UPDATE upkeep_run SET finished_at = now(), outcome = 'succeeded', detail = $2::jsonb WHERE id = $1`, [id, JSON.stringify(detail)]);
    return detail;
  } catch (e) {
    await pool.query(`UPDATE upkeep_run SET finished_at = now(), outcome = 'failed', detail = $2::jsonb WHERE id = $1`, [id, JSON.stringify({ error: (e as Error).message })]);
    throw e;
  }
}

/** Registers every task's cron schedule with the queue (idempotent; the worker calls it at start). */
export async function scheduleUpkeep(boss: import('pg-boss'), tz = DEFAULT_TIME_ZONE): Promise<void> {
  for (const task of UPKEEP_TASKS) await boss.schedule(upkeepQueue(task), upkeepCron(task), { task }, { tz });
}
