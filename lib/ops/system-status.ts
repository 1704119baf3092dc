// What the administrator's status page shows (/admin/status): the workers' heartbeats, each queue's jobs by
// state over the last week, the organisation's failed and dead-lettered jobs with their last error, and every
// scheduled upkeep task with its schedule and last run.
import type { Pool } from 'pg';
import { workerLiveness, type WorkerLiveness } from '@/lib/jobs/heartbeat';
import { QUEUE, QUEUE_ORDER, UPKEEP_TASKS, type UpkeepTask } from '@/lib/jobs/queues';
import { upkeepCron } from '@/lib/jobs/upkeep';

export interface QueueCounts { name: string; created: number; retry: number; active: number; completed: number; failed: number }
export interface FailedJob { queue: string; id: string; attempts: number; failedAt: Date | null; error: string | null; fileName: string | null; dead: boolean }
export interface UpkeepStatus { task: UpkeepTask; cron: string; startedAt: Date | null; finishedAt: Date | null; outcome: 'running' | 'succeeded' | 'failed' | null; detail: Record<string, unknown> }
export interface SystemStatus { workers: WorkerLiveness & { list: Array<{ host: string; pid: number; seenAt: Date; jobs: number }> }; queues: QueueCounts[]; failed: FailedJob[]; upkeep: UpkeepStatus[] }

/** The status of the job system; failed jobs only of `organisationId` (upkeep names no organisation). */
export async function systemStatus(pool: Pool, schema: string, organisationId: string): Promise<SystemStatus> {
  const installed = (await pool.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'job'`, [schema])).rowCount! > 0;
  const counts = installed
    ? (await pool.query<{ name: string; state: string; n: number }>(
        `SELECT name, state::text, count(*)::int AS n FROM ${schema}.job WHERE created_on > now() - interval '7 days' GROUP BY 1, 2`,
      )).rows
    : [];
  const queues = QUEUE_ORDER.map((name) => {
    const of = (state: string) => counts.find((c) => c.name === name && c.state === state)?.n ?? 0;
    return { name, created: of('created'), retry: of('retry'), active: of('active'), completed: of('completed'), failed: of('failed') };
  });
  const failed = installed
    ? (await pool.query<{ name: string; id: string; retry_count: number; completed_on: Date | null; error: string | null; file_name: string | null }>(
        `SELECT j.name, j.id, j.retry_count, j.completed_on, j.output->>'message' AS error, i.file_name
           FROM ${schema}.job j LEFT JOIN import_job i ON i.id = (j.data->>'importJobId')::uuid
          WHERE (j.state = 'failed' OR j.name = $2) AND j.data->>'organisationId' = $1
          ORDER BY j.completed_on DESC NULLS LAST LIMIT 50`,
        [organisationId, QUEUE.importDead],
      )).rows.map((r) => ({ queue: r.name, id: r.id, attempts: r.retry_count + 1, failedAt: r.completed_on, error: r.error, fileName: r.file_name, dead: r.name.endsWith('-dead') }))
    : [];
  const { rows: runs } = await pool.query<{ task: UpkeepTask; started_at: Date; finished_at: Date | null; outcome: UpkeepStatus['outcome']; detail: Record<string, unknown> }>(
    `SELECT DISTINCT ON (task) task, started_at, finished_at, outcome, detail FROM upkeep_run ORDER BY task, started_at DESC`,
  );
  const upkeep = UPKEEP_TASKS.map((task) => {
    const r = runs.find((x) => x.task === task);
    return { task, cron: upkeepCron(task), startedAt: r?.started_at ?? null, finishedAt: r?.finished_at ?? null, outcome: r?.outcome ?? null, detail: r?.detail ?? {} };
  });
  const { rows: list } = await pool.query<{ host: string; pid: number; seen_at: Date; jobs: number }>(
    `SELECT host, pid, seen_at, cardinality(job_ids) AS jobs FROM worker_heartbeat ORDER BY seen_at DESC LIMIT 20`,
  );
  return { workers: { ...(await workerLiveness(pool)), list: list.map((w) => ({ host: w.host, pid: w.pid, seenAt: w.seen_at, jobs: w.jobs })) }, queues, failed, upkeep };
}
