import {
  bindingDemandGroups,
  buildOptimisationModel,
  closuresFromValues,
  closuresNetSavings,
  closuresObjective,
  closuresUserKm,
  closeVar,
  demandFlowValues,
  CONSTRAINTS,
  hasSavingsFloor,
  modelToLp,
  type Candidate,
  type Closure,
  type ConstraintName,
  type DemandGroup,
  type OptimisationModel,
  type OptimiseOptions,
} from './optimise-model';
import { demandLimitHolds } from '@/lib/demand/demand-limits';
import { serviceKind, type ServiceKind } from './optimiser-defaults';
import { explainPlan, type PlanExplanation } from './plan-explanation';
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
  /** Model units per LP unit: the LP states money in thousands of kr. */
  scale: number;
  /** A feasible plan (greedy's) as variable values, handed to HiGHS as its first incumbent. */
  start?: Record<string, number>;
}

/** Where the optimiser is: building the model, solving it, re-solving with constraints relaxed, done. */
export type OptimisePhase = 'building' | 'solving' | 'diagnosing' | 'done';

/** A progress report; bounds are in the objective's units (DKK/year or user-km), seconds since the solve began. */
export interface OptimiseProgress extends SolveProgress {
  phase: OptimisePhase;
  purpose: SolveRequest['purpose'] | null;
}

export interface PlanSummary {
  closures: Closure[];
  actions: ScenarioAction[];
  /** DKK/year (mode 'savings') or user-km moved (mode 'service'). */
  objective: number;
  /** Net annual savings in DKK/year (savings − one-off costs spread over the horizon), whatever the mode. */
  netSavingsDkk: number;
  /** Users × km moved. */
  userKm: number;
  areaRemovedM2: number;
  /** Every closed building and receiver with the figures behind it, and the net savings with its parts. */
  explanation: PlanExplanation;
}

/** A building the optimiser may not close until its use is measured, and what measuring it could be worth. */
export interface NeedsMeasuringRow {
  id: string;
  name: string;
  category: string;
  kind: ServiceKind;
  areaM2: number;
  reason: 'unmeasured' | 'low_confidence';
  confidence: number | null;
  weakestPeak: number | null;
  /** Net annual saving (DKK/year) if it proved as empty as the weakest measured building of its kind; null = no receiver in reach. */
  potentialDkk: number | null;
}

export interface OptimiseResult {
  status: 'optimal' | 'feasible' | 'infeasible' | 'no_solution';
  solverStatus: RawSolve['status'];
  mode: OptimiseOptions['mode'];
  plan: PlanSummary | null;
  /** Proven relative gap between the plan and the best bound (0.01 = within 1 % of optimal). */
  gap: number | null;
  /** The solver's best bound on the objective (DKK/year or user-km): no plan can do better than this. */
  bound: number | null;
  /** Seconds spent in the solver on the model itself (not the diagnosis). */
  seconds: number;
  /** Of those: HiGHS reading the LP text, and HiGHS' own run time (presolve, LP relaxations, branch and bound). */
  solverSeconds: { parse: number; run: number };
  greedy: PlanSummary | null;
  /** When infeasible: the constraints whose relaxation alone makes the target reachable. */
  binding: ConstraintName[];
  /** True when no single relaxation is enough (several constraints bind together). */
  bindingCombined: boolean;
  /** Buildings in the portfolio, candidates that may close, allowed moves, and ancillary buildings (BBR 910–990) left out. */
  size: { buildings: number; candidates: number; moves: number; ancillaryExcluded: number };
  /** Buildings held back for want of measurement (most valuable first); empty when closures on registry data are allowed. */
  needsMeasuring: NeedsMeasuringRow[];
  /** The minimum data confidence a closure needed, and whether closures on registry data were allowed. */
  rules: { minClosureConfidence: number; allowRegistryClosures: boolean };
  /** Buildings the plan closes that greedy does not, and the other way round (building ids). */
  greedyDiff: { onlyPlan: string[]; onlyGreedy: string[] } | null;
}

