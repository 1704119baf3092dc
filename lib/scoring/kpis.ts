// Building KPIs from plain data: utilisation (frequency × occupancy, average and peak, after hours),
// space per user, cost and condition, and the data confidence behind them. Pure — `asOf` is passed in.
import type { Category } from '@/lib/registry/categories';
import { histogramQuantile, type SensorKind, type SensorUsage } from './sensor-usage';

export interface BuildingRecord {
  id: string;
  name: string;
  category: Category;
  district: string | null;
  useCode: number | null;
  grossAreaM2: number | null;
  capacity: number | null;
  usersTotal: number | null;
  tenure: 'owned' | 'leased';
  annualLeaseDkk: number | null;
  replacementValueDkk: number | null;
  /** False when opening hours were missing and the default was assumed. */
  openingHoursKnown: boolean;
  /** Garages, sheds (BBR 910–990): kept, but never given a utilisation score. */
  ancillary: boolean;
}

export interface SensorInput {
  id: string;
  kind: SensorKind;
  /** Area the sensor sees (m²): its own, its room's, or the building's when it covers the whole building; null = unknown. */
  coveredAreaM2: number | null;
  /** Seats/places in what it sees; null = unknown (count sensors then give frequency only). */
  capacity: number | null;
  usage: SensorUsage;
}

export interface CostLine {
  year: number;
  type: string;
  amountDkk: number;
}

export interface BuildingInput {
  building: BuildingRecord;
  sensors: SensorInput[];
  /** Opening hours expected in the period, holidays and closures excluded (h). */
  expectedOpenHours: number;
  periodDays: number;
  /** Cost lines of the most recent cost year (or all years; the newest year ≤ asOf is used). */
  costs: CostLine[];
  /** Overdue, not-done maintenance (kr); null when the building has no maintenance plan at all. */
  backlogDkk: number | null;
  /** m² per user considered normal for the category; null = no norm. */
  m2PerUserNorm: number | null;
}

export interface ConfidenceParts {
  /** Share of the gross area seen by sensors, 0..1. */
  areaCoverage: number;
  /** Share of expected opening hours with readings (area-weighted over sensors), 0..1. */
  hourCoverage: number;
  /** 1 when the newest reading is ≤ 7 days old, falling linearly to 0 at 90 days. */
  freshness: number;
  /** Share of registry fields present, 0..1. */
  registryCompleteness: number;
  /** Age of the newest reading (days), null without readings. */
  dataAgeDays: number | null;
  missingFields: string[];
}

export interface BuildingKpis {
  sensorCount: number;
  /** 'count' when any sensor counts people; 'presence' when only presence sensors; null without sensors. */
  basis: SensorKind | null;
  frequency: number | null;
  occupancy: number | null;
  utilisation: number | null;
  peakUtilisation: number | null;
  afterHoursFrequency: number | null;
  afterHoursUtilisation: number | null;
  knownOpenHours: number;
  expectedOpenHours: number;
  m2PerUser: number | null;
  m2PerUserNorm: number | null;
  /** m² per user ÷ norm (1 = on the norm, 2 = twice the space). */
  m2PerUserVsNorm: number | null;
  costYear: number | null;
  annualCostDkk: number | null;
  costPerM2: number | null;
  costPerUser: number | null;
  costPerUsedHour: number | null;
  backlogDkk: number | null;
  backlogPerM2: number | null;
  fci: number | null;
  confidence: number;
  confidenceParts: ConfidenceParts;
}

/** Confidence weights: sensor area coverage, hour coverage, freshness, registry completeness (sum 1). */
export const CONFIDENCE_WEIGHTS = { areaCoverage: 0.3, hourCoverage: 0.3, freshness: 0.2, registryCompleteness: 0.2 } as const;

const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0 ? null : a / b;

/** Weighted mean of the non-null values; null when none. */
function weightedMean(items: { value: number | null; weight: number }[]): number | null {
  let s = 0;
  let w = 0;
  for (const it of items) {
    if (it.value === null || it.weight <= 0) continue;
    s += it.value * it.weight;
    w += it.weight;
  }
  return w > 0 ? s / w : null;
}

/** 1 at ≤ 7 days, linear to 0 at 90 days (unitless). */
export function freshnessOf(ageDays: number | null): number {
  if (ageDays === null) return 0;
  if (ageDays <= 7) return 1;
  if (ageDays >= 90) return 0;
  return 1 - (ageDays - 7) / (90 - 7);
}

