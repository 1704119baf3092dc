// Distances in the building panel: "nearest buildings of the same category" must be ordered by real distance,
// not by the degree-based order the database's KNN gives (a degree of longitude is ~62 km here, of latitude ~111 km).
import { describe, expect, it } from 'vitest';
import { nearestPlaces } from '@/lib/geo/nearest-places';

const herning: [number, number] = [8.9738, 56.1393];

describe('nearestPlaces', () => {
  it('orders by kilometres on the ground', () => {
    // 0.02° east (~1.24 km) is nearer than 0.015° north (~1.67 km), though farther in degrees.
    const places = [
      { id: 'north', name: 'Nord', lon: 8.9738, lat: 56.1543 },
      { id: 'east', name: 'Øst', lon: 8.9938, lat: 56.1393 },
    ];
    const out = nearestPlaces(herning, places);
    expect(out.map((p) => p.id)).toEqual(['east', 'north']);
    expect(out[0].km).toBeCloseTo(1.24, 1);
    expect(out[1].km).toBeCloseTo(1.67, 1);
  });

  it('keeps at most `limit`, and does not mutate its input', () => {
    const places = Array.from({ length: 8 }, (_, i) => ({ id: String(i), name: `B${i}`, lon: 8.9738 + i * 0.01, lat: 56.1393 }));
    const copy = structuredClone(places);
    expect(nearestPlaces(herning, places, 3).map((p) => p.id)).toEqual(['0', '1', '2']);
    expect(nearestPlaces(herning, places, 0)).toEqual([]);
    expect(places).toEqual(copy);
  });
});
