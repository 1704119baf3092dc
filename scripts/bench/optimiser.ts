// npx tsx scripts/bench/optimiser.ts [--sizes 300,1000,3000] [--seeds 1] [--gap 0.01] [--time-limit 120] [--no-write]
// The consolidation MILP on generated portfolios (clustered towns, lib/scenarios/synthetic-portfolio.ts): time to a
// proven gap ≤ 1 % with every constraint of the full model (5–10 % band, 3 km, 85 % ceiling, same-category moves plus
// a compatibility map, must-keep buildings), and the optimum's net savings ÷ the greedy baseline's. Pure: no database.
// Prints a table and writes bench/results/optimiser.json. Targets: 1,000 buildings < 5 s, 3,000 < 30 s.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadHighs, optimiseSync } from '@/lib/scenarios/optimise';
import { buildOptimisationModel, modelToLp, optimiseOptions } from '@/lib/scenarios/optimise-model';
import { simulateScenario } from '@/lib/scenarios/simulate';
import { syntheticPortfolio } from '@/lib/scenarios/synthetic-portfolio';
import { scenarioParams } from '@/lib/scenarios/types';
import { parseFlags } from './lib/args';
import { machineInfo } from './lib/machine';
import { writeResult, type Metric } from './lib/results';

const flags = parseFlags(process.argv.slice(2));
const SIZES = (flags.get('sizes') ?? '300,1000,3000').split(',').map(Number);
const SEEDS = Number(flags.get('seeds') ?? 1);
const GAP = Number(flags.get('gap') ?? 0.01);
const TIME_LIMIT = Number(flags.get('time-limit') ?? 120);
const TARGETS: Record<number, number> = { 1000: 5, 3000: 30 };

interface Row {
  buildings: number;
  seed: number;
  candidates: number;
  moves: number;
  lpKb: number;
  buildSeconds: number;
  solveSeconds: number;
  totalSeconds: number;
  /** CPU seconds of this process during the call: the work itself, less sensitive to other load on the machine. */
  cpuSeconds: number;
  loadAverage: number;
  status: string;
  gap: number | null;
  objectiveDkk: number | null;
  greedyDkk: number | null;
  ratio: number | null;
  areaShare: number | null;
  annualSavingsDkk: number | null;
  greedyAnnualSavingsDkk: number | null;
}

