import { describe, expect, it } from 'vitest';
import { demandByAreaYear, personsInBand, placesNeeded, type ForecastCell } from '@/lib/demand/demand';
import { capacityPlaces } from '@/lib/demand/capacity-places';

const cell = (areaId: string, year: number, ageFrom: number, ageTo: number, persons: number): ForecastCell => ({ areaId, year, ageFrom, ageTo, persons });

describe('places needed = persons in the age band × take-up', () => {
  it('counts single years inside the band only', () => {
    const cells = [cell('a', 2030, 5, 5, 100), cell('a', 2030, 6, 6, 110), cell('a', 2030, 16, 16, 90), cell('a', 2030, 17, 17, 95)];
    expect(personsInBand(cells, 6, 16)).toBe(200);
    expect(placesNeeded(cells, { minAge: 6, maxAge: 16, takeUp: 0.8 })).toBe(160);
  });

  it('takes a band that overlaps in part pro rata (persons spread evenly within the band)', () => {
    // 0–4 = 500 persons, 5–9 = 400: day-care 0–5 = 500 + 400 × 1/5 = 580.
    const cells = [cell('a', 2030, 0, 4, 500), cell('a', 2030, 5, 9, 400)];
    expect(personsInBand(cells, 0, 5)).toBe(580);
    expect(placesNeeded(cells, { minAge: 0, maxAge: 5, takeUp: 0.9 })).toBeCloseTo(522, 10);
  });

  it('groups by area and year, sorted', () => {
    const cells = [cell('b', 2031, 0, 0, 10), cell('a', 2031, 0, 0, 20), cell('a', 2030, 0, 0, 30), cell('a', 2030, 1, 1, 10)];
    expect(demandByAreaYear(cells, { minAge: 0, maxAge: 5, takeUp: 0.5 })).toEqual([
      { areaId: 'a', year: 2030, places: 20 },
      { areaId: 'a', year: 2031, places: 10 },
      { areaId: 'b', year: 2031, places: 5 },
    ]);
  });
});

describe('capacity in places', () => {
  it('uses the registered figure, else m² ÷ the norm marked estimated', () => {
    expect(capacityPlaces({ capacityPlaces: 66, grossAreaM2: 700, m2PerPlaceNorm: 7 })).toEqual({ places: 66, estimated: false });
    expect(capacityPlaces({ capacityPlaces: null, grossAreaM2: 704, m2PerPlaceNorm: 7 })).toEqual({ places: 100, estimated: true });
    expect(capacityPlaces({ capacityPlaces: null, grossAreaM2: 700, m2PerPlaceNorm: null })).toBeNull();
    expect(capacityPlaces({ capacityPlaces: null, grossAreaM2: null, m2PerPlaceNorm: 7 })).toBeNull();
  });
});
