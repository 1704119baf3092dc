import { annualSavingParts, distanceKm, m2PerPlace, peakPeople } from './simulate';
import type { ScenarioBuilding, ScenarioParams } from './types';

// The consolidation MILP as plain data and CPLEX-LP text (a capacitated facility-location model):
//   close_i ∈ {0,1} for every building that may close; x_ij ∈ [0,1] = share of i's users moved to receiver j.
//   assign_i:  Σ_j x_ij = close_i                       (everyone in a closed building gets a new home)
//   cap_j:     Σ_i peak_i x_ij ≤ spare_j (1 − close_j)  (receiver's peak after the move ≤ ceiling × capacity)
//   open_ij:   x_ij ≤ 1 − close_j                        (a closed building cannot receive)
//   area:      targetMin × total ≤ Σ area_i close_i ≤ targetMax × total
//   x_ij exists only for compatible categories within maxDistanceKm; must-keep buildings have no close_i.
// Receivers need a measured peak utilisation and a capacity: with unknown utilisation there is no proven room,
// so such buildings cannot receive. Buildings with unknown users cannot close (nobody knows who must move).
// Objective 'savings': maximise net annual savings = Σ (annual saving_i − (moving_i − sale_i)/horizon) close_i
//   − Σ refurbish_ij/horizon x_ij (the same figures simulateScenario reports). 'service': minimise user-km moved.

export type OptimiseMode = 'savings' | 'service';

export interface OptimiseOptions {
  /** Share of the portfolio's m² to remove, 0..1. */
  targetMin: number;
  targetMax: number;
  maxDistanceKm: number;
  /** Peak utilisation ceiling of receivers after the move, e.g. 0.85. */
  ceiling: number;
  mode: OptimiseMode;
  mustKeep: string[];
  /** Receiving categories allowed per category; a category not listed may move only within itself. */
  compatibility: Record<string, string[]>;
  /** Years over which one-off costs and the sale value are spread in the objective. */
  horizonYears: number;
  mipRelGap: number;
  timeLimitSeconds: number;
}

export const CONSTRAINTS = ['distance', 'ceiling', 'mustKeep', 'compatibility', 'targetBand'] as const;
export type ConstraintName = (typeof CONSTRAINTS)[number];
export type Relaxation = Partial<Record<ConstraintName, boolean>>;

/** Fills optimiser options from the scenario parameters (ceiling, distance) and sensible defaults. */
export function optimiseOptions(params: ScenarioParams, partial: Partial<OptimiseOptions> = {}): OptimiseOptions {
  return {
    targetMin: 0.05,
    targetMax: 0.1,
    maxDistanceKm: params.maxAddedTravelKm,
    ceiling: params.peakUtilisationCeiling,
    mode: 'savings',
    mustKeep: [],
    compatibility: {},
    horizonYears: 10,
    mipRelGap: 0.01,
    timeLimitSeconds: 30,
    ...partial,
  };
}

export interface Candidate {
  index: number;
  building: ScenarioBuilding;
  /** Net annual gain of closing in DKK/year, before refurbishing receivers. */
  gainDkk: number;
  /** People at peak who need room elsewhere. */
  load: number;
  users: number;
}

export interface Pair {
  from: number;
  to: number;
  km: number;
  /** Refurbishing the receiver for all of i's users, spread over the horizon, DKK/year. */
  refurbishPerYearDkk: number;
  userKm: number;
}

export interface OptimisationModel {
  portfolio: ScenarioBuilding[];
  totalAreaM2: number;
  candidates: Candidate[];
  /** Spare peak people per receiver index (building index in the portfolio). */
  spare: Map<number, number>;
  pairs: Pair[];
  areaBounds: [number, number];
  options: OptimiseOptions;
  relax: Relaxation;
}

const compatible = (options: OptimiseOptions, from: string, to: string) => from === to || (options.compatibility[from] ?? []).includes(to);

