import { describe, expect, it } from 'vitest';
import { checkCoverage, type CoverageDistrict, type CoverageFacility } from '@/lib/demand/coverage';

// Two districts 10 km apart on a meridian (0.09° of latitude ≈ 10.0 km); reach 3 km, so each sees only its own buildings.
const north: CoverageDistrict = { id: 'n', name: 'Nord', lon: 9, lat: 56.09 };
const south: CoverageDistrict = { id: 's', name: 'Syd', lon: 9, lat: 56 };
const fac = (id: string, places: number, lat: number): CoverageFacility => ({ id, places, lon: 9, lat });

describe('coverage: places within reach against places needed', () => {
  const facilities = [fac('n1', 100, 56.09), fac('n2', 50, 56.1), fac('s1', 120, 56.005)];
  const demand = [
    { areaId: 'n', year: 2030, places: 140 }, { areaId: 'n', year: 2031, places: 150.3 }, { areaId: 'n', year: 2032, places: 190 },
    { areaId: 's', year: 2030, places: 100 }, { areaId: 's', year: 2031, places: 90 }, { areaId: 's', year: 2032, places: 80 },
  ];

  it('finds the first year and district short, rounded up to whole places', () => {
    const r = checkCoverage([north, south], facilities, demand, { reachKm: 3, warningYears: 2 });
    const n = r.districts.filter((x) => x.districtId === 'n');
    expect(n.map((x) => x.placesWithinReach)).toEqual([150, 150, 150]);
    // 150.3 − 150 is rounding (< half a place); 190 − 150 = 40 places short in 2032.
    expect(n.map((x) => x.shortfall)).toEqual([0, 0, 40]);
    expect(n.map((x) => x.status)).toEqual(['warning', 'warning', 'over']);
    expect(r.districts.filter((x) => x.districtId === 's').map((x) => x.status)).toEqual(['enough', 'enough', 'enough']);
    expect(r.firstShortfall).toEqual({ year: 2032, districtId: 'n', places: 40 });
    expect(r.municipality.map((m) => m.shortfall)).toEqual([0, 0, 0]); // 270 total against 240, 240.3, 270
  });

  it('closing a building within reach moves the first shortfall earlier', () => {
    const r = checkCoverage([north, south], facilities.filter((f) => f.id !== 'n2'), demand, { reachKm: 3, warningYears: 2 });
    expect(r.firstShortfall).toEqual({ year: 2030, districtId: 'n', places: 40 });
  });

  it('a longer reach lets a district count its neighbour’s places, and the municipal total still catches an overall shortage', () => {
    const r = checkCoverage([north, south], [fac('s1', 200, 56.005)], demand, { reachKm: 12, warningYears: 0 });
    expect(r.districts.every((x) => x.placesWithinReach === 200)).toBe(true);
    expect(r.municipality.map((m) => Math.round(m.shortfall))).toEqual([40, 40, 70]);
    expect(r.firstShortfall).toEqual({ year: 2030, districtId: null, places: 40 });
  });

  it('a building without position counts for no district, and demand of unknown areas is ignored', () => {
    const r = checkCoverage([north], [{ id: 'x', places: 500, lon: null, lat: null }], [{ areaId: 'n', year: 2030, places: 10 }, { areaId: 'zz', year: 2030, places: 99 }], { reachKm: 3, warningYears: 2 });
    expect(r.districts).toHaveLength(1);
    expect(r.districts[0].placesWithinReach).toBe(0);
    expect(r.firstShortfall).toEqual({ year: 2030, districtId: 'n', places: 10 });
  });

  it('reports nothing short when everything is covered', () => {
    expect(checkCoverage([south], [fac('s1', 120, 56)], [{ areaId: 's', year: 2030, places: 120 }], { reachKm: 3, warningYears: 2 }).firstShortfall).toBeNull();
  });
});

describe('the politician’s sentence', () => {
  it('says the year, the places and the district in plain Danish', async () => {
    const { shortfallSentence, coveredSentence } = await import('@/lib/demand/shortfall-sentence');
    expect(shortfallSentence('da', 'daycare', { year: 2032, districtId: 'x', places: 40 }, 'Herning Midt', 'Herning Kommune')).toBe('I 2032 mangler der 40 dagtilbudspladser i Herning Midt.');
    expect(shortfallSentence('da', 'school', { year: 2035, districtId: null, places: 1 }, null, 'Herning Kommune')).toBe('I 2035 mangler der 1 skoleplads i Herning Kommune.');
    expect(shortfallSentence('en', 'daycare', { year: 2032, districtId: 'x', places: 40 }, 'Herning Midt', 'Herning')).toBe('In 2032, Herning Midt is short of 40 day-care places.');
    expect(coveredSentence('da', 'daycare', 2040)).toBe('Der er dagtilbudspladser nok til og med 2040.');
  });
});
