import { describe, expect, it } from 'vitest';
import { checkCoverage } from '@/lib/demand/coverage';
import { demandByAreaYear } from '@/lib/demand/demand';
import { DEFAULT_SERVICES } from '@/lib/demand/services';
import { generateDemo } from '@/lib/demo/generate-demo';
import { districtReference, generateDemoForecast } from '@/lib/demo/generate-forecast';

// The demo forecast has to tell the story the issue asks for: a growing centre, shrinking villages, today's portfolio
// covered to 2040, and a centre merger that looks fine today but runs short in a later year.
describe('the demo forecast', () => {
  const org = generateDemo().organisations[0].organisation;
  const rows = generateDemoForecast(org);
  const under6 = (area: string, year: number, variant = 'main') =>
    rows.filter((r) => r.area === area && r.year === year && r.variant === variant && r.ageTo <= 5).reduce((s, r) => s + r.persons, 0);
  const daycares = org.buildings.filter((b) => b.category === 'daycare' && b.capacity).map((b) => ({ id: b.registryId, places: b.capacity!, lon: b.point.lon, lat: b.point.lat, district: b.districtName }));
  const check = (variant: 'low' | 'main' | 'high', facilities = daycares) => {
    const cells = rows.filter((r) => r.variant === variant).map((r) => ({ areaId: r.area, year: r.year, ageFrom: r.ageFrom, ageTo: r.ageTo, persons: r.persons }));
    return checkCoverage(org.districts.map(districtReference), facilities, demandByAreaYear(cells, DEFAULT_SERVICES.daycare!), { reachKm: 3, warningYears: 2 });
  };

  it('grows the centre and shrinks the villages, high above main above low', () => {
    expect(under6('Centrum', 2040)).toBeGreaterThan(under6('Centrum', 2026) * 1.1);
    expect(under6('Sunds', 2040)).toBeLessThan(under6('Sunds', 2026) * 0.85);
    expect(under6('Centrum', 2035, 'high')).toBeGreaterThan(under6('Centrum', 2035, 'main'));
    expect(under6('Centrum', 2035, 'main')).toBeGreaterThan(under6('Centrum', 2035, 'low'));
  });

  it('leaves today’s day-care places enough up to 2040 in every variant', () => {
    for (const v of ['low', 'main', 'high'] as const) expect(check(v).firstShortfall).toBeNull();
  });

  it('lets a merger that removes a tenth of the centre’s places pass today and fail some years later', () => {
    const centre = daycares.filter((f) => f.district === 'Centrum').sort((a, b) => a.places - b.places);
    const removed = new Set<string>();
    let total = 0;
    const inCentre = centre.reduce((s, f) => s + f.places, 0);
    for (const f of centre) if (total + f.places <= inCentre * 0.12) { removed.add(f.id); total += f.places; }
    const first = check('main', daycares.filter((f) => !removed.has(f.id))).firstShortfall;
    expect(first).not.toBeNull();
    expect(first!.districtId).toBe('Centrum');
    expect(first!.year).toBeGreaterThan(2027);
    expect(first!.year).toBeLessThan(2040);
  });
});
