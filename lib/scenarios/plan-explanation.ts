import { annualSavingParts, peakPeople } from './simulate';
import { serviceKind, type ServiceKind } from './optimiser-defaults';
import type { Closure, OptimisationModel } from './optimise-model';
import type { ScenarioParams } from './types';

// Why the optimiser proposes what it proposes, in figures a property manager can repeat in committee: every closed
// building with its use, cost, backlog and where its users go; every receiver with its places and peak before and
// after; one net savings figure with its parts (the same sum the optimiser maximised). Pure.

export interface ExplainedMove {
  id: string;
  name: string;
  kind: ServiceKind;
  share: number;
  users: number;
  km: number;
  differentKind: boolean;
}

export interface ExplainedClosure {
  id: string;
  name: string;
  category: string;
  kind: ServiceKind;
  areaM2: number;
  users: number;
  /** Measured P95 peak ÷ capacity, 0..1; null = not measured. */
  peakUtilisation: number | null;
  confidence: number | null;
  /** The closure rests on registry data (allowed only when the user said so). */
  onRegistryData: boolean;
  /** Operating cost (without lease) per m² per year, DKK; null without cost data. */
  costPerM2Dkk: number | null;
  backlogDkk: number;
  /** This closure's part of the net annual savings, DKK/year (gain − its share of refurbishing). */
  netSavingDkk: number;
  moves: ExplainedMove[];
}

export interface ExplainedReceiver {
  id: string;
  name: string;
  kind: ServiceKind;
  capacity: number | null;
  usersBefore: number | null;
  usersAfter: number | null;
  peakBefore: number | null;
  peakAfter: number | null;
  /** Longest move into it, km. */
  maxKm: number;
  /** Receives users from a different kind of building. */
  differentKind: boolean;
  fromIds: string[];
}

/** Net annual savings, DKK/year, and its parts: savings − one-off costs spread over the horizon (+ sale when counted). */
export interface SavingsParts {
  netDkk: number;
  operatingDkk: number;
  backlogDkk: number;
  leaseDkk: number;
  movingPerYearDkk: number;
  refurbishPerYearDkk: number;
  salePerYearDkk: number;
  horizonYears: number;
}

export interface PlanExplanation {
  closed: ExplainedClosure[];
  receivers: ExplainedReceiver[];
  savings: SavingsParts;
}

/** Explains a set of closures in the model's own figures (the savings parts add up to closuresNetSavings). */
export function explainPlan(model: OptimisationModel, closures: Closure[], params: ScenarioParams): PlanExplanation {
  const { portfolio, options } = model;
  const pairs = new Map(model.pairs.map((p) => [`${p.from}_${p.to}`, p]));
  const candidates = new Map(model.candidates.map((c) => [c.index, c]));
  const savings: SavingsParts = { netDkk: 0, operatingDkk: 0, backlogDkk: 0, leaseDkk: 0, movingPerYearDkk: 0, refurbishPerYearDkk: 0, salePerYearDkk: 0, horizonYears: options.horizonYears };
  const incoming = new Map<number, { users: number; peak: number; maxKm: number; differentKind: boolean; from: string[] }>();
  const closed = closures.map((cl): ExplainedClosure => {
    const c = candidates.get(cl.index)!;
    const b = c.building;
    const parts = annualSavingParts(b, 'close', params);
    const moving = (params.movingCostPerUserDkk * c.users) / options.horizonYears;
    const sale = options.includeSaleValue && b.tenure === 'owned' ? (params.salePricePerM2Dkk * b.grossAreaM2) / options.horizonYears : 0;
    let refurbish = 0;
    const moves = cl.receivers.map((r): ExplainedMove => {
      const p = pairs.get(`${cl.index}_${r.index}`)!;
      const to = portfolio[r.index];
      refurbish += p.refurbishPerYearDkk * r.share;
      const into = incoming.get(r.index) ?? { users: 0, peak: 0, maxKm: 0, differentKind: false, from: [] };
      into.users += c.users * r.share;
      into.peak += peakPeople(b) * r.share;
      into.maxKm = Math.max(into.maxKm, p.km);
      into.differentKind ||= p.differentKind;
      into.from.push(b.id);
      incoming.set(r.index, into);
      return { id: to.id, name: to.name, kind: serviceKind(to), share: r.share, users: c.users * r.share, km: p.km, differentKind: p.differentKind };
    });
    savings.operatingDkk += parts.operatingDkk;
    savings.backlogDkk += parts.backlogDkk;
    savings.leaseDkk += parts.leaseDkk;
    savings.movingPerYearDkk += moving;
    savings.refurbishPerYearDkk += refurbish;
    savings.salePerYearDkk += sale;
    return {
      id: b.id,
      name: b.name,
      category: b.category,
      kind: serviceKind(b),
      areaM2: b.grossAreaM2,
      users: c.users,
      peakUtilisation: b.peakUtilisation,
      confidence: b.confidence,
      onRegistryData: c.onRegistryData,
      costPerM2Dkk: b.annualOperatingCostDkk === null || b.grossAreaM2 <= 0 ? null : parts.operatingDkk / b.grossAreaM2,
      backlogDkk: b.backlogDkk,
      netSavingDkk: c.gainDkk - refurbish,
      moves,
    };
  });
  savings.netDkk = savings.operatingDkk + savings.backlogDkk + savings.leaseDkk - savings.movingPerYearDkk - savings.refurbishPerYearDkk + savings.salePerYearDkk;
  const receivers = [...incoming].map(([index, into]): ExplainedReceiver => {
    const r = portfolio[index];
    const cap = r.capacity && r.capacity > 0 ? r.capacity : null;
    return {
      id: r.id,
      name: r.name,
      kind: serviceKind(r),
      capacity: r.capacity,
      usersBefore: r.usersTotal,
      usersAfter: r.usersTotal === null ? null : r.usersTotal + into.users,
      peakBefore: r.peakUtilisation,
      peakAfter: r.peakUtilisation === null || cap === null ? null : r.peakUtilisation + into.peak / cap,
      maxKm: into.maxKm,
      differentKind: into.differentKind,
      fromIds: into.from,
    };
  });
  return { closed, receivers, savings };
}
