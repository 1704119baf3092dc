import type { ServiceDefinition } from './services';

// Places a service needs: persons of its age band × its take-up rate.

/** One forecast figure: persons of one age (or an age band) in an area in a year. */
export interface ForecastCell {
  areaId: string;
  year: number;
  /** Youngest age the figure covers (whole years). */
  ageFrom: number;
  /** Oldest age it covers, inclusive (= ageFrom for single years). */
  ageTo: number;
  persons: number;
}

/**
 * Persons of the band minAge..maxAge counted from cells that may be bands themselves: a cell that overlaps the band
 * in part contributes its persons pro rata to the years of age it shares (persons spread evenly within a cell).
 */
export function personsInBand(cells: readonly ForecastCell[], minAge: number, maxAge: number): number {
  let sum = 0;
  for (const c of cells) {
    const from = Math.max(c.ageFrom, minAge);
    const to = Math.min(c.ageTo, maxAge);
    if (to < from) continue;
    sum += (c.persons * (to - from + 1)) / (c.ageTo - c.ageFrom + 1);
  }
  return sum;
}

/** Places needed (persons) for one service from one area's cells of one year: band persons × take-up. */
export function placesNeeded(cells: readonly ForecastCell[], service: ServiceDefinition): number {
  return personsInBand(cells, service.minAge, service.maxAge) * service.takeUp;
}

export interface DemandRow {
  areaId: string;
  year: number;
  /** Places needed, persons (fractional; shown rounded). */
  places: number;
}

/** Places needed per area and year for one service, sorted by area then year. */
export function demandByAreaYear(cells: readonly ForecastCell[], service: ServiceDefinition): DemandRow[] {
  const groups = new Map<string, ForecastCell[]>();
  for (const c of cells) {
    const key = `${c.areaId}\u0000${c.year}`;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()]
    .map((list) => ({ areaId: list[0].areaId, year: list[0].year, places: placesNeeded(list, service) }))
    .sort((a, b) => (a.areaId === b.areaId ? a.year - b.year : a.areaId < b.areaId ? -1 : 1));
}
