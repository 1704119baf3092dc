// npm run bench — every benchmark end to end, then bench/results/SUMMARY.md. Within 30 minutes on a
// 2-core machine: each step has its own time limit and the whole run a deadline; what does not fit is
// skipped and said so in the summary.
//   npx tsx scripts/bench/run-all.ts [--quick] [--only ingest,pages] [--skip load-test] [--build]
// Order: bench data (10,000-building portfolio) → ingest → scoring, optimiser, tiles (when their scripts
// exist) → pages and load test against one `next start` of the production build.
// Other helpers' benches get BENCH_DATABASE_URL (the bench database) and BENCH_ORG (bench-10000).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { benchFlags } from './lib/args';
import { ensureBenchDatabase } from './lib/bench-db';
import { ensureBenchOrg } from './lib/bench-org';
import { machineInfo } from './lib/machine';
import { writeResult } from './lib/results';
import { ensureBuild, startServer, type RunningServer } from './lib/server';
import { writeSummary } from './lib/summary';

const TOTAL_BUDGET_S = 30 * 60;

interface Step {
  name: string;
  script: string;
  args: string[];
  /** Seconds this step may take before it is stopped. */
  limit: number;
  /** Needs the shared `next start` server. */
  server?: boolean;
}

interface Outcome {
  name: string;
  status: 'ok' | 'failed' | 'skipped' | 'timed out';
  seconds: number;
  reason?: string;
}

function runStep(step: Step, env: Record<string, string>): Promise<Omit<Outcome, 'name'>> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('node_modules/.bin/tsx', [step.script, ...step.args], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }, step.limit * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - t0) / 1000;
      if (timedOut) resolve({ status: 'timed out', seconds, reason: `stopped after ${step.limit} s` });
      else resolve({ status: code === 0 ? 'ok' : 'failed', seconds, reason: code === 0 ? undefined : `exit code ${code}` });
    });
  });
}

async function main() {
  const flags = benchFlags('npx tsx scripts/bench/run-all.ts [--quick] [--only ingest,pages] [--skip load-test] [--build]', { quick: { type: 'boolean' }, only: { type: 'string' }, skip: { type: 'string' }, build: { type: 'boolean' } });
  const quick = flags.quick;
  const only = flags.only?.split(',');
  const skip = new Set(flags.skip?.split(',') ?? []);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const log = (m: string) => console.log(`[bench] ${m}`);

  const base = await ensureBenchDatabase();
  const portfolio = { buildings: 10_000, readings: quick ? 1e6 : 10e6 };
  const t0 = performance.now();
  const org = await ensureBenchOrg(base, portfolio.buildings, portfolio.readings, log);
  log(`bench organisation ${org.slug}: ${org.buildings} buildings, ${org.readings} readings (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

  const steps: Step[] = [
    { name: 'ingest', script: 'scripts/bench/ingest.ts', args: quick ? ['--rows', '1M'] : [], limit: 600 },
    // Scoring builds 25 M hourly rows first: 240 s was not enough with the machine's load average at 10–15.
    { name: 'scoring', script: 'scripts/bench/scoring.ts', args: [], limit: 420 },
    { name: 'optimiser', script: 'scripts/bench/optimiser.ts', args: [], limit: 300 },
    { name: 'demand-optimiser', script: 'scripts/bench/demand-optimiser.ts', args: [], limit: 420 },
    { name: 'tiles', script: 'scripts/bench/tiles.ts', args: [], limit: 180 },
    { name: 'worker-recovery', script: 'scripts/bench/worker-recovery.ts', args: quick ? ['--rows', '300000'] : [], limit: 300 },
    { name: 'pages', script: 'scripts/bench/pages.ts', args: quick ? ['--runs', '2'] : [], limit: 240, server: true },
    { name: 'load-test', script: 'scripts/bench/load-test.ts', args: quick ? ['--duration', '15'] : [], limit: 180, server: true },
  ];
  const env: Record<string, string> = { BENCH_DATABASE_URL: base, BENCH_ORG: org.slug };
  const outcomes: Outcome[] = [];
  let server: RunningServer | null = null;
  try {
    for (const step of steps) {
      if ((only && !only.includes(step.name)) || skip.has(step.name)) {
        outcomes.push({ name: step.name, status: 'skipped', seconds: 0, reason: 'not selected' });
        continue;
      }
      if (!existsSync(step.script)) {
        outcomes.push({ name: step.name, status: 'skipped', seconds: 0, reason: `${step.script} does not exist yet` });
        continue;
      }
      const left = TOTAL_BUDGET_S - elapsed();
      if (left < 30) {
        outcomes.push({ name: step.name, status: 'skipped', seconds: 0, reason: 'the 30-minute budget was used up' });
        continue;
      }
      if (step.server && !server) {
        ensureBuild(flags.build);
        server = await startServer({ databaseUrl: base });
        log(`next start at ${server.baseURL}`);
      }
      log(`── ${step.name} (limit ${Math.min(step.limit, Math.floor(left))} s)`);
      const res = await runStep({ ...step, limit: Math.min(step.limit, Math.floor(left)) }, server ? { ...env, AREAL_BASE_URL: server.baseURL } : env);
      outcomes.push({ name: step.name, ...res });
      log(`── ${step.name}: ${res.status} in ${res.seconds.toFixed(0)} s`);
    }
  } finally {
    await server?.stop();
  }

  const total = elapsed();
  writeResult({
    name: 'run-all',
    date: new Date().toISOString(),
    machine: await machineInfo(base),
    dataSize: { buildings: org.buildings, readings: org.readings, mode: quick ? 'quick' : 'full' },
    metrics: [{ name: 'npm run bench, end to end', value: Math.round((total / 60) * 10) / 10, unit: 'min', target: 30, better: 'lower' }],
    details: { outcomes },
    notes: outcomes.filter((o) => o.status !== 'ok').map((o) => `${o.name}: ${o.status}${o.reason ? ` (${o.reason})` : ''}`),
  });
  const file = writeSummary();
  log(`summary: ${path.relative(process.cwd(), file)}`);
  for (const o of outcomes) log(`${o.name.padEnd(10)} ${o.status.padEnd(9)} ${o.seconds.toFixed(0).padStart(5)} s ${o.reason ?? ''}`);
  log(`total ${(total / 60).toFixed(1)} min (budget 30 min)`);
  if (outcomes.some((o) => o.status === 'failed' || o.status === 'timed out')) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`[bench] ${(error as Error).stack ?? error}`);
  process.exit(1);
});
