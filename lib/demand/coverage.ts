import { distance, point } from '@turf/turf';
import type { DemandRow } from './demand';

// Capacity against demand, year by year, for one service. The rule (docs/demand.md § Coverage), the same one the
// optimiser's demand constraint uses:
//   a district is covered in a year when the places of the service's buildings within reach of it (distance from the
//   district's reference point ≤ reachKm) are at least the places its population needs, and
//   the municipality is covered when all of the service's places are at least all of the places needed.
// Both are necessary conditions for placing every child in reach; a building within reach of two districts counts
// for both (the municipal total keeps that from hiding an overall shortage).

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
  /** Places of buildings within reach, persons. */
  placesWithinReach: number;
  /** Places missing (demand − places within reach), 0 when covered. */
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

/** Which facilities lie within reach of each district (ids), the one geometric step of the rule. */
export function facilitiesWithinReach(districts: readonly CoverageDistrict[], facilities: readonly CoverageFacility[], reachKm: number): Map<string, CoverageFacility[]> {
  const out = new Map<string, CoverageFacility[]>();
  for (const d of districts) {
    out.set(d.id, facilities.filter((f) => {
      const km = reachDistanceKm(d, f);
      return km !== null && km <= reachKm;
    }));
  }
  return out;
}

// Demand figures are fractional persons; a shortfall below half a place is rounding, not a missing place.
export const ROUNDING = 0.5;

/** Checks every district and year of `demand` against the facilities within reach and the municipal total. */
export function checkCoverage(
  districts: readonly CoverageDistrict[],
  facilities: readonly CoverageFacility[],
  demand: readonly DemandRow[],
  options: CoverageOptions,
): CoverageReport {
  const reach = facilitiesWithinReach(districts, facilities, options.reachKm);
  const placesIn = new Map([...reach].map(([id, list]) => [id, list.reduce((s, f) => s + f.places, 0)]));
  const known = new Set(districts.map((d) => d.id));
  const rows = demand
    .filter((r) => known.has(r.areaId))
    .map((r) => {
      const within = placesIn.get(r.areaId) ?? 0;
      const short = r.places - within;
      return { districtId: r.areaId, year: r.year, demand: r.places, placesWithinReach: within, shortfall: short > ROUNDING ? short : 0, status: 'enough' as PressureStatus };
    })
    .sort((a, b) => (a.districtId === b.districtId ? a.year - b.year : a.districtId < b.districtId ? -1 : 1));

  const shortYears = new Map<string, number[]>();
  for (const r of rows) if (r.shortfall > 0) (shortYears.get(r.districtId) ?? shortYears.set(r.districtId, []).get(r.districtId)!).push(r.year);
  for (const r of rows) {
    if (r.shortfall > 0) r.status = 'over';
    else if ((shortYears.get(r.districtId) ?? []).some((y) => y > r.year && y - r.year <= options.warningYears)) r.status = 'warning';
  }

  const totalPlaces = facilities.reduce((s, f) => s + f.places, 0);
  const byYear = new Map<number, number>();
  for (const r of rows) byYear.set(r.year, (byYear.get(r.year) ?? 0) + r.demand);
  const municipality = [...byYear]
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
