import { demandGroups, demandLimitHolds, type DemandLimit } from '@/lib/demand/demand-limits';
import { allocatePlaces } from '@/lib/demand/place-allocation';
import { isAncillaryUseCode } from '@/lib/registry/categories';
import { kindsCompatible, OPTIMISER_DEFAULTS, serviceKind } from './optimiser-defaults';
import { annualSavingParts, distanceKm, m2PerPlace, peakPeople } from './simulate';
import type { ScenarioBuilding, ScenarioParams } from './types';

// The consolidation MILP as plain data and CPLEX-LP text (a capacitated facility-location model; docs/scenarios.md):
//   close_i ∈ {0,1} for every building that may close; x_ij ∈ [0,1] = share of i's users moved to receiver j.
//   assign_i:  Σ_j x_ij = close_i                            (everyone in a closed building gets a new home)
//   cap_j:     Σ_i peak_i x_ij ≤ spare_j (1 − close_j)       (receiver's measured peak after the move ≤ ceiling × capacity)
//   places_j:  Σ_i users_i x_ij ≤ freePlaces_j (1 − close_j) (registered users after the move ≤ placesCeiling × places)
//   open_ij:   x_ij ≤ 1 − close_j                             (a closed building cannot receive; only needed when peak_i = 0)
//   area:      targetMin × total ≤ Σ area_i close_i ≤ targetMax × total
//   floor:     net savings ≥ savingsFloorDkk                   (mode 'service' only, when a floor is set)
//   demand:    per service, the open buildings' places shared out over the districts within reach (lib/demand/demand-limits.ts):
//              dsup_b:  Σ_d y_bd + places_b close_b ≤ places_b    dneed_d: Σ_b y_bd ≥ required_d (the horizon's largest need)
//              y_bd ≥ 0 continuous; only groups of districts that some closures could leave short get rows
//   x_ij exists only for compatible service kinds (optimiser-defaults.ts) within maxDistanceKm and receivers with room;
//   must-keep buildings have no close_i. Each row family is one builder in CONSTRAINT_BUILDERS, so a new rule (e.g.
//   future demand) is one more builder, not an edit of the others.
// Closures rest on measured use: a building may close only when its peak utilisation is measured with a data
// confidence ≥ minClosureConfidence; the others are listed as needing measurement, with what measuring could be worth
// (NeedsMeasuring), unless allowRegistryClosures — then they are candidates flagged onRegistryData.
// Receivers need a capacity and a measured peak utilisation: with unknown utilisation there is no proven room, so by
// default such buildings cannot receive (option unknownUtilisation: 'assume_users' takes users ÷ capacity as their
// peak instead); they also need registered users, or their free places are unknown. Buildings with unknown users
// cannot close (nobody knows who must move). Ancillary buildings (BBR use codes 910–990: garages, sheds, carports)
// are neither candidates nor receivers: closing an empty shed costs nobody a kilometre and would otherwise be the
// 'service' mode's first pick, while saving next to nothing.
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
  /** A building may close only on measured use with at least this data confidence, 0..1. */
  minClosureConfidence: number;
  /** Let buildings close on registry data alone (their closures are flagged onRegistryData). */
  allowRegistryClosures: boolean;
  /** Registered users after the move ≤ this share of the receiver's registered places (capacity). */
  placesCeiling: number;
  /** Future demand: closures within reach of a district may remove at most this many places (empty = no forecast). */
  demandLimits?: DemandLimit[];
}

export const CONSTRAINTS = ['confidence', 'distance', 'ceiling', 'places', 'mustKeep', 'compatibility', 'targetBand', 'savingsFloor', 'demand'] as const;
export type ConstraintName = (typeof CONSTRAINTS)[number];
export type Relaxation = Partial<Record<ConstraintName, boolean>>;

