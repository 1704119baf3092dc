// npm run worker — the background worker: runs the queued imports, re-scores, map rebuilds and the scheduled
// upkeep (lib/jobs). Run one or more beside the web server(s), against the same database.
// SIGTERM / SIGINT: stops taking jobs, lets running ones finish for AREAL_WORKER_DRAIN_SECONDS (60), then releases
// them back to the queue (their transactions roll back) and exits 0.
process.env.AREAL_PROCESS ??= 'worker';
import { getPool } from '@/lib/db/pool';
import { queueSchema, startBoss } from '@/lib/jobs/boss';
import { scheduleUpkeep } from '@/lib/jobs/upkeep';
import { startWorker } from '@/lib/jobs/worker';
import { log } from '@/lib/log/logger';

async function main() {
  const pool = getPool();
  const schema = queueSchema();
  const boss = await startBoss({ pool, schema, role: 'worker' });
  await scheduleUpkeep(boss);
  const worker = await startWorker({ pool, boss, schema, log: log() });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log().info({ signal }, 'shutting down');
    void worker.stop()
      .then(() => pool.end())
      .then(() => process.exit(0), (e: Error) => {
        log().error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: Error) => {
  log().fatal({ err: e }, 'worker failed to start');
  process.exit(1);
});
