import type { Category } from '@/lib/registry/categories';
import { checkCoverage, type CoverageDistrict, type CoverageReport, type Shortfall } from './coverage';
import { demandByAreaYear, type DemandRow, type ForecastCell } from './demand';
import type { DemandSettings, ForecastVariant } from './services';

// Demand against capacity for every service, variant and year of an organisation, as plain data: the one place the
// /demand page, the building panel, a scenario's simulation and the politician's brief get their figures from.

/** A building that offers places for the service of its category. */
export interface ServiceBuilding {
  id: string;
  name: string;
  category: Category;
  districtId: string | null;
  /** Places, persons. */
  places: number;
  /** True when the places are estimated from m² by the category's norm. */
  estimated: boolean;
  lon: number | null;
  lat: number | null;
}

export interface DemandInputs {
  districts: CoverageDistrict[];
  buildings: ServiceBuilding[];
  /** Forecast cells by variant; areaId = the district the forecast area is matched to. */
  cells: Partial<Record<ForecastVariant, ForecastCell[]>>;
  settings: DemandSettings;
  /** True when any figure used is Areal's own estimate (cohort projection), not an imported forecast. */
  ownEstimate: boolean;
  /** The first year looked at (the current year). */
  fromYear: number;
}

export interface ServiceCoverage {
  category: Category;
  report: CoverageReport;
  /** Buildings of the service whose places are estimated from m². */
  estimatedBuildings: number;
}

export interface NamedShortfall extends Shortfall {
  category: Category;
  districtName: string | null;
}

export interface DemandReport {
  variant: ForecastVariant;
  reachKm: number;
  fromYear: number;
  horizonYear: number;
  services: ServiceCoverage[];
  /** The earliest shortfall over all services (ties: the larger one). */
  first: NamedShortfall | null;
}

// Places needed do not depend on which buildings a scenario removes: computed once per inputs, variant and service.
const demandMemo = new WeakMap<DemandInputs, Map<string, DemandRow[]>>();

function placesNeededRows(inputs: DemandInputs, variant: ForecastVariant, category: Category): DemandRow[] {
  let memo = demandMemo.get(inputs);
  if (!memo) demandMemo.set(inputs, (memo = new Map()));
  const key = `${variant}:${category}`;
  const known = memo.get(key);
  if (known) return known;
  const { settings, fromYear } = inputs;
  const cells = (inputs.cells[variant] ?? []).filter((c) => c.year >= fromYear && c.year <= settings.horizonYear);
  const rows = demandByAreaYear(cells, settings.services[category]!);
  memo.set(key, rows);
  return rows;
}

/** The variants an organisation has figures for, in the order low, main, high. */
export function availableVariants(inputs: DemandInputs): ForecastVariant[] {
  return (['low', 'main', 'high'] as const).filter((v) => (inputs.cells[v]?.length ?? 0) > 0);
}

/**
 * Coverage of every service in one variant, from `fromYear` to the horizon, with the buildings in `removedIds` taken
 * out (a scenario's closed, let-out, merged or shared buildings) and places counted within `reachKm` of each district.
 */
export function demandReport(inputs: DemandInputs, variant: ForecastVariant, reachKm: number, removedIds: ReadonlySet<string> = new Set()): DemandReport {
  const { settings, fromYear } = inputs;
  const services: ServiceCoverage[] = [];
  for (const category of Object.keys(settings.services) as Category[]) {
    const remaining = inputs.buildings.filter((b) => b.category === category && !removedIds.has(b.id));
    const demand = placesNeededRows(inputs, variant, category);
    if (demand.length === 0) continue;
    const report = checkCoverage(inputs.districts, remaining, demand, { reachKm, warningYears: settings.warningYears });
    services.push({ category, report, estimatedBuildings: remaining.filter((b) => b.estimated).length });
  }
  const names = new Map(inputs.districts.map((d) => [d.id, d.name]));
  const firsts = services
    .filter((s) => s.report.firstShortfall)
    .map((s) => ({ ...s.report.firstShortfall!, category: s.category, districtName: s.report.firstShortfall!.districtId ? (names.get(s.report.firstShortfall!.districtId) ?? null) : null }))
    .sort((a, b) => a.year - b.year || b.places - a.places);
  return { variant, reachKm, fromYear, horizonYear: settings.horizonYear, services, first: firsts[0] ?? null };
}
