// Bench data generator. Writes into the separate bench database (never the main one), and/or CSV files.
//   npx tsx scripts/bench/generate/index.ts --buildings 10000 --readings 10M            # → DB, org bench-10000
//   npx tsx scripts/bench/generate/index.ts --buildings 100k --readings 100M --interval 15 --sensor-share 0.3
//   npx tsx scripts/bench/generate/index.ts --buildings 300 --readings 1M --csv danish --no-db
// Flags: --org <slug> (default bench-<buildings>), --schema <name> (default public), --sensor-share 0..1
// (0.5), --interval <minutes> (60), --seed (derived from --org), --gap-rate (0.01), --no-rollups, --no-scores, --csv iso|danish,
// --out <dir> (bench/tmp), --record (write bench/results/generate-<buildings>.json). BENCH_DATABASE_URL overrides the bench database (default: areal_bench).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { benchFlags, numberFlag } from '../lib/args';
import { ensureBenchDatabase, schemaUrl } from '../lib/bench-db';
import { writeOccupancyCsv, type CsvTimeFormat } from './csv';
import { generateBuildings, generateSensors } from './portfolio';
import { seedFor } from './random';
import { buildSteps } from './time';
import { generatePortfolio, type PortfolioStats } from './to-db';
import { machineInfo } from '../lib/machine';
import { writeResult } from '../lib/results';

async function main() {
  const flags = benchFlags('npx tsx scripts/bench/generate/index.ts --buildings 10000 --readings 10M [--org <slug>] [--schema <name>] [--sensor-share 0.5] [--interval 60] [--seed <n>] [--gap-rate 0.01] [--end <ISO time>] [--no-db] [--no-rollups] [--no-scores] [--csv iso|danish] [--out <dir>] [--record]', { buildings: { type: 'string' }, readings: { type: 'string' }, org: { type: 'string' }, schema: { type: 'string' }, 'sensor-share': { type: 'string' }, interval: { type: 'string' }, seed: { type: 'string' }, 'gap-rate': { type: 'string' }, end: { type: 'string' }, 'no-db': { type: 'boolean' }, 'no-rollups': { type: 'boolean' }, 'no-scores': { type: 'boolean' }, csv: { type: 'string' }, out: { type: 'string' }, record: { type: 'boolean' } });
  const buildings = numberFlag(flags, 'buildings', 300);
  const readings = numberFlag(flags, 'readings', 1e6);
  const sensorShare = numberFlag(flags, 'sensor-share', 0.5);
  const intervalMinutes = numberFlag(flags, 'interval', 60);
  const gapRate = numberFlag(flags, 'gap-rate', 0.01);
  const org = flags.org ?? `bench-${buildings}`;
  const seed = numberFlag(flags, 'seed', seedFor(org));
  const end = new Date(flags.end ?? '2026-11-01T00:00:00Z');
  const log = (m: string) => console.log(`[bench:generate] ${m}`);

  if (!flags['no-db']) {
    const base = await ensureBenchDatabase();
    const schema = flags.schema;
    const client = new Client({ connectionString: schema ? schemaUrl(base, schema) : base });
    await client.connect();
    try {
      const stats = await generatePortfolio(client, {
        org, buildings, readings, sensorShare, intervalMinutes, seed, gapRate, end, rollups: !flags['no-rollups'], scores: !flags['no-scores'], log,
      });
      log(`done: ${JSON.stringify(stats)}`);
      if (flags.record) await recordGeneration(base, stats);
    } finally {
      await client.end();
    }
  }

  const csv = flags.csv as CsvTimeFormat | undefined;
  if (csv) {
    if (csv !== 'iso' && csv !== 'danish') throw new Error('--csv must be iso or danish');
    const dir = flags.out ?? path.join('bench', 'tmp');
    mkdirSync(dir, { recursive: true });
    const sensors = [...generateSensors(generateBuildings(buildings, seed), sensorShare, seed)];
    const stepCount = Math.ceil(readings / Math.max(1, sensors.length));
    const steps = buildSteps(new Date(end.getTime() - stepCount * intervalMinutes * 60_000), stepCount, intervalMinutes);
    const file = path.join(dir, `occupancy-${buildings}-${readings}-${csv}.csv`);
    const t0 = performance.now();
    const rows = await writeOccupancyCsv({
      path: file,
      normalisedPath: file.replace(/\.csv$/, '.normalised.tsv'),
      sensors,
      steps,
      format: csv,
      gapRate,
    });
    log(`wrote ${rows} rows to ${file} (+ .normalised.tsv) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

// --record: keep the load figures as bench/results/generate-<buildings>.json (COPY throughput at that size).
async function recordGeneration(base: string, stats: PortfolioStats): Promise<void> {
  writeResult({
    name: `generate-${stats.buildings}`,
    date: new Date().toISOString(),
    machine: await machineInfo(base),
    dataSize: { buildings: stats.buildings, sensors: stats.sensors, readings: stats.readings, intervalMinutes: stats.intervalMinutes },
    metrics: [
      { name: 'COPY readings into the partitioned, indexed table', value: Math.round(stats.readingsPerSecond), unit: 'rows/s' },
      { name: 'buildings, sensors, costs, maintenance', value: Math.round(stats.seconds.buildings * 10) / 10, unit: 's' },
      { name: 'readings', value: Math.round(stats.seconds.readings * 10) / 10, unit: 's' },
      { name: 'rollups, scores, vacuum', value: Math.round(stats.seconds.rollups * 10) / 10, unit: 's' },
      { name: 'peak RSS of the generator', value: Math.round(process.resourceUsage().maxRSS / 1024), unit: 'MB' },
    ],
  });
}

main().catch((error) => {
  console.error(`[bench:generate] ${(error as Error).stack ?? error}`);
  process.exit(1);
});
