// Bench (issue 19 b): the import appending 10 M rows to a readings table that already holds ≥ 100 M rows, end to
// end (file → committed readings, rollups, quality and scores: the import CLI), against `psql \copy` of the same
// rows, already normalised, into the same table. Ratio = pipeline rows/s ÷ \copy rows/s (higher is better), as in
// scripts/bench/ingest.ts; the pipeline's peak RSS is measured with /usr/bin/time -v.
//   npx tsx scripts/bench/ingest-append.ts [--rows 10M] [--base 100M] [--sensors 1000] [--base-sensors 10000]
//        [--interval 15] [--lock /work/heavy.lock] [--base-only] [--keep]
// The readings already there belong to another organisation's --base-sensors sensors over the same months as the
// new rows, so the new rows go into partitions (and primary-key indexes) that already hold the base's rows
// (10 M new onto 100 M: each month partition has ~30 M rows before the import). The base is built with
// INSERT … SELECT generate_series in primary-key order, in chunks, into its own database (areal_bench_append),
// which is dropped at the end (--keep keeps it; --base-only builds it and stops, so a run can build the base
// outside a lock and measure later). The base has no rollups: only the new organisation's are computed.
// Order: the pipeline first into the table as built, then its rows are deleted and vacuumed and `\copy` loads the
// same rows into the table (space freed by the delete is reused by \copy — if anything this favours the baseline).
// --lock <file>: each measured step runs under `flock <file>` (a machine shared with other work).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { benchFlags, numberFlag } from './lib/args';
import { dropDatabase, ensureDatabase, siblingDatabaseUrl } from './lib/bench-db';
import { machineInfo } from './lib/machine';
import { writeResult, type Metric } from './lib/results';
import { round } from './lib/stats';
import { writeOccupancyCsv } from './generate/csv';
import { generateBuildings, generateSensors } from './generate/portfolio';
import { buildSteps } from './generate/time';
import { generatePortfolio } from './generate/to-db';

const DB = 'areal_bench_append';
const ORG = 'bench-append';
const BASE_ORG = 'bench-append-base';
const SEED = 1;
const END = new Date('2026-11-01T00:00:00Z');

const log = (m: string) => console.log(`[bench:ingest-append] ${new Date().toISOString().slice(11, 19)} ${m}`);

async function withClient<T>(url: string, f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** The server settings that decide write speed, as the result file records them. */
export async function databaseSettings(url: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
        WHERE name IN ('synchronous_commit', 'fsync', 'full_page_writes', 'shared_buffers', 'work_mem', 'maintenance_work_mem',
                       'max_wal_size', 'checkpoint_timeout', 'wal_compression', 'effective_io_concurrency', 'max_parallel_workers_per_gather')
        ORDER BY name`,
    );
    return { ...Object.fromEntries(rows.map((r) => [r.name, r.setting])), AREAL_PG_BENCH_ASYNC_COMMIT: process.env.AREAL_PG_BENCH_ASYNC_COMMIT ?? '(unset)' };
  });
}

/** argv under `flock <lock>` when a lock is given. */
const locked = (lock: string | undefined, argv: string[]): [string, string[]] => (lock ? ['flock', [lock, ...argv]] : [argv[0], argv.slice(1)]);

async function readingCount(url: string, sensorOrg?: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = sensorOrg
      ? await c.query<{ n: string }>(`SELECT count(*) AS n FROM occupancy_reading r JOIN sensor s ON s.id = r.sensor_id JOIN organisation o ON o.id = s.organisation_id WHERE o.slug = $1`, [sensorOrg])
      : await c.query<{ n: string }>('SELECT count(*) AS n FROM occupancy_reading');
    return Number(rows[0].n);
  });
}

/** The base: `baseRows` readings of another organisation's sensors over [from, END), in primary-key order. */
async function ensureBase(url: string, baseRows: number, baseSensors: number, intervalMinutes: number): Promise<{ rows: number; seconds: number; built: boolean }> {
  const stepCount = Math.ceil(baseRows / baseSensors);
  const from = new Date(END.getTime() - stepCount * intervalMinutes * 60_000);
  return withClient(url, async (c) => {
    const org = await c.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [BASE_ORG]);
    const have = org.rows[0] ? await readingCount(url, BASE_ORG) : 0;
    if (have >= baseRows) {
      log(`base already there: ${have} readings of ${BASE_ORG}`);
      return { rows: have, seconds: 0, built: false };
    }
    const t0 = performance.now();
    const buildings = Math.ceil(baseSensors / 0.87) + 50;
    await generatePortfolio(c, { org: BASE_ORG, buildings, readings: 0, sensorShare: 1, intervalMinutes, end: END, seed: 7, rollups: false, scores: false, log });
    const ids = (await c.query<{ id: string }>(`SELECT s.id FROM sensor s JOIN organisation o ON o.id = s.organisation_id WHERE o.slug = $1 ORDER BY s.id LIMIT $2`, [BASE_ORG, baseSensors])).rows.map((r) => r.id);
    await ensureReadingPartitions(c, from, new Date(END.getTime() - 1));
    // Chunks of sensors in uuid order, each chunk's rows in (sensor_id, ts) order: every chunk appends at the right
    // end of each partition's primary key, so the base is built at bulk speed.
    const chunk = Math.max(1, Math.floor(5e6 / stepCount));
    for (let i = 0; i < ids.length; i += chunk) {
      await c.query(
        `INSERT INTO occupancy_reading (sensor_id, ts, value)
         SELECT s.id, t.ts, (abs(hashtext(s.id::text || t.ts::text)) % 40)::real
           FROM unnest($1::uuid[]) AS s(id)
          CROSS JOIN generate_series($2::timestamptz, $3::timestamptz - make_interval(mins => $4), make_interval(mins => $4)) AS t(ts)
          ORDER BY s.id, t.ts`,
        [ids.slice(i, i + chunk), from, END, intervalMinutes],
      );
      log(`base: ${Math.min(i + chunk, ids.length)}/${ids.length} sensors (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    log('base: VACUUM (FREEZE, ANALYZE) …');
    await c.query('VACUUM (FREEZE, ANALYZE) occupancy_reading');
    await c.query('CHECKPOINT');
    return { rows: await readingCount(url, BASE_ORG), seconds: (performance.now() - t0) / 1000, built: true };
  });
}