/** Fills optimiser options from the scenario parameters (ceiling, distance) and the defaults (optimiser-defaults.ts). */
export function optimiseOptions(params: ScenarioParams, partial: Partial<OptimiseOptions> = {}): OptimiseOptions {
  return {
    ...OPTIMISER_DEFAULTS,
    maxDistanceKm: params.maxAddedTravelKm,
    ceiling: params.peakUtilisationCeiling,
    mustKeep: [],
    compatibility: {},
    ...partial,
  };
}

/** The rules before issue 20 (closures on registry data, receivers by measured peak only): the bench's comparison. */
export const LEGACY_RULES: Partial<OptimiseOptions> = { minClosureConfidence: 0, allowRegistryClosures: true, placesCeiling: Number.POSITIVE_INFINITY };

export interface Candidate {
  index: number;
  building: ScenarioBuilding;
  /** Net annual gain of closing in DKK/year, before refurbishing receivers. */
  gainDkk: number;
  /** People at peak who need room elsewhere. */
  load: number;
  users: number;
  /** The closure rests on registry data: use not measured, or measured with confidence below the minimum. */
  onRegistryData: boolean;
}

/**
 * A building that could not be proposed for closure because its use is not measured well enough, and what measuring
 * it could be worth: the net annual saving (DKK/year) of closing it if it proved as empty as the weakest measured
 * building of its kind, with the cheapest move into a receiver in reach; null when no receiver in reach has room.
 */
export interface NeedsMeasuring {
  index: number;
  reason: 'unmeasured' | 'low_confidence';
  confidence: number | null;
  /** Peak utilisation of the weakest well-measured building of the same kind (0..1), null when none is measured. */
  weakestPeak: number | null;
  potentialDkk: number | null;
}

export interface Pair {
  from: number;
  to: number;
  km: number;
  /** Refurbishing the receiver for all of i's users, spread over the horizon, DKK/year. */
  refurbishPerYearDkk: number;
  userKm: number;
  /** The receiver is a different kind of building (allowed by the compatibility table, flagged in the brief). */
  differentKind: boolean;
}

export interface OptimisationModel {
  portfolio: ScenarioBuilding[];
  totalAreaM2: number;
  candidates: Candidate[];
  /** Spare peak people per receiver index (building index in the portfolio). */
  spare: Map<number, number>;
  /** Free registered places per receiver index: placesCeiling × capacity − registered users (∞ when relaxed). */
  places: Map<number, number>;
  /** Buildings left out for want of measurement, with what measuring them could be worth. */
  needsMeasuring: NeedsMeasuring[];
  pairs: Pair[];
  areaBounds: [number, number];
  options: OptimiseOptions;
  relax: Relaxation;
  /** Ancillary buildings (BBR 910–990) left out of the model: never closed, never receivers. */
  ancillaryExcluded: number;
}

/** The distance a relaxed 'distance' constraint allows when diagnosing: three times the limit, at least 10 km more. */
export const relaxedDistanceKm = (maxDistanceKm: number) => Math.max(3 * maxDistanceKm, maxDistanceKm + 10);

/** Peak utilisation a receiver is assumed to have (0..1), or null when it cannot receive for want of data. */
function receiverPeak(b: ScenarioBuilding, options: OptimiseOptions): number | null {
  if (b.peakUtilisation !== null) return b.peakUtilisation;
  if (options.unknownUtilisation === 'assume_users' && b.usersTotal !== null && b.capacity) return b.usersTotal / b.capacity;
  return null;
}

/** Whether a building's use is measured well enough to close it: a measured peak with confidence ≥ the minimum. */
export function measuredEnoughToClose(b: ScenarioBuilding, minConfidence: number): boolean {
  return b.peakUtilisation !== null && (b.confidence ?? 0) >= minConfidence - 1e-9;
}

/** Net annual gain of closing one building in DKK/year, before refurbishing its receivers. */
export function closureGainDkk(b: ScenarioBuilding, params: ScenarioParams, options: OptimiseOptions): number {
  const parts = annualSavingParts(b, 'close', params);
  const sale = options.includeSaleValue && b.tenure === 'owned' ? params.salePricePerM2Dkk * b.grossAreaM2 : 0;
  const moving = params.movingCostPerUserDkk * (b.usersTotal ?? 0);
  return parts.operatingDkk + parts.backlogDkk + parts.leaseDkk - (moving - sale) / options.horizonYears;
}

