// A worker that dies without a word (kill -9, OOM killer, power loss) leaves its job "active" in pg-boss until the
// job's timeout — an hour for an import. Each worker therefore writes a heartbeat every few seconds with the ids
// of the jobs it holds; any worker fails an active job that no fresh heartbeat holds back to its queue, where it
// is retried with its remaining attempts. The database already rolled the dead attempt's transaction back when
// its connection dropped, so the retry starts from clean data.
// Two ways a worker counts as gone:
//   * on this machine (same host name and PID namespace) and its process no longer exists — known at once, so a
//     worker restarted by systemd after a kill -9 or an OOM kill hands its predecessor's job back within a second;
//   * anywhere: no heartbeat for the stale window (AREAL_WORKER_STALE_SECONDS, 20 s) — another machine that died.
// A lost job is retried at once, without the queue's back-off: the worker died, not the job (a job that kills its
// worker every time still ends in the dead letter after its attempts).
import { randomUUID } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import { runtimeEnv } from '@/lib/config/env';

/** Seconds after which a worker without a heartbeat counts as gone (AREAL_WORKER_STALE_SECONDS, default 20). */
export function staleAfterSeconds(): number {
  return runtimeEnv().AREAL_WORKER_STALE_SECONDS;
}

/** This process's PID namespace (Linux), so a PID is only compared with PIDs of the same namespace. */
function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid').replace(/\D/g, '') || null;
  } catch {
    return null;
  }
}

/** A new worker's id: its PID, a random part, and its PID namespace when known (`1234-ab12cd34@pidns4026531836`). */
export function newWorkerId(): string {
  const ns = pidNamespace();
  return `${process.pid}-${randomUUID().slice(0, 8)}${ns ? `@pidns${ns}` : ''}`;
}

/** Whether a heartbeat's worker certainly no longer runs: same host and PID namespace as us, and no such process. */
export function workerProcessGone(row: { worker_id: string; host: string; pid: number }): boolean {
  const ns = pidNamespace();
  if (!ns || row.host !== hostname() || !row.worker_id.endsWith(`@pidns${ns}`) || row.pid === process.pid) return false;
  try {
    process.kill(row.pid, 0);
    return false; // alive (or the PID was reused: then the stale window decides)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
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
 * Fails every active job that no live worker holds: jobs of a worker whose process is gone from this machine
 * (its heartbeat is removed), and jobs no fresh heartbeat holds that started more than the stale window ago (so a
 * job just fetched by a worker that has not beaten since is left alone). A released job that has attempts left is
 * made due at once. Returns the jobs released. Old heartbeats (a day) are removed.
 */
export async function releaseLostJobs(pool: Pool, boss: PgBoss, schema: string, staleSeconds = staleAfterSeconds()): Promise<Array<{ name: string; id: string }>> {
  const { rows: here } = await pool.query<{ worker_id: string; host: string; pid: number }>('SELECT worker_id, host, pid FROM worker_heartbeat WHERE host = $1', [hostname()]);
  const gone = here.filter(workerProcessGone).map((w) => w.worker_id);
  const { rows: dead } = gone.length
    ? await pool.query<{ job_ids: string[] }>('DELETE FROM worker_heartbeat WHERE worker_id = ANY ($1) RETURNING job_ids', [gone])
    : { rows: [] as { job_ids: string[] }[] };
  const ofDead = dead.flatMap((d) => d.job_ids);
  const { rows } = await pool.query<{ name: string; id: string }>(
    `SELECT j.name, j.id FROM ${schema}.job j
      WHERE j.state = 'active' AND (j.started_on < now() - make_interval(secs => $1) OR j.id = ANY ($2::uuid[]))
        AND NOT EXISTS (SELECT 1 FROM worker_heartbeat w WHERE w.seen_at > now() - make_interval(secs => $1) AND j.id = ANY (w.job_ids))`,
    [staleSeconds, ofDead],
  );
  for (const j of rows) {
    await boss.fail(j.name, j.id, { message: 'worker lost (no heartbeat)', lost: true });
    // The queue's back-off is for jobs that fail; this one's worker died. (pg-boss sets start_after on retry.)
    await pool.query(`UPDATE ${schema}.job SET start_after = now() WHERE name = $1 AND id = $2 AND state = 'retry'`, [j.name, j.id]);
  }
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
