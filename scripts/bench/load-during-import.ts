// Bench (issue 19 a): the load test's web p95 while a 10 M-row import runs in the worker, as a ratio to the idle
// p95 measured in the same run (target ≤ 1.5×).
//   npx tsx scripts/bench/load-during-import.ts [--rows 10M] [--import-sensors 1000] [--connections 50]
//        [--duration 60] [--buildings 10000] [--readings 1M] [--lock /work/heavy.lock]
// One `next start` of the production build against the bench database (organisation bench-<buildings>, as the
// load test) and one worker (node --import tsx scripts/worker.ts) against the same database, its queue in its own
// schema. After a warm-up (the same load for min(15, --duration) s, not measured), phase 1: the load test's mix (scripts/bench/lib/load-mix.ts) for --duration s with the worker idle.
// Phase 2: an occupancy upload of --rows rows for another organisation is stored and queued, and the same load runs
// again for --duration s while the worker imports it (the import's rows read at the start and end of the window
// are recorded, so the overlap is visible); then the import is awaited. Afterwards the import's rows are deleted.
// --lock <file>: the two measured phases run while holding `flock <file>` (a machine shared with other work).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Pool } from 'pg';
import { startBoss } from '@/lib/jobs/boss';
import { enqueueImport } from '@/lib/jobs/enqueue-import';
import { saveUpload } from '@/lib/imports/uploads';
import { generateOccupancyCsv } from '@/tests/integration/imports/generate-occupancy';
import { benchFlags, numberFlag } from './lib/args';
import { ensureBenchDatabase } from './lib/bench-db';
import { ensureBenchOrg } from './lib/bench-org';
import { benchCookie } from './lib/bench-session';
import { buildEndpoints, findRoutes, loadSample, runLoad, type LoadRun } from './lib/load-mix';
import { machineInfo } from './lib/machine';
import { writeResult, type Metric } from './lib/results';
import { startServer } from './lib/server';
import { percentile, round } from './lib/stats';

const IMPORT_ORG = 'bench-load-import';
const QUEUE_SCHEMA = 'bench_load_q';
const log = (m: string) => console.log(`[bench:load-during-import] ${new Date().toISOString().slice(11, 19)} ${m}`);

/** Holds `flock <file>` until release() (a child `flock <file> cat` waiting on its stdin). */
async function acquireLock(file: string | undefined): Promise<() => void> {
  if (!file) return () => undefined;
  const child = spawn('flock', [file, 'sh', '-c', 'echo locked; cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`flock ${file} exited with ${code}`)));
  });
  return () => child.stdin.end();
}

const summary = (run: LoadRun) => {
  const all = [...run.perKind.values()].flatMap((k) => k.latencies);
  return {
    requests: run.result.requests.total,
    throughput: round(run.result.requests.average, 4),
    p50: round(percentile(all, 50), 4),
    p95: round(percentile(all, 95), 4),
    errors: run.result.errors + run.result.non2xx,
    perKindP95: Object.fromEntries([...run.perKind].map(([k, s]) => [k, round(percentile(s.latencies, 95), 4)])),
  };
};

