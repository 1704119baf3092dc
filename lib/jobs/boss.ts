// One pg-boss instance per process over the app's own pg pool (no second pool per process: several web
// instances and a worker share one PostgreSQL's connections). pg-boss keeps its tables in their own schema
// (AREAL_QUEUE_SCHEMA, default "pgboss") of the same database, and creates or migrates them itself.
import PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { getPool } from '@/lib/db/pool';
import { QUEUE_OPTIONS, QUEUE_ORDER } from './queues';
import { runtimeEnv } from '@/lib/config/env';

export interface BossOptions {
  pool: Pool;
  /** pg-boss schema; tests use one per test file. */
  schema?: string;
  /** The worker supervises (expires, archives) and runs cron; a web instance only sends jobs. */
  role: 'web' | 'worker';
}

export function queueSchema(): string {
  return runtimeEnv().AREAL_QUEUE_SCHEMA;
}

/** A started pg-boss with every queue created (idempotent). */
export async function startBoss({ pool, schema = queueSchema(), role }: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    schema,
    supervise: role === 'worker',
    schedule: role === 'worker',
    // Expired active jobs are failed (and so retried) by the supervisor; a dead worker's jobs are failed sooner
    // through the heartbeat (lib/jobs/heartbeat.ts).
    maintenanceIntervalSeconds: 30,
    // Completed and failed jobs are archived after a week and deleted from the archive after 30 days.
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 30,
  });
  boss.on('error', (e: Error) => process.emitWarning(`[jobs] pg-boss: ${e.message}`));
  await boss.start();
  // createQueue does nothing for an existing queue; updateQueue then brings its options to this version's.
  for (const name of QUEUE_ORDER) {
    await boss.createQueue(name, { name, ...QUEUE_OPTIONS[name] });
    await boss.updateQueue(name, { name, ...QUEUE_OPTIONS[name] });
  }
  return boss;
}

declare global {
  var arealBoss: Promise<PgBoss> | undefined;
}

/** The web process's pg-boss (sending only), started on first use. */
export function getBoss(): Promise<PgBoss> {
  if (!globalThis.arealBoss) {
    globalThis.arealBoss = startBoss({ pool: getPool(), role: 'web' }).catch((e) => {
      globalThis.arealBoss = undefined;
      throw e;
    });
  }
  return globalThis.arealBoss;
}
