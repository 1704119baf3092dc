// Ingest bench: a 10-million-row occupancy CSV through the import pipeline vs `psql \copy` of the same
// rows, already normalised, into the same indexed readings table (PK (sensor_id, ts) + BRIN on ts).
//   npx tsx scripts/bench/ingest.ts [--rows 10M] [--sensors 1000] [--interval 15] [--format iso|danish]
//                                   [--import-cmd "<command with {file} {org} {url}>"] [--skip-pipeline] [--xlsx]
// --xlsx: the same rows also as an Excel workbook (written with exceljs' streaming writer into bench/tmp, not
// committed) through the same pipeline: xlsx rows/s beside the CSV's, and its peak RSS against the same bound.
// Both runs start from an empty readings table in their own schema of the bench database (bench_ingest),
// with the monthly partitions already created. The pipeline runs in a child process under /usr/bin/time -v
// so its peak RSS is measured; rows/s = accepted rows / wall-clock seconds of each run.
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { benchFlags, numberFlag } from './lib/args';
import { ensureBenchDatabase, freshBenchSchema } from './lib/bench-db';
import { machineInfo } from './lib/machine';
import { writeResult, type Metric } from './lib/results';
import { round } from './lib/stats';
import { writeOccupancyCsv, type CsvTimeFormat } from './generate/csv';
import { generateBuildings, generateSensors } from './generate/portfolio';
import { buildSteps } from './generate/time';
import { generatePortfolio } from './generate/to-db';

const SCHEMA = 'bench_ingest';
const ORG = 'bench-ingest';
const SEED = 1;
const END = new Date('2026-11-01T00:00:00Z');

interface PipelineRun {
  seconds: number;
  maxRssMb: number | null;
  rows: number;
  exitCode: number | null;
  command: string;
  stderrTail: string;
  /** The CLI's --json result, when it printed one: phase timings are in extra.ms*. */
  result: { extra?: Record<string, unknown>; durationMs?: number } | null;
}

async function readingCount(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM occupancy_reading');
    return Number(rows[0].n);
  } finally {
    await c.end();
  }
}

async function resetReadings(url: string, from: Date, to: Date): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('TRUNCATE occupancy_reading, occupancy_hourly, occupancy_daily');
    await c.query('DELETE FROM import_job');
    await ensureReadingPartitions(c, from, to);
    await c.query('VACUUM ANALYZE occupancy_reading');
    await c.query('CHECKPOINT');
  } finally {
    await c.end();
  }
}

