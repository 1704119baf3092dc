import { isAncillaryUseCode } from '@/lib/registry/categories';
import { annualSavingParts, distanceKm, m2PerPlace, peakPeople } from './simulate';
import type { ScenarioBuilding, ScenarioParams } from './types';

// The consolidation MILP as plain data and CPLEX-LP text (a capacitated facility-location model; docs/scenarios.md):
//   close_i ∈ {0,1} for every building that may close; x_ij ∈ [0,1] = share of i's users moved to receiver j.
//   assign_i:  Σ_j x_ij = close_i                       (everyone in a closed building gets a new home)
//   cap_j:     Σ_i peak_i x_ij ≤ spare_j (1 − close_j)  (receiver's peak after the move ≤ ceiling × capacity)
//   open_ij:   x_ij ≤ 1 − close_j                        (a closed building cannot receive; only needed when peak_i = 0)
//   area:      targetMin × total ≤ Σ area_i close_i ≤ targetMax × total
//   floor:     net savings ≥ savingsFloorDkk              (mode 'service' only, when a floor is set)
//   x_ij exists only for compatible categories within maxDistanceKm and receivers with room; must-keep buildings
//   have no close_i.
// Receivers need a capacity and a measured peak utilisation: with unknown utilisation there is no proven room, so by
// default such buildings cannot receive (option unknownUtilisation: 'assume_users' takes users ÷ capacity as their
// peak instead). Buildings with unknown users cannot close (nobody knows who must move). Ancillary buildings (BBR use
// codes 910–990: garages, sheds, carports) are neither candidates nor receivers: closing an empty shed costs nobody a
// kilometre and would otherwise be the 'service' mode's first pick, while saving next to nothing.
// Objective 'savings': maximise net annual savings = Σ (annual saving_i − moving_i/horizon [+ sale_i/horizon]) close_i
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
  /** Count the sale value of owned buildings, spread over the horizon, as a gain (default false: prices are uncertain). */
  includeSaleValue: boolean;
  /** Mode 'service': the plan's net annual savings (DKK/year, as in the 'savings' objective) must reach this; null = no floor. */
  savingsFloorDkk: number | null;
  /** Receivers without measured peak utilisation: 'cannot_receive' (default) or 'assume_users' (peak = users ÷ capacity). */
  unknownUtilisation: 'cannot_receive' | 'assume_users';
}

export const CONSTRAINTS = ['distance', 'ceiling', 'mustKeep', 'compatibility', 'targetBand', 'savingsFloor'] as const;
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
    includeSaleValue: false,
    savingsFloorDkk: null,
    unknownUtilisation: 'cannot_receive',
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
  /** Ancillary buildings (BBR 910–990) left out of the model: never closed, never receivers. */
  ancillaryExcluded: number;
}

const compatible = (options: OptimiseOptions, from: string, to: string) => from === to || (options.compatibility[from] ?? []).includes(to);

/** The distance a relaxed 'distance' constraint allows when diagnosing: three times the limit, at least 10 km more. */
export const relaxedDistanceKm = (maxDistanceKm: number) => Math.max(3 * maxDistanceKm, maxDistanceKm + 10);

/** Peak utilisation a receiver is assumed to have (0..1), or null when it cannot receive for want of data. */
function receiverPeak(b: ScenarioBuilding, options: OptimiseOptions): number | null {
  if (b.peakUtilisation !== null) return b.peakUtilisation;
  if (options.unknownUtilisation === 'assume_users' && b.usersTotal !== null && b.capacity) return b.usersTotal / b.capacity;
  return null;
}

