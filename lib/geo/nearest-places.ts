import { distance, point } from '@turf/turf';

export interface Place {
  id: string;
  name: string;
  lon: number;
  lat: number;
}

/**
 * The `limit` places nearest to `origin`, with their great-circle distance in kilometres, nearest first.
 * Inputs are not mutated.
 *
 * @example
 * nearestPlaces([8.97, 56.14], [{ id: 'a', name: 'Skolen', lon: 8.98, lat: 56.14 }], 1)
 * // → [{ id: 'a', name: 'Skolen', lon: 8.98, lat: 56.14, km: 0.62 }]
 */
export function nearestPlaces<T extends Place>(origin: [number, number], places: readonly T[], limit = 5): (T & { km: number })[] {
  if (limit <= 0) return [];
  const from = point(origin);
  return places
    .map((p) => ({ ...p, km: distance(from, point([p.lon, p.lat]), { units: 'kilometers' }) }))
    .sort((a, b) => a.km - b.km)
    .slice(0, limit);
}