/** Removes the new organisation's readings and derived rows (the base stays), vacuums, checkpoints. */
async function removeNewRows(url: string): Promise<void> {
  await withClient(url, async (c) => {
    const { rows } = await c.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [ORG]);
    const sensors = `SELECT s.id FROM sensor s WHERE s.organisation_id = '${rows[0].id}'`;
    await c.query(`DELETE FROM occupancy_reading WHERE sensor_id IN (${sensors})`);
    for (const t of ['occupancy_hourly', 'occupancy_daily']) await c.query(`DELETE FROM ${t} WHERE sensor_id IN (${sensors})`);
    await c.query('DELETE FROM import_job WHERE organisation_id = $1', [rows[0].id]);
    await c.query('VACUUM ANALYZE occupancy_reading');
    await c.query('CHECKPOINT');
  });
}

async function main() {
  const str = { type: 'string' } as const;
  const flags = benchFlags('npx tsx scripts/bench/ingest-append.ts [--rows 10M] [--base 100M] [--sensors 1000] [--base-sensors 10000] [--interval 15] [--lock <file>] [--base-only] [--keep]', {
    rows: str, base: str, sensors: str, 'base-sensors': str, interval: str, lock: str, 'base-only': { type: 'boolean' }, keep: { type: 'boolean' },
  });
  const rows = numberFlag(flags, 'rows', 10e6);
  const baseRows = numberFlag(flags, 'base', 100e6);
  const sensorCount = numberFlag(flags, 'sensors', 1000);
  const baseSensors = numberFlag(flags, 'base-sensors', 10_000);
  const intervalMinutes = numberFlag(flags, 'interval', 15);
  const lock = flags.lock;
  const url = siblingDatabaseUrl(DB);
  const df = () => execFileSync('df', ['-h', '--output=avail', process.cwd()], { encoding: 'utf8' }).split('\n')[1]?.trim();
  log(`disk free before: ${df()}`);
  await ensureDatabase(url);

  const base = await ensureBase(url, baseRows, baseSensors, intervalMinutes);
  const baseSize = await withClient(url, async (c) => (await c.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)).rows[0].s);
  log(`base: ${base.rows} readings${base.built ? ` built in ${base.seconds.toFixed(0)} s` : ''}; database ${baseSize}; disk free ${df()}`);
  if (flags['base-only']) return;

  // The organisation that imports: sensorCount people counters, known to it before the file arrives.
  const buildings = Math.ceil(sensorCount / 0.87) + 50;
  await withClient(url, async (c) => {
    await generatePortfolio(c, { org: ORG, buildings, readings: 0, sensorShare: 1, intervalMinutes, end: END, seed: SEED, log });
    await c.query(`UPDATE sensor SET kind = 'count' WHERE organisation_id = (SELECT id FROM organisation WHERE slug = $1)`, [ORG]);
  });
  const sensors = [...generateSensors(generateBuildings(buildings, SEED), 1, SEED)].slice(0, sensorCount).map((s) => ({ ...s, kind: 'count' as const }));
  const stepCount = Math.ceil(rows / sensors.length);
  const from = new Date(END.getTime() - stepCount * intervalMinutes * 60_000);
  mkdirSync(path.join('bench', 'tmp'), { recursive: true });
  const csv = path.join('bench', 'tmp', `ingest-count-${sensors.length}x${stepCount}-${intervalMinutes}min-iso.csv`);
  const tsv = csv.replace(/\.csv$/, '.normalised.tsv');
  if (!existsSync(csv) || !existsSync(tsv)) {
    log(`writing ${csv} …`);
    await writeOccupancyCsv({ path: csv, normalisedPath: tsv, sensors, steps: buildSteps(from, stepCount, intervalMinutes), format: 'iso', gapRate: 0 });
  }
  const dataRows = Number(execFileSync('wc', ['-l', tsv], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
  const mb = statSync(csv).size / 2 ** 20;
  await withClient(url, (c) => ensureReadingPartitions(c, from, new Date(END.getTime() - 1)));
  const totalBefore = await readingCount(url);
  log(`${dataRows} new rows (CSV ${mb.toFixed(0)} MB) onto ${totalBefore} readings`);

  // 1. The pipeline: the import CLI from the CSV to committed readings, rollups, quality and scores.
  const loadBeforePipeline = loadavg().map((x) => round(x, 2));
  const command = `node_modules/.bin/tsx scripts/import.ts occupancy ${csv} --org ${ORG} --json`;
  log(`pipeline${lock ? ` (under flock ${lock})` : ''}: ${command}`);
  const [cmd, args] = locked(lock, ['/usr/bin/time', '-v', 'sh', '-c', command]);
  const t0 = performance.now();
  const res = spawnSync(cmd, args, { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8', maxBuffer: 64 << 20 });
  // Time from the lock being granted would be fairer still; /usr/bin/time's own wall clock is exactly that.
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(res.stderr ?? '');
  const pipelineSeconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : (performance.now() - t0) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr ?? '');
  const maxRssMb = rss ? Number(rss[1]) / 1024 : null;
  const loadAfterPipeline = loadavg().map((x) => round(x, 2));
  let result: { extra?: Record<string, unknown> } | null = null;
  try {
    result = JSON.parse(res.stdout ?? '');
  } catch {
    process.stdout.write(res.stdout ?? '');
  }
  const pipelineRows = await readingCount(url, ORG);
  const notes: string[] = [];
  if (res.status !== 0) notes.push(`pipeline exited with ${res.status}: ${(res.stderr ?? '').split('\n').filter((l) => !/^\t/.test(l)).slice(-10).join(' | ').slice(-800)}`);
  const scored = await withClient(url, async (c) => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM building_score bs JOIN organisation o ON o.id = bs.organisation_id WHERE o.slug = $1`, [ORG]).catch(() => ({ rows: [{ n: -1 }] }))).rows[0].n);
  log(`pipeline: exit ${res.status}, ${pipelineRows} rows in ${pipelineSeconds.toFixed(1)} s = ${Math.round(pipelineRows / pipelineSeconds)} rows/s, peak RSS ${maxRssMb?.toFixed(0)} MB, ${scored} scores`);

  // 2. Same table state again: the new rows out, then `\copy` of the same rows.
  log('removing the pipeline\'s rows, VACUUM …');
  await removeNewRows(url);
  const loadBeforeCopy = loadavg().map((x) => round(x, 2));
  log(`psql \\copy${lock ? ` (under flock ${lock})` : ''} …`);
  const copyCmd = `\\copy occupancy_reading (sensor_id, ts, value) FROM '${tsv}'`;
  const [pc, pa] = locked(lock, ['/usr/bin/time', '-f', 'wall=%e', 'psql', url, '-v', 'ON_ERROR_STOP=1', '-qc', copyCmd]);
  const c0 = performance.now();
  const cres = spawnSync(pc, pa, { encoding: 'utf8' });
  if (cres.status !== 0) throw new Error(`psql \\copy failed: ${cres.stderr}`);
  const cw = /wall=([\d.]+)/.exec(cres.stderr ?? '');
  const copySeconds = cw ? Number(cw[1]) : (performance.now() - c0) / 1000;
  const copyRows = await readingCount(url, ORG);
  const loadAfterCopy = loadavg().map((x) => round(x, 2));
  log(`\\copy: ${copyRows} rows in ${copySeconds.toFixed(1)} s = ${Math.round(copyRows / copySeconds)} rows/s`);
  if (copyRows !== pipelineRows) notes.push(`pipeline loaded ${pipelineRows} rows, \\copy ${copyRows}`);

  const settings = await databaseSettings(url);
  const machine = await machineInfo(url);
  const totalAfter = await readingCount(url);
  if (!flags.keep) {
    await dropDatabase(url);
    log(`dropped ${DB}; disk free ${df()}`);
  }
  const pipelineRate = pipelineRows / pipelineSeconds;
  const copyRate = copyRows / copySeconds;
  const extra = result?.extra ?? {};
  const phase = (k: string) => (typeof extra[k] === 'number' ? round((extra[k] as number) / 1000, 4) : null);
  const metrics: Metric[] = [
    { name: 'import pipeline onto the full table, end to end (file → readings, rollups, quality, scores committed)', value: Math.round(pipelineRate), unit: 'rows/s' },
    { name: 'psql \\copy of the same rows into the same table', value: Math.round(copyRate), unit: 'rows/s' },
    { name: 'pipeline / \\copy', value: round(pipelineRate / copyRate, 3), unit: '×', target: 1.3, better: 'higher' },
    { name: 'pipeline peak RSS', value: maxRssMb === null ? null : round(maxRssMb, 4), unit: 'MB', target: 200, better: 'lower' },
    { name: 'pipeline wall clock', value: round(pipelineSeconds, 4), unit: 's' },
    { name: '\\copy wall clock', value: round(copySeconds, 4), unit: 's' },
    { name: 'phase: read + validate + COPY to stage', value: phase('msReadAndStage'), unit: 's' },
    { name: 'phase: merge into readings', value: phase('msMerge'), unit: 's', note: typeof extra.mergePath === 'string' ? `path: ${extra.mergePath}` : undefined },
    { name: 'phase: hourly/daily/usage rollups', value: phase('msRollups'), unit: 's' },
    { name: 'phase: data quality', value: phase('msQuality'), unit: 's' },
    { name: 'phase: re-score', value: phase('msRescore'), unit: 's' },
  ];
  notes.push(
    `the table held ${totalBefore.toLocaleString('en-US')} readings before each run (${base.rows.toLocaleString('en-US')} of ${baseSensors} other sensors over the same ${stepCount} × ${intervalMinutes}-min steps; database ${baseSize}); ${totalAfter.toLocaleString('en-US')} after the \\copy`,
    `database settings: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `load average (1/5/15 min): pipeline ${loadBeforePipeline.join(' / ')} → ${loadAfterPipeline.join(' / ')}; \\copy ${loadBeforeCopy.join(' / ')} → ${loadAfterCopy.join(' / ')} on ${cpus().length} cores shared with other work${lock ? ` (each measured step under flock ${lock})` : ''}`,
    'order: the pipeline first into the table as built; then its rows were deleted and vacuumed and \\copy loaded the same rows (into space the delete freed)',
    `ratio: rows/s of the pipeline (from the user's CSV, incl. rollups, quality, re-score) ÷ rows/s of \\copy of the already-normalised rows (no parsing, no rollups)`,
  );
  if (rows < 10e6 || baseRows < 100e6) notes.push(`smaller than the issue's size (10 M onto ≥ 100 M): ${rows.toLocaleString('en-US')} onto ${baseRows.toLocaleString('en-US')}`);
  writeResult({
    name: 'ingest-append',
    date: new Date().toISOString(),
    machine,
    dataSize: { rows: dataRows, tableRowsBefore: totalBefore, sensors: sensors.length, csvMegabytes: Math.round(mb) },
    metrics,
    details: { settings, base: { ...base, seconds: round(base.seconds, 4) }, pipeline: { command, exitCode: res.status, seconds: pipelineSeconds, maxRssMb, rows: pipelineRows, result }, copy: { command: `psql <url> -c "${copyCmd}"`, seconds: copySeconds, rows: copyRows } },
    notes,
  });
}

main().catch((error) => {
  console.error(`[bench:ingest-append] ${(error as Error).stack ?? error}`);
  process.exit(1);
});
