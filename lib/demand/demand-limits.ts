import type { Category } from '@/lib/registry/categories';
import { facilitiesWithinReach, ROUNDING } from './coverage';
import { demandByAreaYear } from './demand';
import type { DemandInputs } from './demand-report';
import type { ForecastVariant } from './services';

// The coverage rule (coverage.ts) as limits on closures, for the optimiser: closing buildings removes their places for
// good, so "places within reach ≥ demand in every year" is "places closed within reach ≤ places within reach − the
// largest demand of any year". One limit per service and district (and one for the municipality), whatever the number
// of years — which is why a 15-year horizon costs the MILP no more rows than one year.

export interface DemandLimit {
  category: Category;
  /** null = the municipality as a whole. */
  districtId: string | null;
  /** The year of the largest demand (the one that binds). */
  year: number;
  /** Places per building that counts for this limit (building id → places). */
  places: Record<string, number>;
  /** Places that may close without a shortfall in any year; 0 when the district is short already. */
  maxRemovablePlaces: number;
}

/** The optimiser's demand limits for one variant, places counted within `reachKm` of each district. */
export function demandLimits(inputs: DemandInputs, variant: ForecastVariant, reachKm: number): DemandLimit[] {
  const cells = (inputs.cells[variant] ?? []).filter((c) => c.year >= inputs.fromYear && c.year <= inputs.settings.horizonYear);
  if (cells.length === 0) return [];
  const limits: DemandLimit[] = [];
  for (const category of Object.keys(inputs.settings.services) as Category[]) {
    const service = inputs.settings.services[category]!;
    const buildings = inputs.buildings.filter((b) => b.category === category);
    if (buildings.length === 0) continue;
    // Largest demand per district over the years, and of the municipality.
    const byDistrictYear = new Map<string, Map<number, number>>();
    for (const r of demandByAreaYear(cells, service)) {
      const years = byDistrictYear.get(r.areaId) ?? byDistrictYear.set(r.areaId, new Map()).get(r.areaId)!;
      years.set(r.year, r.places);
    }
    const reach = facilitiesWithinReach(inputs.districts, buildings, reachKm);
    const municipalByYear = new Map<number, number>();
    for (const d of inputs.districts) {
      const years = byDistrictYear.get(d.id);
      if (!years) continue;
      for (const [y, v] of years) municipalByYear.set(y, (municipalByYear.get(y) ?? 0) + v);
      const within = reach.get(d.id) ?? [];
      if (within.length === 0) continue;
      const [year, peak] = [...years].reduce((best, cur) => (cur[1] > best[1] ? cur : best));
      limits.push(limit(category, d.id, year, within, peak));
    }
    if (municipalByYear.size > 0) {
      const [year, peak] = [...municipalByYear].reduce((best, cur) => (cur[1] > best[1] ? cur : best));
      limits.push(limit(category, null, year, buildings, peak));
    }
  }
  return limits;
}

function limit(category: Category, districtId: string | null, year: number, buildings: readonly { id: string; places: number }[], peakDemand: number): DemandLimit {
  const total = buildings.reduce((s, b) => s + b.places, 0);
  return { category, districtId, year, places: Object.fromEntries(buildings.map((b) => [b.id, b.places])), maxRemovablePlaces: Math.max(0, total - peakDemand + ROUNDING) };
}