/** What the rules see while choosing candidates and moves. */
export interface RuleContext {
  options: OptimiseOptions;
  relax: Relaxation;
  mustKeep: ReadonlySet<string>;
}

/** Why a building is not a candidate for closure, or null when it is one. */
export type CandidateExclusion = 'ancillary' | 'mustKeep' | 'noArea' | 'usersUnknown' | 'needsMeasuring';

/** Candidate rules in order; the first that excludes a building names the reason. */
export const CANDIDATE_RULES: ((b: ScenarioBuilding, ctx: RuleContext) => CandidateExclusion | null)[] = [
  (b) => (isAncillaryUseCode(b.useCode) ? 'ancillary' : null),
  (b, ctx) => (ctx.mustKeep.has(b.id) ? 'mustKeep' : null),
  (b) => (b.grossAreaM2 <= 0 ? 'noArea' : null),
  (b) => (b.usersTotal === null ? 'usersUnknown' : null),
  (b, ctx) => (ctx.options.allowRegistryClosures || ctx.relax.confidence || measuredEnoughToClose(b, ctx.options.minClosureConfidence) ? null : 'needsMeasuring'),
];

/** Pair rules: a move from `from` into `to` exists only when every rule allows it (distance is checked apart). */
export const PAIR_RULES: ((from: ScenarioBuilding, to: ScenarioBuilding, ctx: RuleContext) => boolean)[] = [
  (from, to, ctx) => ctx.relax.compatibility === true || kindsCompatible(ctx.options.compatibility, serviceKind(from), serviceKind(to)),
];

/** Builds the model's data: candidates with their net gains, receivers' spare room and the allowed moves. */
export function buildOptimisationModel(
  portfolio: ScenarioBuilding[],
  params: ScenarioParams,
  options: OptimiseOptions,
  relax: Relaxation = {},
): OptimisationModel {
  const ctx: RuleContext = { options, relax, mustKeep: new Set(relax.mustKeep ? [] : options.mustKeep) };
  const totalAreaM2 = portfolio.reduce((s, b) => s + b.grossAreaM2, 0);
  const candidates: Candidate[] = [];
  const unmeasured: number[] = [];
  const ancillary = new Set<number>();
  portfolio.forEach((b, index) => {
    const excluded = CANDIDATE_RULES.reduce<CandidateExclusion | null>((found, rule) => found ?? rule(b, ctx), null);
    if (excluded === 'ancillary') return void ancillary.add(index);
    if (excluded === 'needsMeasuring') return void unmeasured.push(index);
    if (excluded) return;
    const onRegistryData = !measuredEnoughToClose(b, options.minClosureConfidence);
    candidates.push({ index, building: b, gainDkk: closureGainDkk(b, params, options), load: peakPeople(b), users: b.usersTotal!, onRegistryData });
  });
  const spare = new Map<number, number>();
  const places = new Map<number, number>();
  portfolio.forEach((b, index) => {
    if (ancillary.has(index) || b.lon === null || b.lat === null || !b.capacity || b.capacity <= 0) return;
    const free = relax.places || !Number.isFinite(options.placesCeiling) ? Number.POSITIVE_INFINITY
      : b.usersTotal === null ? null : Math.max(0, options.placesCeiling * b.capacity - b.usersTotal);
    if (free === null) return;
    if (relax.ceiling) {
      spare.set(index, Number.POSITIVE_INFINITY);
      return void places.set(index, free);
    }
    const peak = receiverPeak(b, options);
    if (peak === null) return;
    spare.set(index, Math.max(0, (options.ceiling - peak) * b.capacity));
    places.set(index, free);
  });
  const limitKm = relax.distance ? relaxedDistanceKm(options.maxDistanceKm) : options.maxDistanceKm;
  const reach = receiversInReach(portfolio, [...spare.keys()], limitKm);
  const pairs: Pair[] = [];
  for (const c of candidates) {
    if (c.users <= 0) continue;
    for (const { to, km } of reach(c.building, c.index)) {
      // A full receiver is of no use, except to a building whose peak is zero.
      if ((spare.get(to)! <= 1e-9 && c.load > 0) || places.get(to)! <= 1e-9) continue;
      const r = portfolio[to];
      if (!PAIR_RULES.every((rule) => rule(c.building, r, ctx))) continue;
      const refurbishPerYearDkk = (c.users * m2PerPlace(r) * params.refurbishCostPerM2Dkk) / options.horizonYears;
      pairs.push({ from: c.index, to, km, refurbishPerYearDkk, userKm: c.users * km, differentKind: serviceKind(c.building) !== serviceKind(r) });
    }
  }
  const needsMeasuring = unmeasured.map((index) => measuringWorth(portfolio, index, { params, options, ctx, spare, places, reach }));
  // Relaxing the band lifts its upper end (the lower end is the goal itself: dropping it always 'succeeds').
  const areaBounds: [number, number] = [options.targetMin * totalAreaM2, relax.targetBand ? totalAreaM2 : options.targetMax * totalAreaM2];
  return { portfolio, totalAreaM2, candidates, spare, places, needsMeasuring, pairs, areaBounds, options, relax, ancillaryExcluded: ancillary.size };
}

