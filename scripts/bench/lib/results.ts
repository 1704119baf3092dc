// One result file per benchmark: bench/results/<name>.json, the shape run-all.ts turns into SUMMARY.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from './machine';

export const RESULTS_DIR = path.join(process.cwd(), 'bench', 'results');

/** One measured figure, optionally with its target; `met` is computed from `target` and `better`. */
export interface Metric {
  name: string;
  value: number | null;
  unit: string;
  /** Target value, compared using `better`. */
  target?: number;
  /** 'lower' when smaller is better (latency, RSS), 'higher' when larger is better (throughput, ratio). */
  better?: 'lower' | 'higher';
  met?: boolean;
  note?: string;
}

export interface BenchResult {
  name: string;
  /** ISO 8601 date and time of the run. */
  date: string;
  machine: MachineInfo;
  /** Data size the figures are for, e.g. { buildings: 10000, readings: 10000000 }. */
  dataSize: Record<string, number | string>;
  metrics: Metric[];
  /** Anything else worth keeping (raw samples, stage timings, commands). */
  details?: Record<string, unknown>;
  /** Honest notes: misses, caveats, what was skipped and why. */
  notes?: string[];
}

/** Whether a metric meets its target (undefined without a target or a value). */
export function targetMet(m: Metric): boolean | undefined {
  if (m.target === undefined || m.value === null || !Number.isFinite(m.value)) return undefined;
  return (m.better ?? 'lower') === 'lower' ? m.value <= m.target : m.value >= m.target;
}

/** Writes bench/results/<name>.json (met filled in) and prints the figures; returns the file path. */
export function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const metrics = result.metrics.map((m) => ({ ...m, met: m.met ?? targetMet(m) }));
  const file = path.join(RESULTS_DIR, `${result.name}.json`);
  writeFileSync(file, `${JSON.stringify({ ...result, metrics }, null, 2)}\n`);
  printResult({ ...result, metrics });
  console.log(`[bench:${result.name}] wrote ${path.relative(process.cwd(), file)}`);
  return file;
}

/** Prints a result's figures as aligned lines. */
export function printResult(result: BenchResult): void {
  console.log(`\n== ${result.name} (${Object.entries(result.dataSize).map(([k, v]) => `${k}=${v}`).join(', ')})`);
  for (const m of result.metrics) {
    const target = m.target === undefined ? '' : ` (target ${m.better === 'higher' ? '≥' : '≤'} ${m.target} ${m.unit}${m.met === undefined ? '' : m.met ? ': met' : ': MISSED'})`;
    console.log(`  ${m.name.padEnd(42)} ${String(m.value).padStart(12)} ${m.unit}${target}`);
  }
  for (const n of result.notes ?? []) console.log(`  note: ${n}`);
}
