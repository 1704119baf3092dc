import type { Category } from '@/lib/registry/categories';
import { facilitiesWithinReach, reachDistanceKm } from './coverage';
import { demandByAreaYear } from './demand';
import type { DemandInputs } from './demand-report';
import { allocatePlaces } from './place-allocation';
import type { ForecastVariant } from './services';

// The coverage rule (coverage.ts) as a limit on closures, for the optimiser. Per service the places of the open
// buildings are shared out over the districts within their reach (a transportation problem): flows y_bd ≥ 0 with
//   Σ_d y_bd ≤ places_b (1 − close_b)   for every building b,   Σ_b y_bd ≥ required_d   for every district d.
// Closures are for good, so one flow has to serve every year: required_d is the district's largest need of the horizon
// (conservative: the simulation may share places differently from year to year). Where today's buildings cannot give
// a district that much already, required_d is what they give it in the best sharing, so a plan may not make it worse.
// Groups of districts and buildings that no closure can make short (their buildings that may not close serve them
// alone) are left out: they would only add rows and columns. The number of years does not change the model's size.

export interface DemandLimit {
  category: Category;
  /** Districts the service's places must serve (index = position here). */
  districts: { id: string; /** Year of the largest need. */ year: number; /** Largest need of the horizon, persons. */ needPlaces: number; /** Places the sharing must give it, persons. */ requiredPlaces: number }[];
  /** Buildings of the service within reach of at least one of those districts, with the districts (indexes) they can serve. */
  buildings: { id: string; places: number; districts: number[] }[];
}

/** The optimiser's demand limits for one variant (one per service), places counted within `reachKm` of each district. */
export function demandLimits(inputs: DemandInputs, variant: ForecastVariant, reachKm: number): DemandLimit[] {
  const cells = (inputs.cells[variant] ?? []).filter((c) => c.year >= inputs.fromYear && c.year <= inputs.settings.horizonYear);
  if (cells.length === 0) return [];
  const limits: DemandLimit[] = [];
  for (const category of Object.keys(inputs.settings.services) as Category[]) {
    const service = inputs.settings.services[category]!;
    const buildings = inputs.buildings.filter((b) => b.category === category);
    if (buildings.length === 0) continue;
    const peak = new Map<string, { year: number; places: number }>();
    for (const r of demandByAreaYear(cells, service)) {
      const best = peak.get(r.areaId);
      if (!best || r.places > best.places) peak.set(r.areaId, { year: r.year, places: r.places });
    }
    const districts = inputs.districts.filter((d) => (peak.get(d.id)?.places ?? 0) > 0);
    if (districts.length === 0) continue;
    const reach = facilitiesWithinReach(districts, buildings, reachKm);
    const index = new Map(buildings.map((b, i) => [b.id, i]));
    const reachIndexes = districts.map((d) => reach.get(d.id)!.map((b) => index.get(b.id)!));
    const distances = districts.map((d) => reach.get(d.id)!.map((b) => reachDistanceKm(d, b)!));
    const needs = districts.map((d) => peak.get(d.id)!.places);
    const { served } = allocatePlaces(needs, buildings.map((b) => b.places), reachIndexes, distances);
    const servedBy = new Map<number, number[]>();
    reachIndexes.forEach((list, d) => list.forEach((b) => (servedBy.get(b) ?? servedBy.set(b, []).get(b)!).push(d)));
    limits.push({
      category,
      // served = the need where today's buildings cover it, else what they give (no half-place rounding slack: the
      // simulation's sharing of a year may differ from the plan's, and a full need leaves it nothing to round).
      districts: districts.map((d, k) => ({ id: d.id, year: peak.get(d.id)!.year, needPlaces: needs[k], requiredPlaces: served[k] })),
      buildings: [...servedBy].sort((a, b) => a[0] - b[0]).map(([b, ds]) => ({ id: buildings[b].id, places: buildings[b].places, districts: ds })),
    });
  }
  return limits;
}

/**
 * Whether the buildings of a limit that stay open (not in `closedIds`) can still give every district its required
 * places; only the districts in `onlyDistricts` (indexes) and the buildings serving them are looked at when given.
 */
export function demandLimitHolds(limit: DemandLimit, closedIds: ReadonlySet<string>, onlyDistricts?: ReadonlySet<number>): boolean {
  const ds = onlyDistricts ? [...onlyDistricts] : limit.districts.map((_, k) => k);
  const position = new Map(ds.map((d, k) => [d, k]));
  const reach: number[][] = ds.map(() => []);
  const capacities: number[] = [];
  for (const b of limit.buildings) {
    const open = closedIds.has(b.id) ? 0 : b.places;
    const mine = b.districts.filter((d) => position.has(d));
    if (mine.length === 0) continue;
    for (const d of mine) reach[position.get(d)!].push(capacities.length);
    capacities.push(open);
  }
  const needs = ds.map((d) => limit.districts[d].requiredPlaces);
  return allocatePlaces(needs, capacities, reach).missing <= 1e-6;
}

/** Groups of a limit's districts that share buildings (connected components), as district indexes. */
export function demandGroups(limit: DemandLimit): number[][] {
  const parent = limit.districts.map((_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])));
  for (const b of limit.buildings) for (const d of b.districts.slice(1)) parent[find(d)] = find(b.districts[0]);
  const groups = new Map<number, number[]>();
  limit.districts.forEach((_, k) => (groups.get(find(k)) ?? groups.set(find(k), []).get(find(k))!).push(k));
  return [...groups.values()];
}
