// Bench (issue 19 c): the time from `kill -9` of the worker in the middle of an import to the job completing on
// the next worker, next to the same import's time when nothing goes wrong.
//   npx tsx scripts/bench/worker-recovery.ts [--rows 1000000]
// A fresh schema of the bench database; one worker child process at a time (node --import tsx scripts/worker.ts);
// the first is SIGKILLed once half the rows are read, the second is started at once (as systemd's Restart=always
// would). Recovery = kill → job succeeded; it is made of the stale window (AREAL_WORKER_STALE_SECONDS, 20 s by
// default — the bench uses the default), the retry's back-off (10 s) and the second attempt's full import.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Pool } from 'pg';
import { startBoss } from '@/lib/jobs/boss';
import { enqueueImport } from '@/lib/jobs/enqueue-import';
import { saveUpload } from '@/lib/imports/uploads';
import { generateOccupancyCsv } from '@/tests/integration/imports/generate-occupancy';
import { benchFlags, numberFlag } from './lib/args';
import { ensureBenchDatabase, freshBenchSchema } from './lib/bench-db';
import { machineInfo } from './lib/machine';
import { writeResult } from './lib/results';

const SCHEMA = 'bench_recovery';

async function main() {
  const rows = numberFlag(benchFlags('npx tsx scripts/bench/worker-recovery.ts [--rows 1000000]', { rows: { type: 'string' } }), 'rows', 1_000_000);
  const base = await ensureBenchDatabase();
  const url = await freshBenchSchema(base, SCHEMA);
  const queueSchema = `${SCHEMA}_q`;
  const dir = mkdtempSync(path.join(tmpdir(), 'areal-bench-recovery-'));
  process.env.AREAL_UPLOAD_DIR = dir;
  const pool = new Pool({ connectionString: url, max: 4 });
  await pool.query(`DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
  const boss = await startBoss({ pool, schema: queueSchema, role: 'web' });
  const workers: ChildProcess[] = [];
  const worker = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
      env: { ...process.env, DATABASE_URL: url, AREAL_QUEUE_SCHEMA: queueSchema, AREAL_UPLOAD_DIR: dir, AREAL_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  };
  try {
    const { rows: org } = await pool.query<{ id: string }>(`INSERT INTO organisation (slug, name) VALUES ('recovery', 'Recovery') RETURNING id`);
    await pool.query(`INSERT INTO building (organisation_id, registry_id, name, category, capacity, gross_area_m2) VALUES ($1, 'B-1', 'Skolen', 'school', 40, 1200)`, [org[0].id]);
    const file = path.join(dir, 'readings.csv');
    await generateOccupancyCsv(file, rows, 200, 'R');
    const runJob = async (kill: boolean) => {
      await pool.query('TRUNCATE occupancy_reading, occupancy_hourly, occupancy_daily, sensor CASCADE');
      const upload = await saveUpload(org[0].id, 'readings.csv', Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>);
      const id = await enqueueImport(pool, boss, { organisationId: org[0].id, userId: null, buildingIds: null, upload, kind: 'occupancy', mapping: { building: 'B-1' }, settings: {}, dryRun: false, skipInvalid: false, saveMappingAs: null, source: 'cli' });
      const job = async () => (await pool.query<{ status: string; rows_done: string; attempts: number; started_at: Date; finished_at: Date | null }>(`SELECT status, rows_done, attempts, started_at, finished_at FROM import_job WHERE id = $1`, [id])).rows[0];
      const t0 = performance.now();
      let w = worker();
      let killedAt: number | null = null;
      let secondAttemptAt: number | null = null;
      for (;;) {
        const j = await job();
        if (kill && killedAt === null && Number(j.rows_done) >= rows / 2) {
          w.kill('SIGKILL');
          killedAt = performance.now();
          await new Promise((r) => w.once('exit', r));
          w = worker();
        }
        if (killedAt !== null && secondAttemptAt === null && j.attempts >= 2) secondAttemptAt = performance.now();
        if (j.status !== 'running') {
          const end = performance.now();
          w.kill('SIGTERM');
          await new Promise((r) => w.once('exit', r));
          if (j.status !== 'succeeded') throw new Error(`import ended ${j.status}`);
          const { rows: n } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM occupancy_reading');
          if (n[0].n !== rows) throw new Error(`${n[0].n} rows landed, expected ${rows}`);
          return { totalS: (end - t0) / 1000, recoveryS: killedAt === null ? null : (end - killedAt) / 1000, pickupS: killedAt === null || secondAttemptAt === null ? null : (secondAttemptAt - killedAt) / 1000, attempts: j.attempts };
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const clean = await runJob(false);
    console.log(`[worker-recovery] clean run: ${clean.totalS.toFixed(1)} s for ${rows} rows`);
    const killed = await runJob(true);
    console.log(`[worker-recovery] kill -9 at half: job completed ${killed.recoveryS!.toFixed(1)} s after the kill (picked up again after ${killed.pickupS?.toFixed(1)} s), ${killed.attempts} attempts`);
    writeResult({
      name: 'worker-recovery',
      date: new Date().toISOString(),
      machine: await machineInfo(base),
      dataSize: { rows },
      metrics: [
        { name: 'kill -9 of the worker mid-import → job completed', value: Math.round(killed.recoveryS! * 10) / 10, unit: 's' },
        { name: 'kill -9 → second attempt started (stale window + back-off)', value: killed.pickupS === null ? null : Math.round(killed.pickupS * 10) / 10, unit: 's' },
        { name: 'same import, no kill (queue to completed)', value: Math.round(clean.totalS * 10) / 10, unit: 's' },
      ],
      details: { clean, killed, staleSeconds: Number(process.env.AREAL_WORKER_STALE_SECONDS ?? 20), retryDelaySeconds: 10 },
      notes: ['Rows land exactly once after the kill (checked: count = rows). Recovery is the stale window + back-off + a full second attempt: the killed attempt rolled back, nothing is resumed.'],
    });
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await boss.stop({ graceful: false, close: false }).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`).catch(() => undefined);
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(`[worker-recovery] ${e.stack ?? e.message}`);
  process.exit(1);
});