/** Net annual gain of closing one building in DKK/year, before refurbishing its receivers. */
export function closureGainDkk(b: ScenarioBuilding, params: ScenarioParams, options: OptimiseOptions): number {
  const parts = annualSavingParts(b, 'close', params);
  const sale = options.includeSaleValue && b.tenure === 'owned' ? params.salePricePerM2Dkk * b.grossAreaM2 : 0;
  const moving = params.movingCostPerUserDkk * (b.usersTotal ?? 0);
  return parts.operatingDkk + parts.backlogDkk + parts.leaseDkk - (moving - sale) / options.horizonYears;
}

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
  const ancillary = new Set<number>();
  portfolio.forEach((b, index) => {
    if (isAncillaryUseCode(b.useCode)) return void ancillary.add(index);
    if (mustKeep.has(b.id) || b.grossAreaM2 <= 0 || b.usersTotal === null) return;
    candidates.push({ index, building: b, gainDkk: closureGainDkk(b, params, options), load: peakPeople(b), users: b.usersTotal });
  });
  const spare = new Map<number, number>();
  portfolio.forEach((b, index) => {
    if (ancillary.has(index) || b.lon === null || b.lat === null || !b.capacity || b.capacity <= 0) return;
    if (relax.ceiling) return spare.set(index, Number.POSITIVE_INFINITY);
    const peak = receiverPeak(b, options);
    if (peak !== null) spare.set(index, Math.max(0, (options.ceiling - peak) * b.capacity));
  });
  // Receivers sorted by latitude, so each candidate scans only the band of latitudes within reach.
  const limitKm = relax.distance ? relaxedDistanceKm(options.maxDistanceKm) : options.maxDistanceKm;
  const receivers = [...spare.keys()].sort((a, b) => portfolio[a].lat! - portfolio[b].lat!);
  const lats = receivers.map((j) => portfolio[j].lat!);
  const degLat = limitKm / 110.5; // a degree of latitude is ≥ 110,5 km, so this band holds every receiver within reach
  const pairs: Pair[] = [];
  for (const c of candidates) {
    const from = c.building;
    if (c.users <= 0 || from.lat === null || from.lon === null) continue;
    const degLon = degLat / Math.max(0.01, Math.cos(((Math.abs(from.lat) + degLat) * Math.PI) / 180));
    for (let k = lowerBound(lats, from.lat - degLat); k < receivers.length && lats[k] <= from.lat + degLat; k++) {
      const to = receivers[k];
      const r = portfolio[to];
      if (to === c.index || Math.abs(r.lon! - from.lon) > degLon) continue;
      // A full receiver is of no use, except to a building whose peak is zero.
      if (spare.get(to)! <= 1e-9 && c.load > 0) continue;
      if (!relax.compatibility && !compatible(options, from.category, r.category)) continue;
      const km = distanceKm(from, r);
      if (km === null || km > limitKm) continue;
      const refurbishPerYearDkk = (c.users * m2PerPlace(r) * params.refurbishCostPerM2Dkk) / options.horizonYears;
      pairs.push({ from: c.index, to, km, refurbishPerYearDkk, userKm: c.users * km });
    }
  }
  // Relaxing the band lifts its upper end (the lower end is the goal itself: dropping it always 'succeeds').
  const areaBounds: [number, number] = [options.targetMin * totalAreaM2, relax.targetBand ? totalAreaM2 : options.targetMax * totalAreaM2];
  return { portfolio, totalAreaM2, candidates, spare, pairs, areaBounds, options, relax, ancillaryExcluded: ancillary.size };
}

/** First index in ascending `values` whose value is ≥ x. */
function lowerBound(values: number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether the model carries a savings floor (mode 'service' with a floor, not relaxed). */
export const hasSavingsFloor = (model: OptimisationModel) =>
  model.options.mode === 'service' && model.options.savingsFloorDkk !== null && !model.relax.savingsFloor;

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
    if (incoming.length === 0) continue;
    const capped = Number.isFinite(room);
    if (capped) {
      const terms = incoming.map((p, k) => term(loadOf.get(p.from)!, moveVar(p), k === 0));
      if (isCandidate.has(j)) terms.push(term(room, closeVar(j), false));
      rows.push(` cap_${j}:${wrap(terms)} <= ${num(room)}`);
    }
    // cap_j already shuts a closed receiver to every mover with a peak; the pair rows are for the rest. (The
    // disaggregated form x_ij + c_j ≤ 1 for every pair has a tighter relaxation but solved slower in the benchmark.)
    if (isCandidate.has(j)) {
      for (const p of incoming) {
        if (!capped || loadOf.get(p.from)! <= 0) rows.push(` open_${p.from}_${j}: ${moveVar(p)} + ${closeVar(j)} <= 1`);
      }
    }
  }
  const areaTerms = candidates.map((c, k) => term(c.building.grossAreaM2, closeVar(c.index), k === 0));
  if (areaTerms.length > 0) {
    rows.push(` area_min:${wrap(areaTerms)} >= ${num(model.areaBounds[0])}`);
    rows.push(` area_max:${wrap(areaTerms)} <= ${num(model.areaBounds[1])}`);
  }
  if (hasSavingsFloor(model)) {
    const floorTerms = [
      ...candidates.map((c, k) => term(c.gainDkk / K, closeVar(c.index), k === 0)),
      ...pairs.map((p) => term(-p.refurbishPerYearDkk / K, moveVar(p), false)),
    ];
    rows.push(` savings_floor:${wrap(floorTerms)} >= ${num(options.savingsFloorDkk! / K)}`);
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

/** Net annual savings of a set of closures in DKK/year: Σ closure gains − refurbishing spread over the horizon. */
export function closuresNetSavings(model: OptimisationModel, closures: Closure[]): number {
  return closuresTotal(model, closures, 'savings');
}

/** User-km moved by a set of closures (each mover counted once per km from old to new building). */
export function closuresUserKm(model: OptimisationModel, closures: Closure[]): number {
  return closuresTotal(model, closures, 'service');
}

/** The objective of a set of closures in the model's own terms (DKK/year for 'savings', user-km for 'service'). */
export function closuresObjective(model: OptimisationModel, closures: Closure[]): number {
  return closuresTotal(model, closures, model.options.mode);
}

function closuresTotal(model: OptimisationModel, closures: Closure[], mode: OptimiseMode): number {
  const pairs = new Map(model.pairs.map((p) => [moveVar(p), p]));
  const candidates = new Map(model.candidates.map((c) => [c.index, c]));
  let total = 0;
  for (const cl of closures) {
    if (mode === 'savings') total += candidates.get(cl.index)!.gainDkk;
    for (const r of cl.receivers) {
      const p = pairs.get(`x${cl.index}_${r.index}`)!;
      total += mode === 'savings' ? -p.refurbishPerYearDkk * r.share : p.userKm * r.share;
    }
  }
  return total;
}