/** The CSV's rows as one worksheet of an .xlsx workbook (timestamps as text, counts as numbers), streamed. */
async function writeXlsxTwin(csv: string, xlsx: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Målinger');
  const lines = createInterface({ input: createReadStream(csv), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    const f = line.split(';');
    ws.addRow(first ? f : [f[0], f[1], Number(f[2].replace(',', '.'))]).commit();
    first = false;
  }
  ws.commit();
  await wb.commit();
}

/** Default pipeline command: the import CLI (scripts/import.ts) of the imports issue. */
function defaultImportCommand(): string {
  return 'node_modules/.bin/tsx scripts/import.ts occupancy {file} --org {org} --json';
}

function runPipeline(template: string, file: string, url: string): PipelineRun {
  const command = template.replaceAll('{file}', file).replaceAll('{org}', ORG).replaceAll('{url}', url);
  const t0 = performance.now();
  const res = spawnSync('/usr/bin/time', ['-v', 'sh', '-c', command], {
    env: { ...process.env, DATABASE_URL: url, AREAL_DEFAULT_ORG: ORG },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr ?? '');
  let result: PipelineRun['result'] = null;
  try {
    result = JSON.parse(res.stdout ?? '') as PipelineRun['result'];
  } catch {
    process.stdout.write(res.stdout ?? '');
  }
  return {
    result,
    seconds,
    maxRssMb: rss ? Number(rss[1]) / 1024 : null,
    rows: 0,
    exitCode: res.status,
    command,
    stderrTail: (res.stderr ?? '').split('\n').filter((l) => !/^\t/.test(l)).slice(-15).join('\n'),
  };
}

async function main() {
  const flags = benchFlags('npx tsx scripts/bench/ingest.ts [--rows 10M] [--sensors 1000] [--interval 15] [--format iso|danish] [--import-cmd "<command with {file} {org} {url}>"] [--skip-pipeline] [--xlsx] [--regenerate]', { rows: { type: 'string' }, sensors: { type: 'string' }, interval: { type: 'string' }, format: { type: 'string' }, 'import-cmd': { type: 'string' }, 'skip-pipeline': { type: 'boolean' }, xlsx: { type: 'boolean' }, regenerate: { type: 'boolean' } });
  const rows = numberFlag(flags, 'rows', 10e6);
  const sensorCount = numberFlag(flags, 'sensors', 1000);
  const intervalMinutes = numberFlag(flags, 'interval', 15);
  const format = (flags.format ?? 'iso') as CsvTimeFormat;
  const log = (m: string) => console.log(`[bench:ingest] ${m}`);

  const base = await ensureBenchDatabase();
  const url = await freshBenchSchema(base, SCHEMA);

  // One building and one sensor per building: sensorCount sensors known to the organisation.
  const setup = new Client({ connectionString: url });
  await setup.connect();
  const buildings = Math.ceil(sensorCount / 0.87) + 50; // 'other' buildings get no sensor
  await generatePortfolio(setup, { org: ORG, buildings, readings: 0, sensorShare: 1, intervalMinutes, end: END, seed: SEED, log });
  // A `count` column: every sensor a people counter (the importer rightly rejects counts for presence sensors).
  await setup.query("UPDATE sensor SET kind = 'count'");
  await setup.end();
  const sensors = [...generateSensors(generateBuildings(buildings, SEED), 1, SEED)].slice(0, sensorCount).map((s) => ({ ...s, kind: 'count' as const }));
  const stepCount = Math.ceil(rows / sensors.length);
  const from = new Date(END.getTime() - stepCount * intervalMinutes * 60_000);
  const to = new Date(END.getTime() - 1);

  mkdirSync(path.join('bench', 'tmp'), { recursive: true });
  const csv = path.join('bench', 'tmp', `ingest-count-${sensors.length}x${stepCount}-${intervalMinutes}min-${format}.csv`);
  const tsv = csv.replace(/\.csv$/, '.normalised.tsv');
  let dataRows: number;
  if (!existsSync(csv) || !existsSync(tsv) || flags.regenerate) {
    log(`writing ${csv} …`);
    const steps = buildSteps(from, stepCount, intervalMinutes);
    dataRows = await writeOccupancyCsv({ path: csv, normalisedPath: tsv, sensors, steps, format, gapRate: 0 });
  } else {
    dataRows = Number(execFileSync('wc', ['-l', tsv], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
  }
  const mb = statSync(csv).size / 2 ** 20;
  log(`${dataRows} rows, CSV ${mb.toFixed(0)} MB, ${sensors.length} sensors × ${stepCount} steps of ${intervalMinutes} min`);

  // 1. The floor: psql \copy of the normalised rows into the indexed, partitioned readings table.
  await resetReadings(url, from, to);
  const loadAtStart = loadavg().map((x) => round(x, 2));
  log('psql \\copy baseline …');
  const t0 = performance.now();
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy occupancy_reading (sensor_id, ts, value) FROM '${tsv}'`], {
    stdio: 'inherit',
  });
  const copySeconds = (performance.now() - t0) / 1000;
  const copyRows = await readingCount(url);
  const copyRate = copyRows / copySeconds;
  log(`\\copy: ${copyRows} rows in ${copySeconds.toFixed(1)} s = ${Math.round(copyRate)} rows/s`);

  // 1b. The staged floor: the same normalised rows \copy'd into an unindexed UNLOGGED staging table, then
  // merged in primary-key order. What a pipeline can reach at best with this strategy (no parsing).
  await resetReadings(url, from, to);
  log('staged \\copy + ordered merge …');
  const t1 = performance.now();
  execFileSync(
    'psql',
    [
      url, '-v', 'ON_ERROR_STOP=1', '-q',
      '-c', 'CREATE UNLOGGED TABLE bench_stage (sensor_id uuid, ts timestamptz, value real)',
      '-c', `\\copy bench_stage FROM '${tsv}'`,
      '-c', 'INSERT INTO occupancy_reading (sensor_id, ts, value) SELECT sensor_id, ts, value FROM bench_stage ORDER BY sensor_id, ts ON CONFLICT (sensor_id, ts) DO NOTHING',
      '-c', 'DROP TABLE bench_stage',
    ],
    { stdio: 'inherit' },
  );
  const stagedSeconds = (performance.now() - t1) / 1000;
  const stagedRate = (await readingCount(url)) / stagedSeconds;
  log(`staged: ${Math.round(stagedRate)} rows/s`);

  // 2. The pipeline: parse, validate, stage, merge — from the user's CSV.
  const metrics: Metric[] = [
    { name: 'psql \\copy into indexed table', value: Math.round(copyRate), unit: 'rows/s' },
    { name: '\\copy to unindexed stage + merge in PK order (SQL only)', value: Math.round(stagedRate), unit: 'rows/s' },
  ];
  const notes: string[] = [];
  let pipeline: PipelineRun | null = null;
  const template = flags['import-cmd'] ?? process.env.BENCH_IMPORT_CMD ?? defaultImportCommand();
  const haveCli = existsSync('scripts/import.ts') || flags['import-cmd'] !== undefined || !!process.env.BENCH_IMPORT_CMD;
  if (flags['skip-pipeline'] || !haveCli) {
    notes.push(haveCli ? 'pipeline skipped (--skip-pipeline)' : 'pipeline not measured: scripts/import.ts does not exist yet');
    metrics.push(
      { name: 'import pipeline (parse, validate, stage, merge)', value: null, unit: 'rows/s' },
      { name: 'pipeline / \\copy', value: null, unit: '×', target: 1.0, better: 'higher' },
      { name: 'pipeline peak RSS', value: null, unit: 'MB', target: 200, better: 'lower' },
    );
  } else {
    await resetReadings(url, from, to);
    log(`pipeline: ${template} …`);
    pipeline = runPipeline(template, csv, url);
    pipeline.rows = await readingCount(url);
    const rate = pipeline.rows / pipeline.seconds;
    log(`pipeline: exit ${pipeline.exitCode}, ${pipeline.rows} rows in ${pipeline.seconds.toFixed(1)} s = ${Math.round(rate)} rows/s, peak RSS ${pipeline.maxRssMb?.toFixed(0)} MB`);
    if (pipeline.exitCode !== 0) notes.push(`pipeline exited with ${pipeline.exitCode}: ${pipeline.stderrTail.slice(-800)}`);
    if (pipeline.rows !== copyRows) notes.push(`pipeline loaded ${pipeline.rows} rows, \\copy ${copyRows}`);
    const extra = pipeline.result?.extra ?? {};
    const phase = (k: string) => (typeof extra[k] === 'number' ? (extra[k] as number) / 1000 : null);
    const derived = [phase('msRollups'), phase('msQuality'), phase('msRescore')];
    const derivedSeconds = derived.every((x) => x !== null) ? (derived as number[]).reduce((a, b) => a + b, 0) : null;
    const landedRate = derivedSeconds === null ? null : pipeline.rows / (pipeline.seconds - derivedSeconds);
    metrics.push(
      { name: 'import pipeline, end to end (process start to commit, incl. rollups, quality, re-score)', value: Math.round(rate), unit: 'rows/s' },
      { name: 'pipeline / \\copy', value: round(rate / copyRate, 3), unit: '×', target: 1.0, better: 'higher' },
      { name: 'pipeline peak RSS', value: pipeline.maxRssMb === null ? null : round(pipeline.maxRssMb, 4), unit: 'MB', target: 200, better: 'lower', note: 'target: under 200 MB (compared unrounded)' },
      { name: 'pipeline to readings merged (parse, validate, stage, merge; without rollups, quality, re-score)', value: landedRate && Math.round(landedRate), unit: 'rows/s' },
      { name: 'same ÷ \\copy', value: landedRate && round(landedRate / copyRate, 3), unit: '×' },
      { name: 'phase: read + validate + COPY to stage', value: phase('msReadAndStage'), unit: 's' },
      { name: 'phase: merge into readings', value: phase('msMerge'), unit: 's', note: typeof extra.mergePath === 'string' ? `path: ${extra.mergePath}` : undefined },
      { name: 'phase: hourly/daily/usage rollups', value: phase('msRollups'), unit: 's' },
      { name: 'phase: data quality + re-score', value: derived[1] !== null && derived[2] !== null ? round(derived[1] + derived[2], 3) : null, unit: 's' },
    );
  }
  // 3. The same rows as an Excel workbook through the same pipeline (--xlsx).
  let xlsxRun: PipelineRun | null = null;
  if (flags.xlsx && haveCli && !flags['skip-pipeline']) {
    const xlsx = csv.replace(/\.csv$/, '.xlsx');
    if (!existsSync(xlsx) || flags.regenerate) {
      log(`writing ${xlsx} …`);
      await writeXlsxTwin(csv, xlsx);
    }
    await resetReadings(url, from, to);
    log(`pipeline (xlsx, ${(statSync(xlsx).size / 2 ** 20).toFixed(0)} MB): ${template} …`);
    xlsxRun = runPipeline(template, xlsx, url);
    xlsxRun.rows = await readingCount(url);
    const rate = xlsxRun.rows / xlsxRun.seconds;
    log(`pipeline (xlsx): exit ${xlsxRun.exitCode}, ${xlsxRun.rows} rows in ${xlsxRun.seconds.toFixed(1)} s = ${Math.round(rate)} rows/s, peak RSS ${xlsxRun.maxRssMb?.toFixed(0)} MB`);
    if (xlsxRun.exitCode !== 0) notes.push(`xlsx pipeline exited with ${xlsxRun.exitCode}: ${xlsxRun.stderrTail.slice(-800)}`);
    const csvRate = pipeline ? pipeline.rows / pipeline.seconds : null;
    metrics.push(
      { name: 'import pipeline from .xlsx, end to end', value: Math.round(rate), unit: 'rows/s' },
      { name: 'xlsx ÷ CSV (same rows, same pipeline)', value: csvRate ? round(rate / csvRate, 3) : null, unit: '×' },
      { name: 'xlsx pipeline peak RSS', value: xlsxRun.maxRssMb === null ? null : round(xlsxRun.maxRssMb, 4), unit: 'MB', target: 200, better: 'lower' },
    );
  }
  const load = loadavg().map((x) => round(x, 2));
  notes.push(`load average (1/5/15 min) before the \\copy baseline: ${loadAtStart.join(' / ')}`);
  notes.push(`load average (1/5/15 min) at the end of the run: ${load.join(' / ')} on ${cpus().length} cores shared with other engineers' work`);
  const c = new Client({ connectionString: base });
  await c.connect();
  const durability = (await c.query<{ s: string }>("SELECT current_setting('synchronous_commit') AS s")).rows[0].s;
  await c.end();
  notes.push(`server synchronous_commit=${durability}`);

  writeResult({
    name: 'ingest',
    date: new Date().toISOString(),
    machine: await machineInfo(base),
    dataSize: { rows: dataRows, sensors: sensors.length, csvMegabytes: Math.round(mb), format, order: 'time (ts, then sensor)' },
    metrics,
    details: {
      staged: { seconds: round(stagedSeconds, 4) },
      copy: { seconds: round(copySeconds, 4), rows: copyRows, command: `psql <url> -c "\\copy occupancy_reading (sensor_id, ts, value) FROM '${tsv}'"` },
      pipeline: pipeline && { ...pipeline, seconds: round(pipeline.seconds, 4), stderrTail: undefined },
      xlsx: xlsxRun && { ...xlsxRun, seconds: round(xlsxRun.seconds, 4), stderrTail: undefined },
    },
    notes,
  });
}

main().catch((error) => {
  console.error(`[bench:ingest] ${(error as Error).stack ?? error}`);
  process.exit(1);
});