/** Turns closures into scenario actions: merge (users to receivers with shares) or close (a building without users). */
export function closuresToActions(model: OptimisationModel, closures: Closure[]): ScenarioAction[] {
  return closures.map((c) => {
    const id = model.portfolio[c.index].id;
    if (c.receivers.length === 0) return { buildingId: id, action: 'close', receivers: [] };
    return { buildingId: id, action: 'merge', receivers: c.receivers.map((r) => ({ buildingId: model.portfolio[r.index].id, share: r.share })) };
  });
}

function summarise(model: OptimisationModel, closures: Closure[], params: ScenarioParams): PlanSummary {
  return {
    explanation: explainPlan(model, closures, params),
    closures,
    actions: closuresToActions(model, closures),
    objective: closuresObjective(model, closures),
    netSavingsDkk: closuresNetSavings(model, closures),
    userKm: closuresUserKm(model, closures),
    areaRemovedM2: closures.reduce((s, c) => s + model.portfolio[c.index].grossAreaM2, 0),
  };
}

/** Greedy baseline: close the best net-saving-per-m² buildings whose peak fits in the nearest compatible receivers. */
export function greedyClosures(model: OptimisationModel): Closure[] | null {
  const room = new Map(model.spare);
  const places = new Map(model.places);
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
  // Future demand: a closure must leave its group's districts covered (greedy keeps the same rule the MILP does).
  const demandGroupsOf = new Map<number, DemandGroup[]>();
  for (const g of bindingDemandGroups(model)) for (const b of g.buildings) if (b.candidate !== null) (demandGroupsOf.get(b.candidate) ?? demandGroupsOf.set(b.candidate, []).get(b.candidate)!).push(g);
  const closedIds = new Set<string>();
  const demandHolds = (c: Candidate) =>
    (demandGroupsOf.get(c.index) ?? []).every((g) => demandLimitHolds(g.limit, new Set([...closedIds, c.building.id]), new Set(g.districts)));
  for (const c of order) {
    if (receiving.has(c.index) || area + c.building.grossAreaM2 > maxArea + 1e-6) continue;
    const options = (byFrom.get(c.index) ?? []).filter((p) => !closed.has(p.to)).sort((a, b) => a.km - b.km);
    const moves: { index: number; people: number; share: number }[] = [];
    if (c.users > 0) {
      let left = c.load;
      const roomy = options.find((p) => (places.get(p.to) ?? 0) >= c.users - 1e-9);
      if (left <= 0 && roomy) moves.push({ index: roomy.to, people: 0, share: 1 });
      for (const p of options) {
        if (left <= 1e-9) break;
        // Peak people and registered users move in the same shares; the tighter of the two rooms decides.
        const share = Math.min((room.get(p.to) ?? 0) / c.load, (places.get(p.to) ?? 0) / c.users, left / c.load);
        if (share <= 0) continue;
        moves.push({ index: p.to, people: share * c.load, share });
        left -= share * c.load;
      }
      if (left > 1e-9 || moves.length === 0) continue;
    }
    const refurbish = moves.reduce((s, m) => s + m.share * options.find((p) => p.to === m.index)!.refurbishPerYearDkk, 0);
    const worth = model.options.mode === 'savings' ? c.gainDkk - refurbish > 0 : true;
    if (area >= minArea - 1e-6 && !worth) continue;
    if (model.options.mode === 'service' && area >= minArea - 1e-6) break;
    if (!demandHolds(c)) continue;
    for (const m of moves) {
      room.set(m.index, (room.get(m.index) ?? 0) - m.people);
      places.set(m.index, (places.get(m.index) ?? 0) - m.share * c.users);
      receiving.add(m.index);
    }
    closed.add(c.index);
    closedIds.add(c.building.id);
    area += c.building.grossAreaM2;
    closures.push({ index: c.index, receivers: moves.map((m) => ({ index: m.index, share: m.share })) });
  }
  if (area < minArea - 1e-6) return null;
  if (hasSavingsFloor(model) && closuresNetSavings(model, closures) < model.options.savingsFloorDkk! - 1e-6) return null;
  return closures;
}