type Reach = (from: ScenarioBuilding, fromIndex: number) => { to: number; km: number }[];

/** Receivers within `limitKm` of a building, scanning only the band of latitudes within reach (receivers sorted by latitude). */
function receiversInReach(portfolio: ScenarioBuilding[], receiverIndexes: number[], limitKm: number): Reach {
  const receivers = [...receiverIndexes].sort((a, b) => portfolio[a].lat! - portfolio[b].lat!);
  const lats = receivers.map((j) => portfolio[j].lat!);
  const degLat = limitKm / 110.5; // a degree of latitude is ≥ 110,5 km, so this band holds every receiver within reach
  return (from, fromIndex) => {
    if (from.lat === null || from.lon === null) return [];
    const out: { to: number; km: number }[] = [];
    const degLon = degLat / Math.max(0.01, Math.cos(((Math.abs(from.lat) + degLat) * Math.PI) / 180));
    for (let k = lowerBound(lats, from.lat - degLat); k < receivers.length && lats[k] <= from.lat + degLat; k++) {
      const to = receivers[k];
      if (to === fromIndex || Math.abs(portfolio[to].lon! - from.lon) > degLon) continue;
      const km = distanceKm(from, portfolio[to]);
      if (km !== null && km <= limitKm) out.push({ to, km });
    }
    return out;
  };
}

