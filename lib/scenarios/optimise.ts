import {
  buildOptimisationModel,
  closuresFromValues,
  closuresObjective,
  CONSTRAINTS,
  modelToLp,
  type Closure,
  type ConstraintName,
  type OptimisationModel,
  type OptimiseOptions,
} from './optimise-model';
import { solveLp, type RawSolve, type SolveProgress } from './solve-lp.mjs';
import type { ScenarioAction, ScenarioBuilding, ScenarioParams } from './types';

// The optimiser's flow — solve the MILP, compare with greedy, name the binding constraint when infeasible —
// written once as a generator that yields LP models to solve, driven synchronously (tests, CLI) or through a
// worker thread (optimise-worker-client.ts).

export interface SolveRequest {
  lp: string;
  limits: { mipRelGap: number; timeLimitSeconds: number };
  /** Which solve this is: the model itself or a re-solve with one constraint relaxed. */
  purpose: 'model' | ConstraintName;
}

export interface PlanSummary {
  closures: Closure[];
  actions: ScenarioAction[];
  /** DKK/year (mode 'savings') or user-km moved (mode 'service'). */
  objective: number;
  areaRemovedM2: number;
}

export interface OptimiseResult {
  status: 'optimal' | 'feasible' | 'infeasible' | 'no_solution';
  solverStatus: RawSolve['status'];
  mode: OptimiseOptions['mode'];
  plan: PlanSummary | null;
  /** Proven relative gap between the plan and the best bound (0.01 = within 1 % of optimal). */
  gap: number | null;
  seconds: number;
  greedy: PlanSummary | null;
  /** When infeasible: the constraints whose relaxation alone makes the target reachable. */
  binding: ConstraintName[];
  /** True when no single relaxation is enough (several constraints bind together). */
  bindingCombined: boolean;
  size: { buildings: number; candidates: number; moves: number };
}

/** Turns closures into scenario actions: merge (users to receivers with shares) or close (a building without users). */
export function closuresToActions(model: OptimisationModel, closures: Closure[]): ScenarioAction[] {
  return closures.map((c) => {
    const id = model.portfolio[c.index].id;
    if (c.receivers.length === 0) return { buildingId: id, action: 'close', receivers: [] };
    return { buildingId: id, action: 'merge', receivers: c.receivers.map((r) => ({ buildingId: model.portfolio[r.index].id, share: r.share })) };
  });
}

function summarise(model: OptimisationModel, closures: Closure[]): PlanSummary {
  return {
    closures,
    actions: closuresToActions(model, closures),
    objective: closuresObjective(model, closures),
    areaRemovedM2: closures.reduce((s, c) => s + model.portfolio[c.index].grossAreaM2, 0),
  };
}

/** Greedy baseline: close the best net-saving-per-m² buildings whose peak fits in the nearest compatible receivers. */
export function greedyClosures(model: OptimisationModel): Closure[] | null {
  const room = new Map(model.spare);
  const byFrom = new Map<number, typeof model.pairs>();
  for (const p of model.pairs) {
    if (!byFrom.has(p.from)) byFrom.set(p.from, []);
    byFrom.get(p.from)!.push(p);
  }
  const closed = new Set<number>();
  const receiving = new Set<number>();
  const [minArea, maxArea] = model.areaBounds;
  const order = [...model.candidates].sort((a, b) => b.gainDkk / b.building.grossAreaM2 - a.gainDkk / a.building.grossAreaM2);
  const closures: Closure[] = [];
  let area = 0;
  for (const c of order) {
    if (receiving.has(c.index) || area + c.building.grossAreaM2 > maxArea + 1e-6) continue;
    const options = (byFrom.get(c.index) ?? []).filter((p) => !closed.has(p.to)).sort((a, b) => a.km - b.km);
    const moves: { index: number; people: number; share: number }[] = [];
    if (c.users > 0) {
      let left = c.load;
      if (left <= 0 && options.length > 0) moves.push({ index: options[0].to, people: 0, share: 1 });
      for (const p of options) {
        if (left <= 1e-9) break;
        const take = Math.min(room.get(p.to) ?? 0, left);
        if (take <= 0) continue;
        moves.push({ index: p.to, people: take, share: take / c.load });
        left -= take;
      }
      if (left > 1e-9 || moves.length === 0) continue;
    }
    const refurbish = moves.reduce((s, m) => s + m.share * options.find((p) => p.to === m.index)!.refurbishPerYearDkk, 0);
    const worth = model.options.mode === 'savings' ? c.gainDkk - refurbish > 0 : true;
    if (area >= minArea - 1e-6 && !worth) continue;
    if (model.options.mode === 'service' && area >= minArea - 1e-6) break;
    for (const m of moves) {
      room.set(m.index, (room.get(m.index) ?? 0) - m.people);
      receiving.add(m.index);
    }
    closed.add(c.index);
    area += c.building.grossAreaM2;
    closures.push({ index: c.index, receivers: moves.map((m) => ({ index: m.index, share: m.share })) });
  }
  return area >= minArea - 1e-6 ? closures : null;
}

const hasSolution = (r: RawSolve) => r.values !== null;

/** The optimiser's flow as a generator: yields LP models to solve, receives their raw solutions, returns the result. */
export function* optimisationFlow(
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
): Generator<SolveRequest, OptimiseResult, RawSolve> {
  const limits = { mipRelGap: options.mipRelGap, timeLimitSeconds: options.timeLimitSeconds };
  const model = buildOptimisationModel(portfolio, params, options);
  const raw: RawSolve = yield { lp: modelToLp(model), limits, purpose: 'model' };
  const greedy = greedyClosures(model);
  const base = {
    solverStatus: raw.status,
    mode: options.mode,
    gap: raw.gap,
    seconds: raw.seconds,
    greedy: greedy ? summarise(model, greedy) : null,
    size: { buildings: portfolio.length, candidates: model.candidates.length, moves: model.pairs.length },
  };
  if (hasSolution(raw)) {
    const plan = summarise(model, closuresFromValues(model, (name) => raw.values![name] ?? 0));
    return { ...base, status: raw.status === 'optimal' ? 'optimal' : 'feasible', plan, binding: [], bindingCombined: false };
  }
  if (raw.status !== 'infeasible') return { ...base, status: 'no_solution', plan: null, binding: [], bindingCombined: false };
  const binding: ConstraintName[] = [];
  for (const constraint of CONSTRAINTS) {
    const relaxed = buildOptimisationModel(portfolio, params, options, { [constraint]: true });
    const r: RawSolve = yield { lp: modelToLp(relaxed), limits, purpose: constraint };
    if (hasSolution(r)) binding.push(constraint);
  }
  return { ...base, status: 'infeasible', plan: null, binding, bindingCombined: binding.length === 0 };
}

/** Runs the optimiser in this thread with a loaded HiGHS instance (tests, CLI, benchmarks). */
export function optimiseSync(
  highs: unknown,
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
  onProgress?: (p: SolveProgress & { purpose: SolveRequest['purpose'] }) => void,
): OptimiseResult {
  const flow = optimisationFlow(portfolio, params, options);
  let step = flow.next();
  while (!step.done) {
    const request = step.value;
    step = flow.next(solveLp(highs, request.lp, request.limits, onProgress && ((p) => onProgress({ ...p, purpose: request.purpose }))));
  }
  return step.value;
}

/** Loads the HiGHS WebAssembly module (once per process). */
let highsPromise: Promise<unknown> | null = null;
export function loadHighs(): Promise<unknown> {
  highsPromise ??= import('highs').then((m) => (m.default as unknown as () => Promise<unknown>)());
  return highsPromise;
}

export type { SolveProgress };
