// A worker that dies without a word (kill -9, OOM killer, power loss) leaves its job "active" in pg-boss until the
// job's timeout — an hour for an import. Each worker therefore writes a heartbeat every few seconds with the ids
// of the jobs it holds; any worker fails an active job that no fresh heartbeat holds back to its queue, where it
// is retried with its remaining attempts. The database already rolled the dead attempt's transaction back when
// its connection dropped, so the retry starts from clean data.
import { hostname } from 'node:os';
import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';

/** Seconds after which a worker without a heartbeat counts as gone (AREAL_WORKER_STALE_SECONDS, default 20). */
export function staleAfterSeconds(): number {
  const n = Number(process.env.AREAL_WORKER_STALE_SECONDS ?? 20);
  return Number.isFinite(n) && n >= 2 ? n : 20;
}

/** Records that this worker is alive and holds `jobIds`. */
export async function beat(pool: Pool, workerId: string, jobIds: readonly string[]): Promise<void> {
  await pool.query(
    `INSERT INTO worker_heartbeat (worker_id, host, pid, job_ids) VALUES ($1, $2, $3, $4::uuid[])
     ON CONFLICT (worker_id) DO UPDATE SET seen_at = now(), job_ids = EXCLUDED.job_ids`,
    [workerId, hostname(), process.pid, jobIds],
  );
}

/** Removes this worker's heartbeat (clean shutdown). */
export async function signOff(pool: Pool, workerId: string): Promise<void> {
  await pool.query('DELETE FROM worker_heartbeat WHERE worker_id = $1', [workerId]);
}

/**
 * Fails every active job that no live worker holds (started more than the stale window ago, so a job just
 * fetched by a worker that has not beaten since is left alone). Returns the jobs released. Old heartbeats
 * (a day) are removed.
 */
export async function releaseLostJobs(pool: Pool, boss: PgBoss, schema: string, staleSeconds = staleAfterSeconds()): Promise<Array<{ name: string; id: string }>> {
  const { rows } = await pool.query<{ name: string; id: string }>(
    `SELECT j.name, j.id FROM ${schema}.job j
      WHERE j.state = 'active' AND j.started_on < now() - make_interval(secs => $1)
        AND NOT EXISTS (SELECT 1 FROM worker_heartbeat w WHERE w.seen_at > now() - make_interval(secs => $1) AND j.id = ANY (w.job_ids))`,
    [staleSeconds],
  );
  for (const j of rows) await boss.fail(j.name, j.id, { message: 'worker lost (no heartbeat)', lost: true });
  await pool.query(`DELETE FROM worker_heartbeat WHERE seen_at < now() - interval '1 day'`);
  return rows;
}

export interface WorkerLiveness {
  workers: number;
  newestBeatSecondsAgo: number | null;
}

/** How many workers beat within the stale window, and how long ago the newest beat was. */
export async function workerLiveness(pool: Pool, staleSeconds = staleAfterSeconds()): Promise<WorkerLiveness> {
  const { rows } = await pool.query<{ workers: number; ago: number | null }>(
    `SELECT count(*) FILTER (WHERE seen_at > now() - make_interval(secs => $1))::int AS workers,
            extract(epoch FROM now() - max(seen_at))::float8 AS ago
       FROM worker_heartbeat`,
    [staleSeconds],
  );
  return { workers: rows[0].workers, newestBeatSecondsAgo: rows[0].ago };
}
