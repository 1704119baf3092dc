// What a load balancer asks before sending traffic (GET /api/ready): the database answers, its migrations are
// the ones this build ships (a web instance of a newer build waits until `npm run db:migrate` ran), a worker
// beat its heartbeat recently (otherwise uploads would queue up unseen), and how deep the queue is.
// Liveness (GET /api/health) is only "the process answers": restarting a web server cannot fix the database.
import type { Pool } from 'pg';
import { listMigrations } from '@/lib/db/migrate';
import { staleAfterSeconds, workerLiveness } from '@/lib/jobs/heartbeat';

export interface ReadyCheck { ok: boolean; detail: Record<string, unknown> }
export interface Readiness { ready: boolean; checks: { database: ReadyCheck; migrations: ReadyCheck; worker: ReadyCheck; queue: ReadyCheck } }

/** Queued (created or retry) and active jobs per queue, and the age of the oldest queued one (s). */
export async function queueDepth(pool: Pool, schema: string): Promise<{ queued: number; active: number; oldestQueuedSeconds: number | null; byQueue: Record<string, number> }> {
  const exists = await pool.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'job'`, [schema]);
  if (!exists.rowCount) return { queued: 0, active: 0, oldestQueuedSeconds: null, byQueue: {} };
  const { rows } = await pool.query<{ name: string; queued: number; active: number; oldest: number | null }>(
    `SELECT name, count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued, count(*) FILTER (WHERE state = 'active')::int AS active,
            extract(epoch FROM now() - min(created_on) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS oldest
       FROM ${schema}.job WHERE state < 'completed' GROUP BY name`,
  );
  const oldest = rows.map((r) => r.oldest).filter((x): x is number => x !== null);
  return {
    queued: rows.reduce((a, r) => a + r.queued, 0),
    active: rows.reduce((a, r) => a + r.active, 0),
    oldestQueuedSeconds: oldest.length ? Math.round(Math.max(...oldest)) : null,
    byQueue: Object.fromEntries(rows.map((r) => [r.name, r.queued + r.active])),
  };
}

/** Runs every readiness check; `ready` only when all pass. */
export async function checkReadiness(pool: Pool, schema: string): Promise<Readiness> {
  const fail = (e: unknown): ReadyCheck => ({ ok: false, detail: { error: (e as Error).message.split('\n')[0] } });
  const database = await pool.query('SELECT 1').then(() => ({ ok: true, detail: {} }), fail);
  if (!database.ok) {
    const skipped = { ok: false, detail: { skipped: 'database unreachable' } };
    return { ready: false, checks: { database, migrations: skipped, worker: skipped, queue: skipped } };
  }
  const migrations = await pool.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').then((r) => {
    const applied = new Set(r.rows.map((x) => x.migration_name));
    const pending = listMigrations().map((m) => m.name).filter((n) => !applied.has(n));
    return { ok: pending.length === 0, detail: { applied: applied.size, pending } };
  }, fail);
  const worker = await workerLiveness(pool).then((w) => ({ ok: w.workers > 0, detail: { ...w, staleAfterSeconds: staleAfterSeconds() } }), fail);
  const queue = await queueDepth(pool, schema).then((q) => ({ ok: true, detail: q }), fail);
  return { ready: database.ok && migrations.ok && worker.ok && queue.ok, checks: { database, migrations, worker, queue } };
}