const hasSolution = (r: RawSolve) => r.values !== null;

/**
 * Greedy's plan as LP variable values (close and move variables; the demand flows from a sharing of the places that
 * stay open), so HiGHS starts from a feasible plan instead of searching for a first one.
 */
export function startValues(model: OptimisationModel, closures: Closure[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const c of closures) {
    values[closeVar(c.index)] = 1;
    for (const r of c.receivers) values[`x${c.index}_${r.index}`] = r.share;
  }
  Object.assign(values, demandFlowValues(model, new Set(closures.map((c) => model.portfolio[c.index].id))));
  return values;
}

/** Whether relaxing a constraint could change anything: no floor, no confidence rule or no places rule cannot bind. */
export function canBind(constraint: ConstraintName, model: OptimisationModel): boolean {
  if (constraint === 'savingsFloor') return hasSavingsFloor(model);
  if (constraint === 'confidence') return !model.options.allowRegistryClosures;
  if (constraint === 'places') return Number.isFinite(model.options.placesCeiling);
  if (constraint === 'demand') return (model.options.demandLimits?.length ?? 0) > 0;
  return true;
}

/** The model's needs-measuring list with names, the most valuable measurement first. */
function needsMeasuringRows(model: OptimisationModel): NeedsMeasuringRow[] {
  return model.needsMeasuring
    .map((n) => {
      const b = model.portfolio[n.index];
      return { id: b.id, name: b.name, category: b.category, kind: serviceKind(b), areaM2: b.grossAreaM2, reason: n.reason, confidence: n.confidence, weakestPeak: n.weakestPeak, potentialDkk: n.potentialDkk };
    })
    .sort((a, b) => (b.potentialDkk ?? -Infinity) - (a.potentialDkk ?? -Infinity) || a.name.localeCompare(b.name, 'da'));
}

/** Which buildings one plan closes and the other does not (ids). */
function closedDifference(model: OptimisationModel, plan: Closure[], greedy: Closure[]) {
  const inPlan = new Set(plan.map((c) => c.index));
  const inGreedy = new Set(greedy.map((c) => c.index));
  return {
    onlyPlan: plan.filter((c) => !inGreedy.has(c.index)).map((c) => model.portfolio[c.index].id),
    onlyGreedy: greedy.filter((c) => !inPlan.has(c.index)).map((c) => model.portfolio[c.index].id),
  };
}

/** The optimiser's flow as a generator: yields LP models to solve, receives their raw solutions, returns the result. */
export function* optimisationFlow(
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
): Generator<SolveRequest, OptimiseResult, RawSolve> {
  const limits = { mipRelGap: options.mipRelGap, timeLimitSeconds: options.timeLimitSeconds };
  const scale = options.mode === 'savings' ? 1000 : 1;
  const model = buildOptimisationModel(portfolio, params, options);
  const greedy = greedyClosures(model);
  const raw: RawSolve = yield { lp: modelToLp(model), limits, purpose: 'model', scale, ...(greedy ? { start: startValues(model, greedy) } : {}) };
  const base = {
    solverStatus: raw.status,
    mode: options.mode,
    gap: raw.gap,
    bound: raw.dualBound === null ? null : raw.dualBound * scale,
    seconds: raw.seconds,
    solverSeconds: { parse: raw.parseSeconds, run: raw.runSeconds },
    greedy: greedy ? summarise(model, greedy, params) : null,
    size: { buildings: portfolio.length, candidates: model.candidates.length, moves: model.pairs.length, ancillaryExcluded: model.ancillaryExcluded },
    needsMeasuring: needsMeasuringRows(model),
    rules: { minClosureConfidence: options.minClosureConfidence, allowRegistryClosures: options.allowRegistryClosures },
    greedyDiff: null,
  };
  if (hasSolution(raw)) {
    const plan = summarise(model, closuresFromValues(model, (name) => raw.values![name] ?? 0), params);
    const greedyDiff = base.greedy ? closedDifference(model, plan.closures, base.greedy.closures) : null;
    return { ...base, status: raw.status === 'optimal' ? 'optimal' : 'feasible', plan, greedyDiff, binding: [], bindingCombined: false };
  }
  if (raw.status !== 'infeasible') return { ...base, status: 'no_solution', plan: null, binding: [], bindingCombined: false };
  // Re-solve with each constraint relaxed in turn; those whose relaxation alone makes the target reachable bind.
  const binding: ConstraintName[] = [];
  for (const constraint of CONSTRAINTS) {
    if (!canBind(constraint, model)) continue;
    const relaxed = buildOptimisationModel(portfolio, params, options, { [constraint]: true });
    const r: RawSolve = yield { lp: modelToLp(relaxed), limits, purpose: constraint, scale };
    if (hasSolution(r)) binding.push(constraint);
  }
  return { ...base, status: 'infeasible', plan: null, binding, bindingCombined: binding.length === 0 };
}