/** What measuring an excluded building could be worth: its closure if it proved as empty as the weakest of its kind. */
function measuringWorth(
  portfolio: ScenarioBuilding[],
  index: number,
  m: { params: ScenarioParams; options: OptimiseOptions; ctx: RuleContext; spare: Map<number, number>; places: Map<number, number>; reach: Reach },
): NeedsMeasuring {
  const b = portfolio[index];
  const kind = serviceKind(b);
  const peers = portfolio.filter((p) => p !== b && serviceKind(p) === kind && measuredEnoughToClose(p, m.options.minClosureConfidence));
  const weakestPeak = peers.length > 0 ? Math.min(...peers.map((p) => p.peakUtilisation!)) : null;
  const reason = b.peakUtilisation === null ? 'unmeasured' : 'low_confidence';
  const users = b.usersTotal ?? 0;
  const load = weakestPeak !== null && b.capacity ? weakestPeak * b.capacity : users;
  let cheapest: number | null = null;
  for (const { to } of m.reach(b, index)) {
    const r = portfolio[to];
    if (m.spare.get(to)! < load - 1e-9 || m.places.get(to)! < users - 1e-9) continue;
    if (!PAIR_RULES.every((rule) => rule(b, r, m.ctx))) continue;
    const refurbish = (users * m2PerPlace(r) * m.params.refurbishCostPerM2Dkk) / m.options.horizonYears;
    cheapest = cheapest === null ? refurbish : Math.min(cheapest, refurbish);
  }
  const potentialDkk = users === 0 ? closureGainDkk(b, m.params, m.options) : cheapest === null ? null : closureGainDkk(b, m.params, m.options) - cheapest;
  return { index, reason, confidence: b.confidence, weakestPeak, potentialDkk };
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
export const term = (coef: number, name: string, first: boolean) =>
  coef < 0 ? `- ${num(-coef)} ${name}` : `${first ? '' : '+ '}${num(coef)} ${name}`;
export const wrap = (terms: string[]) => terms.reduce((lines, t, i) => lines + (i > 0 && i % 12 === 0 ? '\n  ' : ' ') + t, '');
export { num as lpNumber };

export const closeVar = (i: number) => `c${i}`;
export const moveVar = (p: Pair) => `x${p.from}_${p.to}`;

/** The model's moves indexed for the row builders. */
export interface LpIndex {
  byFrom: Map<number, Pair[]>;
  byTo: Map<number, Pair[]>;
  candidateByIndex: Map<number, Candidate>;
}

/** One family of rows (and fixed bounds) of the LP. */
export type ConstraintBuilder = (model: OptimisationModel, index: LpIndex) => { rows: string[]; bounds?: string[] };

/** assign_i: a closed building's users all move; a candidate with users and no move cannot close. */
const assignRows: ConstraintBuilder = (model, { byFrom }) => {
  const rows: string[] = [];
  const bounds: string[] = [];
  for (const c of model.candidates) {
    if (c.users <= 0) continue;
    const moves = byFrom.get(c.index) ?? [];
    if (moves.length === 0) bounds.push(` ${closeVar(c.index)} = 0`);
    else rows.push(` assign_${c.index}:${wrap([...moves.map((p, k) => term(1, moveVar(p), k === 0)), term(-1, closeVar(c.index), false)])} = 0`);
  }
  return { rows, bounds };
};

/** A receiver's room as rows: Σ weight_i x_ij ≤ room_j (1 − close_j). */
function roomRows(model: OptimisationModel, { byTo, candidateByIndex }: LpIndex, name: string, room: Map<number, number>, weight: (c: Candidate) => number): string[] {
  const rows: string[] = [];
  for (const [j, free] of room) {
    const incoming = byTo.get(j) ?? [];
    if (incoming.length === 0 || !Number.isFinite(free)) continue;
    const terms = incoming.map((p, k) => term(weight(candidateByIndex.get(p.from)!), moveVar(p), k === 0));
    if (candidateByIndex.has(j)) terms.push(term(free, closeVar(j), false));
    rows.push(` ${name}_${j}:${wrap(terms)} <= ${num(free)}`);
  }
  return rows;
}

/** cap_j: the receiver's peak after the move stays under the ceiling. */
const peakRows: ConstraintBuilder = (model, index) => ({ rows: roomRows(model, index, 'cap', model.spare, (c) => c.load) });

/** places_j: registered users after the move stay within the receiver's registered places. */
const placesRows: ConstraintBuilder = (model, index) => ({ rows: roomRows(model, index, 'places', model.places, (c) => c.users) });

/** open_ij: a closed receiver takes nobody — where cap_j and places_j do not already say so (movers with no peak, relaxed rooms). */
const openRows: ConstraintBuilder = (model, { byTo, candidateByIndex }) => {
  // (The disaggregated form x_ij + c_j ≤ 1 for every pair has a tighter relaxation but solved slower in the benchmark.)
  const rows: string[] = [];
  for (const [j, incoming] of byTo) {
    if (!candidateByIndex.has(j)) continue;
    const peakCapped = Number.isFinite(model.spare.get(j)!);
    const placesCapped = Number.isFinite(model.places.get(j)!);
    for (const p of incoming) {
      const c = candidateByIndex.get(p.from)!;
      const shut = (peakCapped && c.load > 0) || (placesCapped && c.users > 0);
      if (!shut) rows.push(` open_${p.from}_${j}: ${moveVar(p)} + ${closeVar(j)} <= 1`);
    }
  }
  return { rows };
};

/** area: the m² removed lie in the target band. */
const areaRows: ConstraintBuilder = (model) => {
  const areaTerms = model.candidates.map((c, k) => term(c.building.grossAreaM2, closeVar(c.index), k === 0));
  if (areaTerms.length === 0) return { rows: [] };
  return { rows: [` area_min:${wrap(areaTerms)} >= ${num(model.areaBounds[0])}`, ` area_max:${wrap(areaTerms)} <= ${num(model.areaBounds[1])}`] };
};

/** savings_floor: mode 'service' keeps net savings above the floor. */
const savingsFloorRows: ConstraintBuilder = (model) => {
  if (!hasSavingsFloor(model)) return { rows: [] };
  const floorTerms = [
    ...model.candidates.map((c, k) => term(c.gainDkk / K, closeVar(c.index), k === 0)),
    ...model.pairs.map((p) => term(-p.refurbishPerYearDkk / K, moveVar(p), false)),
  ];
  return { rows: [` savings_floor:${wrap(floorTerms)} >= ${num(model.options.savingsFloorDkk! / K)}`] };
};

/** A group of districts sharing a service's buildings whose closable buildings could leave it short (the rest cannot bind). */
export interface DemandGroup {
  /** Position of the limit in options.demandLimits (names its variables). */
  limitIndex: number;
  limit: DemandLimit;
  districts: number[];
  /** Buildings (positions in limit.buildings) serving the group, with the candidate's portfolio index when it may close. */
  buildings: { position: number; candidate: number | null }[];
}

// The rows, greedy and the start values all ask for the groups; each costs a max flow per group, so once per model.
const groupsMemo = new WeakMap<OptimisationModel, DemandGroup[]>();

/** The groups of the demand limits that can bind: some closure in them could leave a district short of its required places. */
export function bindingDemandGroups(model: OptimisationModel): DemandGroup[] {
  const known = groupsMemo.get(model);
  if (known) return known;
  const groups = findBindingDemandGroups(model);
  groupsMemo.set(model, groups);
  return groups;
}

function findBindingDemandGroups(model: OptimisationModel): DemandGroup[] {
  if (model.relax.demand) return [];
  const candidateIndex = new Map(model.candidates.map((c) => [c.building.id, c.index]));
  const out: DemandGroup[] = [];
  (model.options.demandLimits ?? []).forEach((limit, limitIndex) => {
    for (const districts of demandGroups(limit)) {
      const inGroup = new Set(districts);
      const buildings = limit.buildings
        .map((b, position) => ({ b, position }))
        .filter(({ b }) => b.districts.some((d) => inGroup.has(d)))
        .map(({ b, position }) => ({ position, candidate: candidateIndex.get(b.id) ?? null }));
      const closable = new Set(buildings.filter((b) => b.candidate !== null).map((b) => limit.buildings[b.position].id));
      // Every closable building closed and still covered: the group cannot bind.
      if (closable.size === 0 || demandLimitHolds(limit, closable, inGroup)) continue;
      out.push({ limitIndex, limit, districts, buildings });
    }
  });
  return out;
}

const flowVar = (limitIndex: number, position: number, district: number) => `y${limitIndex}_${position}_${district}`;

/** Values of the demand flows y_bd for a plan closing `closedIds`: a sharing of the open places (none where it falls short). */
export function demandFlowValues(model: OptimisationModel, closedIds: ReadonlySet<string>): Record<string, number> {
  const values: Record<string, number> = {};
  for (const g of bindingDemandGroups(model)) {
    const position = new Map(g.districts.map((d, k) => [d, k]));
    const reach: number[][] = g.districts.map(() => []);
    g.buildings.forEach(({ position: p }, k) => g.limit.buildings[p].districts.forEach((d) => position.has(d) && reach[position.get(d)!].push(k)));
    const capacities = g.buildings.map(({ position: p }) => (closedIds.has(g.limit.buildings[p].id) ? 0 : g.limit.buildings[p].places));
    const sharing = allocatePlaces(g.districts.map((d) => g.limit.districts[d].requiredPlaces), capacities, reach);
    for (const f of sharing.flows) values[flowVar(g.limitIndex, g.buildings[f.building].position, g.districts[f.district])] = f.places;
  }
  return values;
}

/** dsup/dneed: the open buildings' places, shared out over the districts within reach, give each its required places. */
const demandRows: ConstraintBuilder = (model) => {
  const rows: string[] = [];
  for (const g of bindingDemandGroups(model)) {
    const inGroup = new Set(g.districts);
    const incoming = new Map<number, string[]>();
    for (const { position, candidate } of g.buildings) {
      const b = g.limit.buildings[position];
      const terms = b.districts.filter((d) => inGroup.has(d)).map((d, n) => {
        const y = flowVar(g.limitIndex, position, d);
        (incoming.get(d) ?? incoming.set(d, []).get(d)!).push(y);
        return term(1, y, n === 0);
      });
      if (candidate !== null) terms.push(term(b.places, closeVar(candidate), false));
      rows.push(` dsup_${g.limitIndex}_${position}:${wrap(terms)} <= ${num(b.places)}`);
    }
    for (const d of g.districts) {
      const need = g.limit.districts[d].requiredPlaces;
      const ys = incoming.get(d) ?? [];
      if (need <= 0) continue;
      rows.push(` dneed_${g.limitIndex}_${d}:${ys.length > 0 ? wrap(ys.map((y, n) => term(1, y, n === 0))) : ' 0 dummy'} >= ${num(need)}`);
    }
  }
  return { rows };
};

/** Every row family of the model, in the order they are written. */
export const CONSTRAINT_BUILDERS: ConstraintBuilder[] = [assignRows, peakRows, placesRows, openRows, areaRows, savingsFloorRows, demandRows];

/** Indexes the model's moves by mover and receiver. */
export function lpIndex(model: OptimisationModel): LpIndex {
  const byFrom = new Map<number, Pair[]>();
  const byTo = new Map<number, Pair[]>();
  for (const p of model.pairs) {
    if (!byFrom.has(p.from)) byFrom.set(p.from, []);
    if (!byTo.has(p.to)) byTo.set(p.to, []);
    byFrom.get(p.from)!.push(p);
    byTo.get(p.to)!.push(p);
  }
  return { byFrom, byTo, candidateByIndex: new Map(model.candidates.map((c) => [c.index, c])) };
}

/** Writes the model as CPLEX-LP text for HiGHS (money in thousands of kr, distances in km). */
export function modelToLp(model: OptimisationModel, builders: readonly ConstraintBuilder[] = CONSTRAINT_BUILDERS): string {
  const { candidates, pairs, options } = model;
  const objective: string[] = [];
  if (options.mode === 'savings') {
    candidates.forEach((c) => objective.push(term(c.gainDkk / K, closeVar(c.index), objective.length === 0)));
    pairs.forEach((p) => objective.push(term(-p.refurbishPerYearDkk / K, moveVar(p), objective.length === 0)));
  } else {
    pairs.forEach((p) => objective.push(term(p.userKm, moveVar(p), objective.length === 0)));
    // Every close variable appears in the objective so the model is well-formed even without moves.
    candidates.forEach((c) => objective.push(term(0, closeVar(c.index), objective.length === 0)));
  }
  const index = lpIndex(model);
  const rows: string[] = [];
  const fixed: string[] = [];
  for (const build of builders) {
    const out = build(model, index);
    rows.push(...out.rows);
    fixed.push(...(out.bounds ?? []));
  }
  const bounds = [...pairs.map((p) => ` 0 <= ${moveVar(p)} <= 1`), ...fixed];
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
