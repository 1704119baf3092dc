import { distance, point } from '@turf/turf';
import type { DemandRow } from './demand';
import { allocatePlaces } from './place-allocation';

// Capacity against demand, year by year, for one service. The rule (docs/demand.md § Coverage), the same one the
// optimiser's demand constraint uses:
//   a building's places serve the districts within reach of it (distance from the district's reference point ≤
//   reachKm), but each place one district at a time: per year the places are shared out over the districts as a
//   transportation problem (place-allocation.ts), and a district is short by what the best sharing cannot give it.
//   A building within reach of two districts therefore covers them together, not each of them in full.
// The municipality is short when all of the service's places are fewer than all of the places needed (implied by the
// districts' check when every district is covered; kept as the figure the municipal view shows).

export interface CoverageDistrict {
  id: string;
  name: string;
  /** Reference point of the district (its point on surface), WGS84. */
  lon: number;
  lat: number;
}

export interface CoverageFacility {
  id: string;
  /** Places (persons) the building offers for the service. */
  places: number;
  lon: number | null;
  lat: number | null;
}

export type PressureStatus = 'over' | 'warning' | 'enough';

export interface DistrictYearCoverage {
  districtId: string;
  year: number;
  /** Places needed, persons. */
  demand: number;
  /** Places of buildings within reach, persons (some of them may be needed by neighbouring districts). */
  placesWithinReach: number;
  /** Places missing after sharing the places out over the districts (place-allocation.ts), 0 when covered. */
  shortfall: number;
  /** over: short this year; warning: short within `warningYears`; enough otherwise. */
  status: PressureStatus;
}

export interface MunicipalYearCoverage {
  year: number;
  demand: number;
  places: number;
  shortfall: number;
}

export interface Shortfall {
  year: number;
  /** null = the municipality as a whole (no single district short). */
  districtId: string | null;
  /** Places missing, persons, rounded up. */
  places: number;
}

export interface CoverageReport {
  districts: DistrictYearCoverage[];
  municipality: MunicipalYearCoverage[];
  /** The first year with a shortfall and, in it, the district short of the most places; null when always covered. */
  firstShortfall: Shortfall | null;
}

export interface CoverageOptions {
  reachKm: number;
  warningYears: number;
}

/** Kilometres from a district's reference point to a building (great circle); null when the building has no position. */
export function reachDistanceKm(d: CoverageDistrict, f: CoverageFacility): number | null {
  if (f.lon === null || f.lat === null) return null;
  return distance(point([d.lon, d.lat]), point([f.lon, f.lat]), { units: 'kilometers' });
}

/** Which facilities lie within reach of each district, nearest first: the one geometric step of the rule. */
export function facilitiesWithinReach<F extends CoverageFacility>(districts: readonly CoverageDistrict[], facilities: readonly F[], reachKm: number): Map<string, F[]> {
  const out = new Map<string, F[]>();
  for (const d of districts) {
    const near: { f: F; km: number }[] = [];
    for (const f of facilities) {
      const km = reachDistanceKm(d, f);
      if (km !== null && km <= reachKm) near.push({ f, km });
    }
    out.set(d.id, near.sort((a, b) => a.km - b.km || (a.f.id < b.f.id ? -1 : 1)).map((n) => n.f));
  }
  return out;
}

// Demand figures are fractional persons; a shortfall below half a place is rounding, not a missing place.
export const ROUNDING = 0.5;

/** Checks every district and year of `demand` against the places within reach, shared out over the districts, and the municipal total. */
export function checkCoverage(
  districts: readonly CoverageDistrict[],
  facilities: readonly CoverageFacility[],
  demand: readonly DemandRow[],
  options: CoverageOptions,
): CoverageReport {
  const reach = facilitiesWithinReach(districts, facilities, options.reachKm);
  const placesIn = new Map([...reach].map(([id, list]) => [id, list.reduce((s, f) => s + f.places, 0)]));
  const facilityIndex = new Map(facilities.map((f, i) => [f, i]));
  const districtIds = districts.map((d) => d.id);
  const reachIndexes = districtIds.map((id) => reach.get(id)!.map((f) => facilityIndex.get(f)!));
  const reachKm = districts.map((d) => reach.get(d.id)!.map((f) => reachDistanceKm(d, f)!));
  const capacities = facilities.map((f) => f.places);
  const known = new Set(districtIds);
  const byYear = new Map<number, Map<string, number>>();
  for (const r of demand) {
    if (!known.has(r.areaId)) continue;
    const year = byYear.get(r.year) ?? byYear.set(r.year, new Map()).get(r.year)!;
    year.set(r.areaId, (year.get(r.areaId) ?? 0) + r.places);
  }
  const rows: DistrictYearCoverage[] = [];
  for (const [year, needs] of byYear) {
    const need = districtIds.map((id) => needs.get(id) ?? 0);
    const { served } = allocatePlaces(need, capacities, reachIndexes, reachKm);
    districtIds.forEach((id, k) => {
      if (!needs.has(id)) return;
      const short = need[k] - served[k];
      rows.push({ districtId: id, year, demand: need[k], placesWithinReach: placesIn.get(id) ?? 0, shortfall: short > ROUNDING ? short : 0, status: 'enough' });
    });
  }
  rows.sort((a, b) => (a.districtId === b.districtId ? a.year - b.year : a.districtId < b.districtId ? -1 : 1));

  const shortYears = new Map<string, number[]>();
  for (const r of rows) if (r.shortfall > 0) (shortYears.get(r.districtId) ?? shortYears.set(r.districtId, []).get(r.districtId)!).push(r.year);
  for (const r of rows) {
    if (r.shortfall > 0) r.status = 'over';
    else if ((shortYears.get(r.districtId) ?? []).some((y) => y > r.year && y - r.year <= options.warningYears)) r.status = 'warning';
  }

  const totalPlaces = facilities.reduce((s, f) => s + f.places, 0);
  const totals = new Map<number, number>();
  for (const r of rows) totals.set(r.year, (totals.get(r.year) ?? 0) + r.demand);
  const municipality = [...totals]
    .sort((a, b) => a[0] - b[0])
    .map(([year, d]) => ({ year, demand: d, places: totalPlaces, shortfall: d - totalPlaces > ROUNDING ? d - totalPlaces : 0 }));

  return { districts: rows, municipality, firstShortfall: firstShortfall(rows, municipality) };
}

/** The earliest year anything is short, and there the district short of most places (ties: district id order). */
export function firstShortfall(rows: readonly DistrictYearCoverage[], municipality: readonly MunicipalYearCoverage[]): Shortfall | null {
  const years = [...rows.filter((r) => r.shortfall > 0).map((r) => r.year), ...municipality.filter((m) => m.shortfall > 0).map((m) => m.year)];
  if (years.length === 0) return null;
  const year = Math.min(...years);
  const worst = rows.filter((r) => r.year === year && r.shortfall > 0).sort((a, b) => b.shortfall - a.shortfall || (a.districtId < b.districtId ? -1 : 1))[0];
  if (worst) return { year, districtId: worst.districtId, places: Math.ceil(worst.shortfall - 1e-9) };
  const m = municipality.find((x) => x.year === year)!;
  return { year, districtId: null, places: Math.ceil(m.shortfall - 1e-9) };
}