async function main() {
  const str = { type: 'string' } as const;
  const flags = benchFlags('npx tsx scripts/bench/load-during-import.ts [--rows 10M] [--import-sensors 1000] [--connections 50] [--duration 60] [--buildings 10000] [--readings 1M] [--lock <file>]', {
    rows: str, 'import-sensors': str, connections: str, duration: str, buildings: str, readings: str, lock: str,
  });
  const rows = numberFlag(flags, 'rows', 10e6);
  const importSensors = numberFlag(flags, 'import-sensors', 1000);
  const connections = numberFlag(flags, 'connections', 50);
  const duration = numberFlag(flags, 'duration', 60);
  const buildings = numberFlag(flags, 'buildings', 10_000);
  const lockFile = flags.lock;

  const base = await ensureBenchDatabase();
  const org = await ensureBenchOrg(base, buildings, numberFlag(flags, 'readings', 1e6), log);
  const sample = await loadSample(base, org.id);
  const endpoints = buildEndpoints(findRoutes(), sample);
  const pool = new Pool({ connectionString: base, max: 4 });
  const dir = mkdtempSync(path.join(tmpdir(), 'areal-bench-load-import-'));
  process.env.AREAL_UPLOAD_DIR = dir;

  // The importing organisation: one building; the file's sensors are created by the import.
  const removeImportOrg = async () => {
    const { rows: o } = await pool.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [IMPORT_ORG]);
    if (!o[0]) return;
    const sensors = `SELECT id FROM sensor WHERE organisation_id = '${o[0].id}'`;
    for (const t of ['occupancy_reading', 'occupancy_hourly', 'occupancy_daily']) await pool.query(`DELETE FROM ${t} WHERE sensor_id IN (${sensors})`);
    await pool.query('DELETE FROM organisation WHERE id = $1', [o[0].id]);
  };
  await removeImportOrg();
  const { rows: io } = await pool.query<{ id: string }>(`INSERT INTO organisation (slug, name) VALUES ($1, 'Bench import under load') RETURNING id`, [IMPORT_ORG]);
  await pool.query(`INSERT INTO building (organisation_id, registry_id, name, category, capacity, gross_area_m2) VALUES ($1, 'B-1', 'Skolen', 'school', 400, 12000)`, [io[0].id]);
  const file = path.join(dir, 'readings.csv');
  log(`writing ${rows} rows (${importSensors} sensors) …`);
  await generateOccupancyCsv(file, rows, importSensors, 'L');
  const mb = statSync(file).size / 2 ** 20;

  await pool.query(`DROP SCHEMA IF EXISTS ${QUEUE_SCHEMA} CASCADE`);
  const boss = await startBoss({ pool, schema: QUEUE_SCHEMA, role: 'web' });
  let worker: ChildProcess | null = null;
  const server = await startServer({ databaseUrl: base });
  let release = () => undefined as void;
  try {
    if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(server.baseURL)) throw new Error(`refusing to load-test a non-loopback server: ${server.baseURL}`);
    const session = await benchCookie(server.baseURL, base, org.id);
    const headers: Record<string, string> = { 'content-type': 'application/json', cookie: session.cookie, origin: new URL(server.baseURL).origin };
    const probe = await fetch(`${server.baseURL}/api/scores`, { headers, redirect: 'manual' }).catch(() => null);
    if (probe?.status !== 200) throw new Error(`signed-in probe GET /api/scores answered ${probe?.status ?? 'nothing'}, not 200`);
    for (const e of endpoints) {
      const req = e.make();
      await fetch(`${server.baseURL}${req.path}`, { method: e.method, body: req.body, headers }).catch(() => undefined);
    }
    worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
      env: { ...process.env, DATABASE_URL: base, AREAL_QUEUE_SCHEMA: QUEUE_SCHEMA, AREAL_UPLOAD_DIR: dir, AREAL_LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await new Promise((r) => setTimeout(r, 5000)); // the worker's start (pg-boss, schedules) is not part of either phase
    // Warm-up at full load, not measured: the idle phase must not pay for cold caches the import phase then enjoys.
    log(`warm-up: ${connections} connections × ${Math.min(15, duration)} s`);
    await runLoad(server.baseURL, headers, endpoints, { connections, duration: Math.min(15, duration), maxRequests: 200_000 });

    release = await acquireLock(lockFile);
    const loadIdle0 = loadavg().map((x) => round(x, 2));
    log(`phase 1: ${connections} connections × ${duration} s, worker idle`);
    const idle = await runLoad(server.baseURL, headers, endpoints, { connections, duration, maxRequests: 200_000 });
    const loadIdle1 = loadavg().map((x) => round(x, 2));

    const upload = await saveUpload(io[0].id, 'readings.csv', Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>);
    const t0 = performance.now();
    const jobId = await enqueueImport(pool, boss, { organisationId: io[0].id, userId: null, buildingIds: null, upload, kind: 'occupancy', mapping: { building: 'B-1' }, settings: {}, dryRun: false, skipInvalid: false, saveMappingAs: null, source: 'cli' });
    const job = async () => (await pool.query<{ status: string; phase: string; rows_done: string }>('SELECT status, phase, rows_done FROM import_job WHERE id = $1', [jobId])).rows[0];
    log(`phase 2: the same load while the worker imports ${rows} rows`);
    const atStart = await job();
    const during = await runLoad(server.baseURL, headers, endpoints, { connections, duration, maxRequests: 200_000 });
    const atEnd = await job();
    const windowEndS = (performance.now() - t0) / 1000;
    const loadDuring = loadavg().map((x) => round(x, 2));
    release();
    let j = atEnd;
    while (j.status === 'running') {
      await new Promise((r) => setTimeout(r, 500));
      j = await job();
    }
    const importS = (performance.now() - t0) / 1000;
    log(`import ${j.status} after ${importS.toFixed(1)} s (load window ended at ${windowEndS.toFixed(1)} s, rows read then: ${atEnd.rows_done}, phase ${atEnd.phase})`);
    if (j.status !== 'succeeded') throw new Error(`the import ended ${j.status}`);

    const s = { idle: summary(idle), during: summary(during) };
    const ratio = s.during.p95 / s.idle.p95;
    const settings = await pool.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('synchronous_commit', 'shared_buffers', 'work_mem', 'max_wal_size', 'max_connections') ORDER BY name`,
    );
    const dbSettings = { ...Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])), AREAL_PG_BENCH_ASYNC_COMMIT: process.env.AREAL_PG_BENCH_ASYNC_COMMIT ?? '(unset)' };
    const metrics: Metric[] = [
      { name: 'latency p95, worker idle', value: s.idle.p95, unit: 'ms', note: `${s.idle.requests} requests, ${s.idle.throughput} req/s, ${s.idle.errors} errors` },
      { name: 'latency p95, while the worker imports', value: s.during.p95, unit: 'ms', note: `${s.during.requests} requests, ${s.during.throughput} req/s, ${s.during.errors} errors` },
      { name: 'p95 during import ÷ p95 idle', value: round(ratio, 3), unit: '×', target: 1.5, better: 'lower' },
      { name: 'throughput during ÷ idle', value: round(s.during.throughput / s.idle.throughput, 3), unit: '×' },
      { name: 'errors (both phases)', value: s.idle.errors + s.during.errors, unit: 'count', target: 0, better: 'lower' },
      { name: 'import under load, queued → succeeded', value: round(importS, 4), unit: 's', note: `${Math.round(rows / importS)} rows/s` },
    ];
    const notes = [
      `the load window covered the import from the moment it was queued to ${windowEndS.toFixed(0)} s; rows read at the window's end: ${Number(atEnd.rows_done).toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} (phase ${atEnd.phase}); the import finished at ${importS.toFixed(0)} s${importS <= windowEndS + 1 ? ' — inside the window: part of the window had no import' : ''}`,
      `database settings: ${Object.entries(dbSettings).map(([k, v]) => `${k}=${v}`).join(', ')}`,
      `load average (1/5/15 min): idle phase ${loadIdle0.join(' / ')} → ${loadIdle1.join(' / ')}; import phase → ${loadDuring.join(' / ')} on ${cpus().length} cores (web server, worker, PostgreSQL and autocannon on one machine, shared with other work${lockFile ? `; both phases under flock ${lockFile}` : ''})`,
      `per-kind p95 idle ${JSON.stringify(s.idle.perKindP95)}; during ${JSON.stringify(s.during.perKindP95)}`,
      `production build: .next/BUILD_ID ${spawnSync('cat', ['.next/BUILD_ID'], { encoding: 'utf8' }).stdout.trim()}`,
    ];
    if (rows < 10e6) notes.push(`smaller than the issue's 10 M rows: ${rows.toLocaleString('en-US')}`);
    writeResult({
      name: 'load-during-import',
      date: new Date().toISOString(),
      machine: await machineInfo(base),
      dataSize: { buildings: org.buildings, importRows: rows, csvMegabytes: Math.round(mb), connections, seconds: duration },
      metrics,
      details: { ...s, dbSettings, atStart, atEnd, windowEndS, importS },
      notes,
    });
  } finally {
    release();
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker!.once('exit', r));
    }
    await server.stop();
    await boss.stop({ graceful: false, close: false }).catch(() => undefined);
    await removeImportOrg().catch((e: Error) => log(`clean-up failed: ${e.message}`));
    await pool.query(`DROP SCHEMA IF EXISTS ${QUEUE_SCHEMA} CASCADE`).catch(() => undefined);
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[bench:load-during-import] ${(error as Error).stack ?? error}`);
  process.exit(1);
});