/** Builds the model's data: candidates with their net gains, receivers' spare room and the allowed moves. */
export function buildOptimisationModel(
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
  relax: Relaxation = {},
): OptimisationModel {
  const mustKeep = new Set(relax.mustKeep ? [] : options.mustKeep);
  const totalAreaM2 = portfolio.reduce((s, b) => s + b.grossAreaM2, 0);
  const candidates: Candidate[] = [];
  portfolio.forEach((b, index) => {
    if (mustKeep.has(b.id) || b.grossAreaM2 <= 0 || b.usersTotal === null) return;
    const parts = annualSavingParts(b, 'close', params);
    const sale = b.tenure === 'owned' ? params.salePricePerM2Dkk * b.grossAreaM2 : 0;
    const moving = params.movingCostPerUserDkk * b.usersTotal;
    const gainDkk = parts.operatingDkk + parts.backlogDkk + parts.leaseDkk - (moving - sale) / options.horizonYears;
    candidates.push({ index, building: b, gainDkk, load: peakPeople(b), users: b.usersTotal });
  });
  const spare = new Map<number, number>();
  portfolio.forEach((b, index) => {
    if (b.lon === null || b.lat === null || !b.capacity || b.capacity <= 0) return;
    if (b.peakUtilisation === null) {
      if (relax.ceiling) spare.set(index, Number.POSITIVE_INFINITY);
      return;
    }
    spare.set(index, relax.ceiling ? Number.POSITIVE_INFINITY : Math.max(0, (options.ceiling - b.peakUtilisation) * b.capacity));
  });
  const pairs: Pair[] = [];
  for (const c of candidates) {
    if (c.users <= 0) continue;
    for (const [to] of spare) {
      if (to === c.index) continue;
      const r = portfolio[to];
      if (!relax.compatibility && !compatible(options, c.building.category, r.category)) continue;
      const km = distanceKm(c.building, r);
      if (km === null || (!relax.distance && km > options.maxDistanceKm)) continue;
      const refurbishPerYearDkk = (c.users * m2PerPlace(r) * params.refurbishCostPerM2Dkk) / options.horizonYears;
      pairs.push({ from: c.index, to, km, refurbishPerYearDkk, userKm: c.users * km });
    }
  }
  // Relaxing the band lifts its upper end (the lower end is the goal itself: dropping it always 'succeeds').
  const areaBounds: [number, number] = [options.targetMin * totalAreaM2, relax.targetBand ? totalAreaM2 : options.targetMax * totalAreaM2];
  return { portfolio, totalAreaM2, candidates, spare, pairs, areaBounds, options, relax };
}

// Money in thousands of kr keeps the coefficients in a range the solver handles well.
const K = 1000;
const num = (v: number) => {
  const r = Number(v.toPrecision(12));
  return Object.is(r, -0) ? '0' : String(r);
};
const term = (coef: number, name: string, first: boolean) =>
  coef < 0 ? `- ${num(-coef)} ${name}` : `${first ? '' : '+ '}${num(coef)} ${name}`;
const wrap = (terms: string[]) => terms.reduce((lines, t, i) => lines + (i > 0 && i % 12 === 0 ? '\n  ' : ' ') + t, '');

export const closeVar = (i: number) => `c${i}`;
export const moveVar = (p: Pair) => `x${p.from}_${p.to}`;

