// The worker process's loop: runs the queues' jobs one import at a time (an import holds a core and a
// connection for minutes; two at once on a small machine only slow each other and the web), re-scores and map
// rebuilds beside it, beats its heartbeat and fails back the jobs of workers that died (lib/jobs/heartbeat.ts).
// stop(): no new jobs; the running ones get `drainMs` to finish; past that their database work is cut off (the
// transaction rolls back) and the job goes back to the queue for the next worker.
import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { withTransaction } from '@/lib/db/pool';
import { ensureClusters } from '@/lib/map/clusters';
import { rebuildLocalDays } from '@/lib/occupancy/rollups';
import { computeScores } from '@/lib/scoring/compute-scores';
import { beat, newWorkerId, releaseLostJobs, signOff, staleAfterSeconds } from './heartbeat';
import type { ImportJobData } from './import-job-data';
import type { ScoreJobData } from './queue-score';
import { QUEUE, QUEUE_OPTIONS } from './queues';
import { markImportDead, runImportJob } from './run-import-job';
import { runPdfJob, type PdfJobData } from '@/lib/scenarios/pdf-job';
import { runUpkeep, UPKEEP_TASKS, upkeepQueue } from './upkeep';
import { runtimeEnv } from '@/lib/config/env';

export interface WorkerOptions {
  pool: Pool;
  boss: PgBoss;
  schema: string;
  log: Logger;
  /** Heartbeat and lost-job sweep interval (ms); default a quarter of the stale window. */
  beatMs?: number;
  /** How long stop() lets running jobs finish before releasing them (AREAL_WORKER_DRAIN_SECONDS, default 60 s). */
  drainMs?: number;
  /** Upkeep settings (backup folder, retention, …); see lib/jobs/upkeep.ts. */
  upkeep?: Parameters<typeof runUpkeep>[2];
}

export interface RunningWorker {
  id: string;
  stop(): Promise<void>;
}

/** Starts the worker: handlers on every queue, heartbeat, lost-job sweep. */
export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const id = newWorkerId();
  const held = new Set<string>();
  const { pool, boss, log } = o;
  await beat(pool, id, []);

  // Each handler holds its job in the heartbeat while it runs; pg-boss completes the job when the handler returns
  // and fails it (→ retry or dead letter) when it throws.
  const hold = <T>(queue: string, run: (job: PgBoss.JobWithMetadata<T>, jlog: Logger) => Promise<unknown>) =>
    async ([job]: PgBoss.JobWithMetadata<T>[]) => {
      held.add(job.id);
      await beat(pool, id, [...held]).catch(() => undefined);
      const jlog = log.child({ jobId: job.id, queue, attempt: job.retryCount + 1 });
      const t0 = Date.now();
      jlog.info('job started');
      try {
        const output = await run(job, jlog);
        jlog.info({ ms: Date.now() - t0, output }, 'job finished');
        return output;
      } catch (e) {
        jlog.error({ ms: Date.now() - t0, err: e }, 'job failed');
        throw e;
      } finally {
        held.delete(job.id);
      }
    };
  const work = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: 2 };
  const importDeadline = (QUEUE_OPTIONS[QUEUE.import].expireInSeconds! - 60) * 1000;

  await boss.work<ImportJobData>(QUEUE.import, work, hold(QUEUE.import, async (job, jlog) => {
    const outcome = await runImportJob(pool, boss, job.data, { deadlineMs: importDeadline });
    jlog.info({ importJobId: job.data.importJobId, organisation: job.data.organisationId, user: job.data.userId, outcome }, 'import attempt');
    return { outcome };
  }));
  await boss.work<ImportJobData>(QUEUE.importDead, work, hold(QUEUE.importDead, async (job) => {
    await markImportDead(pool, job.data);
    return { importJobId: job.data.importJobId };
  }));
  await boss.work<ScoreJobData>(QUEUE.score, work, hold(QUEUE.score, async (job) => {
    const c = await pool.connect();
    try {
      const rebuilt = job.data.rebuildLocalDays ? await withTransaction(pool, (tx) => rebuildLocalDays(tx, job.data.organisationId)) : undefined;
      const s = await computeScores(c, job.data.organisationId, { asOf: new Date() });
      return { buildings: s.buildings, written: s.written, ...(rebuilt ? { rebuiltSensors: rebuilt.sensors } : {}) };
    } finally {
      c.release();
    }
  }));
  await boss.work<{ organisationId: string }>(QUEUE.mapRebuild, work, hold(QUEUE.mapRebuild, async (job) => ({ ms: await ensureClusters(pool, job.data.organisationId) })));
  // PDF briefs: one render at a time per worker (batchSize 1; Chromium is a core and ~150 MB), polled often — a
  // person waits for it.
  await boss.work<PdfJobData>(QUEUE.pdf, { ...work, pollingIntervalSeconds: 0.5 }, hold(QUEUE.pdf, async (job) => runPdfJob(pool, o.schema, job)));
  for (const task of UPKEEP_TASKS) {
    await boss.work(upkeepQueue(task), work, hold(upkeepQueue(task), async () => runUpkeep(pool, task, o.upkeep ?? {})));
  }

  const beatMs = o.beatMs ?? Math.max(1000, (staleAfterSeconds() * 1000) / 4);
  const sweep = async () => {
    await beat(pool, id, [...held]);
    const lost = await releaseLostJobs(pool, boss, o.schema);
    for (const j of lost) log.warn({ jobId: j.id, queue: j.name }, 'job of a lost worker failed back to its queue');
  };
  const timer = setInterval(() => void sweep().catch((e: Error) => log.warn({ err: e }, 'heartbeat failed')), beatMs);
  void sweep().catch(() => undefined);
  log.info({ workerId: id }, 'worker started');

  return {
    id,
    async stop() {
      const drainMs = o.drainMs ?? runtimeEnv().AREAL_WORKER_DRAIN_SECONDS * 1000;
      log.info({ workerId: id, running: held.size, drainMs }, 'worker stopping');
      // graceful: pg-boss stops fetching, waits up to drainMs for running handlers, then fails what is left back
      // to its queue. Cut off the imports still running so their transactions roll back before we exit.
      const cutOff = setTimeout(() => {
        void pool.query(`SELECT pg_terminate_backend((summary->>'pid')::int) FROM import_job WHERE queue_job_id = ANY ($1::uuid[]) AND summary ? 'pid'`, [[...held]]).catch(() => undefined);
      }, Math.max(0, drainMs - 500));
      try {
        await boss.stop({ graceful: true, timeout: drainMs, close: false, wait: true });
      } finally {
        clearTimeout(cutOff);
        clearInterval(timer);
        await signOff(pool, id).catch(() => undefined);
      }
      log.info({ workerId: id }, 'worker stopped');
    },
  };
}
