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

  it('a longer reach lets a district use its neighbour’s places, but each place serves one district at a time', () => {
    const r = checkCoverage([north, south], [fac('s1', 200, 56.005)], demand, { reachKm: 12, warningYears: 0 });
    expect(r.districts.every((x) => x.placesWithinReach === 200)).toBe(true);
    // 200 places for 240 (2030), 240.3 (2031) and 270 (2032) children: the building is 0.6 km from south's point and
    // 9.5 km from north's, so south's children take their places first and north goes short.
    expect(r.districts.filter((x) => x.districtId === 's').map((x) => x.shortfall)).toEqual([0, 0, 0]);
    expect(r.districts.filter((x) => x.districtId === 'n').map((x) => Math.round(x.shortfall))).toEqual([40, 40, 70]);
    expect(r.municipality.map((m) => Math.round(m.shortfall))).toEqual([40, 40, 70]);
    expect(r.firstShortfall).toEqual({ year: 2030, districtId: 'n', places: 40 });
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

// Hand-computed cases where counting a shared building for both districts said "covered".
describe('coverage: a building within reach of two districts serves them together, not each in full', () => {
  // West and east 4 km apart on a parallel (0.0645° of longitude ≈ 4.0 km at 56°); a shared building half-way (2 km
  // from each), reach 3 km; each district also has a building of its own 0.5 km from its reference point.
  const west: CoverageDistrict = { id: 'w', name: 'Vest', lon: 9, lat: 56 };
  const east: CoverageDistrict = { id: 'e', name: 'Øst', lon: 9.0645, lat: 56 };
  const at = (id: string, places: number, lon: number): CoverageFacility => ({ id, places, lon, lat: 56 });
  const shared = at('midt', 100, 9.03225);
  const own = [at('w1', 60, 9.008), at('e1', 60, 9.0565)];
  const need = (w: number, e: number) => [{ areaId: 'w', year: 2030, places: w }, { areaId: 'e', year: 2030, places: e }];

  it('two districts of 110 children each, 60 own places each and 100 shared: 220 needed, 220 places — covered', () => {
    const r = checkCoverage([west, east], [...own, shared], need(110, 110), { reachKm: 3, warningYears: 0 });
    expect(r.districts.map((x) => x.placesWithinReach)).toEqual([160, 160]);
    expect(r.firstShortfall).toBeNull();
  });

  it('140 children each: each sees 160 places within reach (the old rule said covered), but 280 need 220 — 60 short', () => {
    const r = checkCoverage([west, east], [...own, shared], need(140, 140), { reachKm: 3, warningYears: 0 });
    expect(r.districts.map((x) => x.placesWithinReach)).toEqual([160, 160]);
    expect(r.districts.reduce((s, x) => s + x.shortfall, 0)).toBeCloseTo(60, 9);
    // Both are 2 km from the shared building: the tie goes to the first district (west), so east goes short.
    expect(r.districts.find((x) => x.districtId === 'e')!.shortfall).toBeCloseTo(60, 9);
    expect(r.firstShortfall).toEqual({ year: 2030, districtId: 'e', places: 60 });
    // The municipal total (220 against 280) agrees.
    expect(r.municipality[0].shortfall).toBeCloseTo(60, 9);
  });

  it('a district that reaches only the shared building is short by what the other district needs of it', () => {
    // West needs 90 and has its own 60; east needs 100 and reaches only the shared 100: 30 of them go west, 70 east →
    // east is 30 short (the old rule: nobody short). Rows come sorted by district id: e, w.
    const r = checkCoverage([west, east], [own[0], shared], need(90, 100), { reachKm: 3, warningYears: 0 });
    expect(r.districts.map((x) => [x.districtId, x.placesWithinReach, Math.round(x.shortfall)])).toEqual([['e', 100, 30], ['w', 160, 0]]);
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
