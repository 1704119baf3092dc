import { distance, point } from '@turf/turf';
import { OPTIMISER_DEFAULTS } from './optimiser-defaults';
import type {
  ActionOutcome,
  Move,
  ReceiverLoad,
  ScenarioAction,
  ScenarioBuilding,
  ScenarioOutcome,
  ScenarioParams,
  ScenarioWarning,
} from './types';

// Scenario arithmetic: what a set of close / let-out / merge / share actions does to the portfolio.
// Conventions (docs/scenarios.md):
// - every action takes the building out of municipal use, so its m² count as removed;
// - close and merge sell an owned building (sale price per m²) or end a lease; let out earns rent per m² a year;
// - operating cost includes the booked rent of a leased building; a let-out building keeps paying its lease;
// - the maintenance backlog of a sold or vacated building is avoided, spread over backlogSpreadYears;
//   a let-out building keeps its backlog (the municipality still owns it);
// - everyone using a removed building moves (moving cost per user); merge adds the movers' peak to the receivers
//   and refurbishes the receivers for them (receiver m² per place × refurbish price); share uses the receiver at
//   other hours, so it adds no peak load and needs no refurbishing;
// - the distance from a building to its receiver is the users' added travel.

// The confidence below which a building's figures are flagged: the optimiser's default minimum for a closure.
const LOW_CONFIDENCE = OPTIMISER_DEFAULTS.minClosureConfidence;

/** People present at the building's peak: P95 utilisation × capacity, or all users when that is unknown. */
export function peakPeople(b: ScenarioBuilding): number {
  if (b.peakUtilisation !== null && b.capacity !== null && b.capacity > 0) return b.peakUtilisation * b.capacity;
  return b.usersTotal ?? 0;
}

/** Gross m² per place (capacity, else users) of a receiving building; 0 when neither is known. */
export function m2PerPlace(b: ScenarioBuilding): number {
  if (b.capacity && b.capacity > 0) return b.grossAreaM2 / b.capacity;
  if (b.usersTotal && b.usersTotal > 0) return b.grossAreaM2 / b.usersTotal;
  return 0;
}

/** Great-circle distance between two buildings in km (Turf), null when either has no position. */
export function distanceKm(a: ScenarioBuilding, b: ScenarioBuilding): number | null {
  if (a.lon === null || a.lat === null || b.lon === null || b.lat === null) return null;
  return distance(point([a.lon, a.lat]), point([b.lon, b.lat]), { units: 'kilometers' });
}

/** Annual saving parts (DKK/year) of taking a building out of use by the given action. */
export function annualSavingParts(b: ScenarioBuilding, action: ScenarioAction['action'], params: ScenarioParams) {
  const lease = b.tenure === 'leased' ? (b.annualLeaseDkk ?? 0) : 0;
  const operating = b.annualOperatingCostDkk === null ? 0 : Math.max(0, b.annualOperatingCostDkk - lease);
  if (action === 'let_out') return { operatingDkk: operating, backlogDkk: 0, leaseDkk: 0 };
  return { operatingDkk: operating, backlogDkk: b.backlogDkk / params.backlogSpreadYears, leaseDkk: lease };
}

/** Energy of a building in kWh/year: the recorded figure, else the per-m² default × area. */
export function energyKwh(b: ScenarioBuilding, params: ScenarioParams): number {
  return b.energyKwhPerYear ?? params.energyKwhPerM2Year * b.grossAreaM2;
}

interface PortfolioIndex {
  byId: ReadonlyMap<string, ScenarioBuilding>;
  areaM2: number;
}

// Indexes of frozen portfolios (the server's cached portfolio, lib/scenarios/load-portfolio.ts, is a frozen array of
// frozen rows shared by every simulation until the data changes): built once per portfolio instead of a Map of 10,000
// buildings and a sum over them on every request. A portfolio that is not frozen could change between calls and is
// indexed afresh each time.
const frozenIndexes = new WeakMap<readonly ScenarioBuilding[], PortfolioIndex>();