/** Writes the model as CPLEX-LP text for HiGHS (money in thousands of kr, distances in km). */
export function modelToLp(model: OptimisationModel): string {
  const { candidates, pairs, spare, options } = model;
  const isCandidate = new Set(candidates.map((c) => c.index));
  const byFrom = new Map<number, Pair[]>();
  const byTo = new Map<number, Pair[]>();
  for (const p of pairs) {
    if (!byFrom.has(p.from)) byFrom.set(p.from, []);
    if (!byTo.has(p.to)) byTo.set(p.to, []);
    byFrom.get(p.from)!.push(p);
    byTo.get(p.to)!.push(p);
  }
  const loadOf = new Map(candidates.map((c) => [c.index, c.load]));
  const objective: string[] = [];
  if (options.mode === 'savings') {
    candidates.forEach((c) => objective.push(term(c.gainDkk / K, closeVar(c.index), objective.length === 0)));
    pairs.forEach((p) => objective.push(term(-p.refurbishPerYearDkk / K, moveVar(p), objective.length === 0)));
  } else {
    pairs.forEach((p) => objective.push(term(p.userKm, moveVar(p), objective.length === 0)));
    // Every close variable appears in the objective so the model is well-formed even without moves.
    candidates.forEach((c) => objective.push(term(0, closeVar(c.index), objective.length === 0)));
  }
  const rows: string[] = [];
  const fixedShut: string[] = [];
  for (const c of candidates) {
    if (c.users <= 0) continue;
    const moves = byFrom.get(c.index) ?? [];
    if (moves.length === 0) fixedShut.push(closeVar(c.index));
    else rows.push(` assign_${c.index}:${wrap([...moves.map((p, k) => term(1, moveVar(p), k === 0)), term(-1, closeVar(c.index), false)])} = 0`);
  }
  for (const [j, room] of spare) {
    const incoming = byTo.get(j) ?? [];
    if (incoming.length === 0 || !Number.isFinite(room)) continue;
    const terms = incoming.map((p, k) => term(loadOf.get(p.from)!, moveVar(p), k === 0));
    if (isCandidate.has(j)) terms.push(term(room, closeVar(j), false));
    rows.push(` cap_${j}:${wrap(terms)} <= ${num(room)}`);
    if (isCandidate.has(j)) incoming.forEach((p) => rows.push(` open_${p.from}_${j}: ${moveVar(p)} + ${closeVar(j)} <= 1`));
  }
  const areaTerms = candidates.map((c, k) => term(c.building.grossAreaM2, closeVar(c.index), k === 0));
  if (areaTerms.length > 0) {
    rows.push(` area_min:${wrap(areaTerms)} >= ${num(model.areaBounds[0])}`);
    rows.push(` area_max:${wrap(areaTerms)} <= ${num(model.areaBounds[1])}`);
  }
  const bounds = [
    ...pairs.map((p) => ` 0 <= ${moveVar(p)} <= 1`),
    ...fixedShut.map((v) => ` ${v} = 0`),
  ];
  return [
    options.mode === 'savings' ? 'Maximize' : 'Minimize',
    ` obj:${objective.length > 0 ? wrap(objective) : ' 0 dummy'}`,
    'Subject To',
    rows.length > 0 ? rows.join('\n') : ' none: 0 dummy >= 0',
    'Bounds',
    ...bounds,
    'Binaries',
    wrap(candidates.map((c) => closeVar(c.index))),
    'End',
    '',
  ].join('\n');
}

export interface Closure {
  index: number;
  receivers: { index: number; share: number }[];
}

/** Reads closures and moves back from solver values by variable name (shares below 0,1 % dropped, renormalised). */
export function closuresFromValues(model: OptimisationModel, value: (name: string) => number): Closure[] {
  const out: Closure[] = [];
  const byFrom = new Map<number, Pair[]>();
  for (const p of model.pairs) {
    if (!byFrom.has(p.from)) byFrom.set(p.from, []);
    byFrom.get(p.from)!.push(p);
  }
  for (const c of model.candidates) {
    if (value(closeVar(c.index)) < 0.5) continue;
    const moves = (byFrom.get(c.index) ?? []).map((p) => ({ index: p.to, share: value(moveVar(p)) })).filter((m) => m.share > 1e-3);
    const sum = moves.reduce((s, m) => s + m.share, 0);
    out.push({ index: c.index, receivers: moves.map((m) => ({ index: m.index, share: m.share / sum })) });
  }
  return out;
}

/** The objective of a set of closures in the model's own terms (DKK/year for 'savings', user-km for 'service'). */
export function closuresObjective(model: OptimisationModel, closures: Closure[]): number {
  const pairs = new Map(model.pairs.map((p) => [moveVar(p), p]));
  const candidates = new Map(model.candidates.map((c) => [c.index, c]));
  const pairOf = (from: number, to: number) => pairs.get(`x${from}_${to}`)!;
  let total = 0;
  for (const cl of closures) {
    const c = candidates.get(cl.index)!;
    if (model.options.mode === 'savings') total += c.gainDkk;
    for (const r of cl.receivers) {
      const p = pairOf(cl.index, r.index);
      total += model.options.mode === 'savings' ? -p.refurbishPerYearDkk * r.share : p.userKm * r.share;
    }
  }
  return total;
}