async function main() {
  const highs = await loadHighs();
  const params = scenarioParams();
  const rows: Row[] = [];
  for (const buildings of SIZES) {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const portfolio = syntheticPortfolio({ buildings, seed });
      // A few buildings must stay (the town halls), and culture may move into schools and administration.
      const mustKeep = portfolio.filter((b) => b.category === 'administration').slice(0, 3).map((b) => b.id);
      const options = optimiseOptions(params, {
        targetMin: 0.05,
        targetMax: 0.1,
        maxDistanceKm: 3,
        ceiling: 0.85,
        mustKeep,
        compatibility: { culture: ['school', 'administration'] },
        mipRelGap: GAP,
        timeLimitSeconds: TIME_LIMIT,
      });
      const t0 = performance.now();
      const model = buildOptimisationModel(portfolio, params, options);
      const lp = modelToLp(model);
      const buildSeconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      const cpu0 = process.cpuUsage();
      const result = optimiseSync(highs, portfolio, params, options);
      const totalSeconds = (performance.now() - t1) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const outcome = result.plan ? simulateScenario(portfolio, result.plan.actions, params) : null;
      const greedyOutcome = result.greedy ? simulateScenario(portfolio, result.greedy.actions, params) : null;
      const row: Row = {
        buildings,
        seed,
        candidates: result.size.candidates,
        moves: result.size.moves,
        lpKb: Math.round(lp.length / 1024),
        buildSeconds: round(buildSeconds, 3),
        solveSeconds: round(result.seconds, 3),
        totalSeconds: round(totalSeconds, 3),
        cpuSeconds: round((cpu.user + cpu.system) / 1e6, 3),
        loadAverage: round(os.loadavg()[0], 2),
        status: result.status,
        gap: result.gap,
        objectiveDkk: result.plan ? Math.round(result.plan.objective) : null,
        greedyDkk: result.greedy ? Math.round(result.greedy.objective) : null,
        ratio: result.plan && result.greedy && result.greedy.objective > 0 ? round(result.plan.objective / result.greedy.objective, 4) : null,
        areaShare: outcome ? round(outcome.areaRemovedShare, 4) : null,
        annualSavingsDkk: outcome ? Math.round(outcome.annualSavingsDkk) : null,
        greedyAnnualSavingsDkk: greedyOutcome ? Math.round(greedyOutcome.annualSavingsDkk) : null,
      };
      rows.push(row);
      console.log(
        `${String(buildings).padStart(6)} seed ${seed}: ${row.status}, gap ${pct(row.gap)}, build ${row.buildSeconds} s, ` +
          `total ${row.totalSeconds} s, cpu ${row.cpuSeconds} s, load ${row.loadAverage} (${row.candidates} candidates, ${row.moves} moves, LP ${row.lpKb} kB), ` +
          `net ${row.objectiveDkk} vs greedy ${row.greedyDkk} kr/yr = ×${row.ratio ?? '–'}, area ${pct(row.areaShare)}`,
      );
    }
  }
  console.log('\nbuildings | seed | time to gap ≤ 1 % (s) | CPU (s) | gap     | optimum ÷ greedy (net kr/yr) | m² removed');
  for (const r of rows) {
    console.log(`${String(r.buildings).padStart(9)} | ${String(r.seed).padStart(4)} | ${String(r.totalSeconds).padStart(21)} | ${String(r.cpuSeconds).padStart(7)} | ${pct(r.gap).padStart(7)} | ${String(r.ratio ?? '–').padStart(28)} | ${pct(r.areaShare)}`);
  }
  if (flags.has('no-write')) return;
  const metrics: Metric[] = [];
  for (const buildings of SIZES) {
    const mine = rows.filter((r) => r.buildings === buildings);
    const worst = Math.max(...mine.map((r) => r.totalSeconds));
    const proven = mine.every((r) => r.gap !== null && r.gap <= GAP + 1e-9);
    metrics.push({
      name: `${buildings} buildings: time to proven gap ≤ ${GAP * 100} %${SEEDS > 1 ? ' (worst seed)' : ''}`,
      value: worst,
      unit: 's',
      ...(TARGETS[buildings] ? { target: TARGETS[buildings], better: 'lower' as const } : {}),
      ...(proven ? {} : { met: false, note: 'gap not proven within the time limit' }),
    });
    metrics.push({
      name: `${buildings} buildings: CPU seconds for the same${SEEDS > 1 ? ' (worst seed)' : ''}`,
      value: Math.max(...mine.map((r) => r.cpuSeconds)),
      unit: 's',
      note: 'process CPU time; wall time above it is mostly waiting for a core on a shared machine',
    });
    const ratios = mine.map((r) => r.ratio).filter((x): x is number => x !== null);
    metrics.push({
      name: `${buildings} buildings: optimum ÷ greedy net savings${SEEDS > 1 ? ' (mean)' : ''}`,
      value: ratios.length ? round(ratios.reduce((s, x) => s + x, 0) / ratios.length, 4) : null,
      unit: '×',
      target: 1,
      better: 'higher',
    });
  }
  writeResult({
    name: 'optimiser',
    date: new Date().toISOString(),
    machine: await machineInfo(),
    dataSize: { sizes: SIZES.join(','), seedsPerSize: SEEDS },
    metrics,
    details: {
      options: { targetBand: [0.05, 0.1], maxDistanceKm: 3, ceiling: 0.85, mustKeep: 3, compatibility: { culture: ['school', 'administration'] }, mipRelGap: GAP, timeLimitSeconds: TIME_LIMIT, horizonYears: 10 },
      rows,
    },
    notes: [
      'Time is the whole optimiser call in this thread: model build, LP text, HiGHS solve and the greedy baseline; the worker thread adds ~0,3 s start-up.',
      `Machine shared with other jobs: 1-minute load average ${rows.map((r) => r.loadAverage).join(', ')} on ${os.cpus().length} cores during the runs; wall and CPU times vary 2–5× between runs of the same seed (CPU steal, cache), so take the worst seed as indicative.`,
      'Net savings = annual savings − (moving + refurbishing) ÷ 10 years (sale value not counted, the default).',
    ],
  });
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)} %`);

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