function indexOf(portfolio: readonly ScenarioBuilding[]): PortfolioIndex {
  const known = frozenIndexes.get(portfolio);
  if (known) return known;
  const index = { byId: new Map(portfolio.map((b) => [b.id, b])), areaM2: portfolio.reduce((s, b) => s + b.grossAreaM2, 0) };
  if (Object.isFrozen(portfolio) && portfolio.every((b) => Object.isFrozen(b))) frozenIndexes.set(portfolio, index);
  return index;
}

/** Simulates a scenario against the current portfolio: m², kr, CO₂, travel, receivers' peaks, confidence. */
export function simulateScenario(portfolio: readonly ScenarioBuilding[], actions: ScenarioAction[], params: ScenarioParams): ScenarioOutcome {
  const { byId, areaM2: portfolioAreaM2 } = indexOf(portfolio);
  const warnings: ScenarioWarning[] = [];
  const removed = new Set(actions.map((a) => a.buildingId));
  const savings = { operatingDkk: 0, backlogDkk: 0, leaseDkk: 0 };
  const costs = { movingDkk: 0, refurbishDkk: 0 };
  const outcomes: ActionOutcome[] = [];
  const moves: Move[] = [];
  const addedPeak = new Map<string, number>();
  const usersIn = new Map<string, number>();
  const involved: string[] = [];
  let areaRemovedM2 = 0;
  let rentIncome = 0;
  let saleValue = 0;
  let co2 = 0;
  let usersAffected = 0;

  for (const a of actions) {
    const b = byId.get(a.buildingId);
    if (!b) {
      warnings.push({ code: 'unknown_building', buildingId: a.buildingId });
      continue;
    }
    involved.push(b.id);
    const parts = annualSavingParts(b, a.action, params);
    savings.operatingDkk += parts.operatingDkk;
    savings.backlogDkk += parts.backlogDkk;
    savings.leaseDkk += parts.leaseDkk;
    if (b.annualOperatingCostDkk === null) warnings.push({ code: 'no_cost_data', buildingId: b.id });
    const rent = a.action === 'let_out' ? params.rentIncomePerM2Dkk * b.grossAreaM2 : 0;
    const sale = a.action !== 'let_out' && b.tenure === 'owned' ? params.salePricePerM2Dkk * b.grossAreaM2 : 0;
    const users = b.usersTotal ?? 0;
    if (b.usersTotal === null) warnings.push({ code: 'users_unknown', buildingId: b.id });
    const moving = params.movingCostPerUserDkk * users;
    const co2T = (energyKwh(b, params) * params.emissionKgCo2PerKwh) / 1000;
    let refurbish = 0;

    if (a.receivers.length === 0 && users > 0) warnings.push({ code: 'users_without_receiver', buildingId: b.id, value: users });
    for (const r of a.receivers) {
      const receiver = byId.get(r.buildingId);
      if (!receiver) {
        warnings.push({ code: 'unknown_receiver', buildingId: b.id, otherBuildingId: r.buildingId });
        continue;
      }
      if (removed.has(receiver.id)) warnings.push({ code: 'receiver_is_removed', buildingId: b.id, otherBuildingId: receiver.id });
      if (!involved.includes(receiver.id)) involved.push(receiver.id);
      const moved = users * r.share;
      const km = distanceKm(b, receiver);
      if (km === null) warnings.push({ code: 'no_position', buildingId: b.id, otherBuildingId: receiver.id });
      moves.push({ fromId: b.id, toId: receiver.id, users: moved, distanceKm: km });
      usersIn.set(receiver.id, (usersIn.get(receiver.id) ?? 0) + moved);
      if (a.action === 'merge') {
        addedPeak.set(receiver.id, (addedPeak.get(receiver.id) ?? 0) + peakPeople(b) * r.share);
        refurbish += moved * m2PerPlace(receiver) * params.refurbishCostPerM2Dkk;
      }
    }

    areaRemovedM2 += b.grossAreaM2;
    rentIncome += rent;
    saleValue += sale;
    co2 += co2T;
    usersAffected += users;
    costs.movingDkk += moving;
    costs.refurbishDkk += refurbish;
    outcomes.push({
      buildingId: b.id,
      name: b.name,
      action: a.action,
      areaM2: b.grossAreaM2,
      annualSavingDkk: parts.operatingDkk + parts.backlogDkk + parts.leaseDkk,
      annualRentIncomeDkk: rent,
      saleValueDkk: sale,
      movingCostDkk: moving,
      refurbishCostDkk: refurbish,
      co2AvoidedT: co2T,
      users,
    });
  }

  const receivers: ReceiverLoad[] = [...usersIn.keys()].map((id) => {
    const r = byId.get(id)!;
    const known = r.peakUtilisation !== null && r.capacity !== null && r.capacity > 0;
    const added = addedPeak.get(id) ?? 0;
    const peakAfter = known ? r.peakUtilisation! + added / r.capacity! : null;
    if (!known && added > 0) warnings.push({ code: 'receiver_utilisation_unknown', buildingId: id });
    const overCeiling = peakAfter !== null && peakAfter > params.peakUtilisationCeiling + 1e-9;
    if (overCeiling) warnings.push({ code: 'receiver_over_ceiling', buildingId: id, value: peakAfter! });
    return { buildingId: id, name: r.name, capacity: r.capacity, peakBefore: r.peakUtilisation, peakAfter, usersIn: usersIn.get(id)!, overCeiling };
  });

  const measured = moves.filter((m) => m.distanceKm !== null && m.users > 0);
  const movedUsers = measured.reduce((s, m) => s + m.users, 0);
  const userKm = measured.reduce((s, m) => s + m.users * m.distanceKm!, 0);
  const travel = {
    meanAddedKm: movedUsers > 0 ? userKm / movedUsers : null,
    maxAddedKm: measured.length > 0 ? Math.max(...measured.map((m) => m.distanceKm!)) : null,
    userKm,
  };

  const confidenceRows = involved.map((id) => {
    const b = byId.get(id)!;
    if (b.confidence !== null && b.confidence < LOW_CONFIDENCE) warnings.push({ code: 'low_confidence', buildingId: id, value: b.confidence });
    return { buildingId: id, name: b.name, confidence: b.confidence };
  });
  const known = involved.map((id) => byId.get(id)!).filter((b) => b.confidence !== null);
  const knownArea = known.reduce((s, b) => s + b.grossAreaM2, 0);

  const annualSavingsDkk = savings.operatingDkk + savings.backlogDkk + savings.leaseDkk;
  const oneOffCostsDkk = costs.movingDkk + costs.refurbishDkk;
  const benefit = annualSavingsDkk + rentIncome;
  return {
    portfolioAreaM2,
    areaRemovedM2,
    areaRemovedShare: portfolioAreaM2 > 0 ? areaRemovedM2 / portfolioAreaM2 : 0,
    annualSavingsDkk,
    savingsBreakdown: savings,
    annualRentIncomeDkk: rentIncome,
    oneOffCostsDkk,
    costBreakdown: costs,
    saleValueDkk: saleValue,
    paybackYears: benefit > 0 ? Math.max(0, oneOffCostsDkk - saleValue) / benefit : null,
    co2AvoidedTPerYear: co2,
    usersAffected,
    travel,
    moves,
    receivers,
    confidence: {
      buildings: confidenceRows,
      min: known.length > 0 ? Math.min(...known.map((b) => b.confidence!)) : null,
      areaWeighted: knownArea > 0 ? known.reduce((s, b) => s + b.confidence! * b.grossAreaM2, 0) / knownArea : null,
    },
    actions: outcomes,
    warnings,
  };
}

/**
 * Net annual benefit in DKK/year: savings + rent income − one-off costs spread over `horizonYears`, plus the sale
 * value spread the same way when `includeSaleValue` (the optimiser's objective, with the same switch).
 */
export function netAnnualBenefit(outcome: ScenarioOutcome, horizonYears: number, includeSaleValue = false): number {
  const sale = includeSaleValue ? outcome.saleValueDkk : 0;
  return outcome.annualSavingsDkk + outcome.annualRentIncomeDkk - (outcome.oneOffCostsDkk - sale) / horizonYears;
}