/** Computes every KPI of one building over the period (shares 0..1, money in kr, area in m²). */
export function buildingKpis(input: BuildingInput, asOf: Date): BuildingKpis {
  const { building: b, sensors } = input;
  const gross = b.grossAreaM2 && b.grossAreaM2 > 0 ? b.grossAreaM2 : null;

  // Each sensor weighs by the area it sees; without an area, by its capacity; else 1.
  const weightOf = (s: SensorInput) => s.coveredAreaM2 ?? s.capacity ?? 1;
  const perSensor = sensors.map((s) => {
    const u = s.usage;
    const frequency = ratio(u.openUsed, u.openKnown);
    const utilisation = ratio(u.openRatioSum, u.openRatioKnown);
    return {
      weight: weightOf(s),
      kind: s.kind,
      frequency,
      utilisation,
      peak: histogramQuantile(u.openHist, 0.95),
      afterFrequency: ratio(u.afterUsed, u.afterKnown),
      afterUtilisation: ratio(u.afterRatioSum, u.afterRatioKnown),
      hourCoverage: input.expectedOpenHours > 0 ? Math.min(1, u.openKnown / input.expectedOpenHours) : 0,
    };
  });
  const mean = (pick: (p: (typeof perSensor)[number]) => number | null) =>
    weightedMean(perSensor.map((p) => ({ value: pick(p), weight: p.weight })));

  const frequency = mean((p) => p.frequency);
  const utilisation = b.ancillary ? null : mean((p) => p.utilisation);
  const basis: SensorKind | null = sensors.length === 0 ? null : sensors.some((s) => s.kind === 'count') ? 'count' : 'presence';
  // Presence sensors see whether a space is used, not by how many: occupancy stays unknown for them.
  const countFrequency = weightedMean(perSensor.filter((p) => p.kind === 'count').map((p) => ({ value: p.frequency, weight: p.weight })));
  const countUtilisation = weightedMean(perSensor.filter((p) => p.kind === 'count').map((p) => ({ value: p.utilisation, weight: p.weight })));
  const occupancy = countFrequency && countUtilisation !== null ? countUtilisation / countFrequency : null;

  // Coverage of area: the sensors' areas over the gross area; a sensor without an area counts as the whole building
  // only when the building's area is unknown too (then coverage is 0.5: we cannot tell).
  const coveredArea = sensors.reduce((s, x) => s + (x.coveredAreaM2 ?? 0), 0);
  const areaCoverage = sensors.length === 0 ? 0 : gross ? Math.min(1, coveredArea / gross) : 0.5;
  const hourCoverage = sensors.length === 0 ? 0 : (mean((p) => p.hourCoverage) ?? 0);
  const newest = sensors.reduce<Date | null>((m, s) => (s.usage.newestHour && (!m || s.usage.newestHour > m) ? s.usage.newestHour : m), null);
  const dataAgeDays = newest ? Math.max(0, (asOf.getTime() - newest.getTime()) / 86_400_000) : null;

  // Costs: the newest year with cost lines not after asOf; a lease without a rent line is added.
  const asOfYear = asOf.getUTCFullYear();
  const years = [...new Set(input.costs.map((c) => c.year))].filter((y) => y <= asOfYear).sort((x, y) => y - x);
  const costYear = years[0] ?? null;
  let annualCostDkk: number | null = null;
  if (costYear !== null) {
    const lines = input.costs.filter((c) => c.year === costYear);
    annualCostDkk = lines.reduce((s, c) => s + c.amountDkk, 0);
    if (b.tenure === 'leased' && b.annualLeaseDkk && !lines.some((c) => c.type === 'rent')) annualCostDkk += b.annualLeaseDkk;
  } else if (b.tenure === 'leased' && b.annualLeaseDkk) {
    annualCostDkk = b.annualLeaseDkk;
  }
  const users = b.usersTotal && b.usersTotal > 0 ? b.usersTotal : null;
  const annualOpenHours = input.periodDays > 0 ? (input.expectedOpenHours * 365) / input.periodDays : 0;
  const usedHoursPerYear = frequency !== null && frequency > 0 ? frequency * annualOpenHours : null;

  const registry: [string, boolean][] = [
    ['grossArea', gross !== null],
    ['capacity', b.capacity !== null && b.capacity > 0],
    ['users', users !== null],
    ['openingHours', b.openingHoursKnown],
    ['useCode', b.useCode !== null],
    ['replacementValue', b.replacementValueDkk !== null && b.replacementValueDkk > 0],
    ['costs', annualCostDkk !== null],
    ['maintenancePlan', input.backlogDkk !== null],
  ];
  const registryCompleteness = registry.filter(([, ok]) => ok).length / registry.length;
  const parts: ConfidenceParts = {
    areaCoverage,
    hourCoverage,
    freshness: freshnessOf(dataAgeDays),
    registryCompleteness,
    dataAgeDays,
    missingFields: registry.filter(([, ok]) => !ok).map(([name]) => name),
  };
  const confidence =
    CONFIDENCE_WEIGHTS.areaCoverage * parts.areaCoverage +
    CONFIDENCE_WEIGHTS.hourCoverage * parts.hourCoverage +
    CONFIDENCE_WEIGHTS.freshness * parts.freshness +
    CONFIDENCE_WEIGHTS.registryCompleteness * parts.registryCompleteness;

  const m2PerUser = ratio(gross, users);
  return {
    sensorCount: sensors.length,
    basis,
    frequency,
    occupancy,
    utilisation,
    peakUtilisation: b.ancillary ? null : mean((p) => p.peak),
    afterHoursFrequency: mean((p) => p.afterFrequency),
    afterHoursUtilisation: mean((p) => p.afterUtilisation),
    knownOpenHours: sensors.length ? Math.max(...sensors.map((s) => s.usage.openKnown)) : 0,
    expectedOpenHours: input.expectedOpenHours,
    m2PerUser,
    m2PerUserNorm: input.m2PerUserNorm,
    m2PerUserVsNorm: ratio(m2PerUser, input.m2PerUserNorm),
    costYear,
    annualCostDkk,
    costPerM2: ratio(annualCostDkk, gross),
    costPerUser: ratio(annualCostDkk, users),
    costPerUsedHour: ratio(annualCostDkk, usedHoursPerYear),
    backlogDkk: input.backlogDkk,
    backlogPerM2: ratio(input.backlogDkk, gross),
    fci: ratio(input.backlogDkk, b.replacementValueDkk),
    confidence,
    confidenceParts: parts,
  };
}