/** Drives the flow with a solve function, reporting phases (building, solving, diagnosing, done) and solver progress. */
export async function driveOptimisation(
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
  solve: (request: SolveRequest, onSolverProgress: (p: SolveProgress) => void) => RawSolve | Promise<RawSolve>,
  onProgress?: (p: OptimiseProgress) => void,
): Promise<OptimiseResult> {
  const flow = optimisationFlow(portfolio, params, options);
  onProgress?.({ phase: 'building', purpose: null, seconds: 0, gap: null, primalBound: null, dualBound: null });
  let step = flow.next();
  while (!step.done) {
    const request = step.value;
    const phase: OptimisePhase = request.purpose === 'model' ? 'solving' : 'diagnosing';
    onProgress?.({ phase, purpose: request.purpose, seconds: 0, gap: null, primalBound: null, dualBound: null });
    const raw = await solve(request, (p) => onProgress?.({ ...scaleProgress(p, request.scale), phase, purpose: request.purpose }));
    step = flow.next(raw);
  }
  const result = step.value;
  onProgress?.({ phase: 'done', purpose: null, seconds: result.seconds, gap: result.gap, primalBound: result.plan?.objective ?? null, dualBound: result.bound });
  return result;
}

const scaleProgress = (p: SolveProgress, scale: number): SolveProgress => ({
  ...p,
  primalBound: p.primalBound === null ? null : p.primalBound * scale,
  dualBound: p.dualBound === null ? null : p.dualBound * scale,
});

/** Runs the optimiser in this thread with a loaded HiGHS instance (tests, CLI, benchmarks); blocks while solving. */
export function optimiseSync(
  highs: unknown,
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
  onProgress?: (p: OptimiseProgress) => void,
): OptimiseResult {
  const flow = optimisationFlow(portfolio, params, options);
  onProgress?.({ phase: 'building', purpose: null, seconds: 0, gap: null, primalBound: null, dualBound: null });
  let step = flow.next();
  while (!step.done) {
    const request = step.value;
    const phase: OptimisePhase = request.purpose === 'model' ? 'solving' : 'diagnosing';
    onProgress?.({ phase, purpose: request.purpose, seconds: 0, gap: null, primalBound: null, dualBound: null });
    const report = onProgress && ((p: SolveProgress) => onProgress({ ...scaleProgress(p, request.scale), phase, purpose: request.purpose }));
    step = flow.next(solveLp(highs, request.lp, request.limits, report, request.start));
  }
  const result = step.value;
  onProgress?.({ phase: 'done', purpose: null, seconds: result.seconds, gap: result.gap, primalBound: result.plan?.objective ?? null, dualBound: result.bound });
  return result;
}

/** Loads the HiGHS WebAssembly module (once per process). */
let highsPromise: Promise<unknown> | null = null;
export function loadHighs(): Promise<unknown> {
  highsPromise ??= import('highs').then((m) => (m.default as unknown as () => Promise<unknown>)());
  return highsPromise;
}

export type { SolveProgress };
