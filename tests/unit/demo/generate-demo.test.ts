import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '@/lib/registry/categories';
import { demoHours, DEMO_PERIOD } from '@/lib/demo/calendar';
import { generateDemo, sensorReadings } from '@/lib/demo/generate-demo';
import { distanceMetres, HERNING_CENTRE, insidePolygon, ringAreaM2 } from '@/lib/demo/geography';

const demo = generateDemo();
const herning = demo.organisations.find((o) => o.organisation.slug === 'demo')!;
const nabo = demo.organisations.find((o) => o.organisation.slug === 'demo-nabo')!;
const hours = demo.hours;
const buildingById = new Map(herning.organisation.buildings.map((b) => [b.id, b]));
const hourIndex = (localDate: string, localHour: number) => hours.findIndex((h) => h.localDate === localDate && h.localHour === localHour);

describe('the demo year', () => {
  it('has every hour from 1 November 2025 00:00 to 31 October 2026 23:00 Copenhagen time, DST included', () => {
    expect(hours).toHaveLength(8760);
    expect(hours[0]).toMatchObject({ iso: '2025-10-31T23:00:00.000Z', localDate: DEMO_PERIOD.from, localHour: 0 });
    expect(hours.at(-1)).toMatchObject({ iso: '2026-10-31T22:00:00.000Z', localDate: DEMO_PERIOD.to, localHour: 23 });
    // Spring forward: 02:00 does not exist on 29 March 2026; fall back: 02:00 happens twice on 25 October 2026.
    expect(hours.filter((h) => h.localDate === '2026-03-29')).toHaveLength(23);
    expect(hours.filter((h) => h.localDate === '2026-10-25')).toHaveLength(25);
    expect(demoHours()).toEqual(hours);
  });
});

describe('generateDemo', () => {
  it('is deterministic: two runs give identical organisations, sensors, costs and readings', () => {
    const again = generateDemo();
    expect(JSON.stringify(again.organisations)).toBe(JSON.stringify(demo.organisations));
    const s = herning.sensors[0];
    expect(sensorReadings(again.organisations[0].sensors[0], hours)).toEqual(sensorReadings(s, hours));
  });

  it('makes a municipality of at least 300 buildings in every category and at least 100 sensors', () => {
    const buildings = herning.organisation.buildings;
    expect(buildings.length).toBeGreaterThanOrEqual(300);
    expect(herning.sensors.length).toBeGreaterThanOrEqual(100);
    for (const c of CATEGORIES) expect(buildings.some((b) => b.category === c), c).toBe(true);
    expect(buildings.filter((b) => b.category === 'daycare').length).toBeGreaterThan(50);
    expect(buildings.filter((b) => b.useCode >= 910 && b.useCode <= 990).every((b) => b.category === 'other')).toBe(true);
    expect(herning.organisation).toMatchObject({ slug: 'demo', name: 'Herning Kommune (demo)', kommunekode: '0657' });
    expect(nabo.organisation.buildings.length).toBeGreaterThanOrEqual(8);
    expect(nabo.organisation.buildings.length).toBeLessThanOrEqual(20);
  });

  it('groups 1–3 buildings per property and gives buildings unique ids and registry ids', () => {
    const perProperty = new Map<string, number>();
    for (const b of herning.organisation.buildings) perProperty.set(b.propertyId, (perProperty.get(b.propertyId) ?? 0) + 1);
    expect(perProperty.size).toBe(herning.organisation.properties.length);
    expect(Math.max(...perProperty.values())).toBeLessThanOrEqual(3);
    expect([...perProperty.values()].some((n) => n > 1)).toBe(true);
    const all = demo.organisations.flatMap((o) => o.organisation.buildings);
    expect(new Set(all.map((b) => b.id)).size).toBe(all.length);
    expect(new Set(all.map((b) => b.registryId)).size).toBe(all.length);
  });

  it('places every building, footprint included, inside its district and the outline, on land within ~8.5 km of Herning', () => {
    for (const { organisation } of demo.organisations) {
      const outline = { type: 'Polygon' as const, coordinates: [organisation.outline] };
      const districts = new Map(organisation.districts.map((d) => [d.name, d.geometry]));
      for (const b of organisation.buildings) {
        expect(insidePolygon(b.point, outline), b.name).toBe(true);
        expect(insidePolygon(b.point, districts.get(b.districtName)!), b.name).toBe(true);
        for (const [lon, lat] of b.footprint) expect(insidePolygon({ lon, lat }, districts.get(b.districtName)!), b.name).toBe(true);
        if (organisation.slug === 'demo') expect(distanceMetres(b.point, HERNING_CENTRE)).toBeLessThan(8_600);
      }
    }
  });

  it('sizes each footprint polygon to the building’s footprint area', () => {
    for (const b of herning.organisation.buildings) {
      expect(Math.abs(ringAreaM2(b.footprint) - b.footprintAreaM2) / b.footprintAreaM2).toBeLessThan(0.01);
      expect(b.footprintAreaM2 * b.floors).toBeGreaterThanOrEqual(b.grossAreaM2 - b.floors);
    }
  });

  it('leaves some buildings without sensors and makes some clearly under-used', () => {
    const sensed = new Set(herning.sensors.map((s) => s.buildingId));
    const scorable = herning.organisation.buildings.filter((b) => b.capacity);
    expect(scorable.filter((b) => !sensed.has(b.id)).length).toBeGreaterThan(20);
    const underUsed = herning.organisation.buildings.filter((b) => sensed.has(b.id) && b.usage < 0.3);
    expect(underUsed.length).toBeGreaterThanOrEqual(5);
  });
});

describe('sensor readings', () => {
  const schoolSensors = herning.sensors.filter((s) => buildingById.get(s.buildingId)?.category === 'school' && !s.stuck);

  it('leave the hours of an offline sensor out (no rows), not zero', () => {
    const offline = herning.sensors.filter((s) => s.gaps.length > 0);
    expect(offline.length).toBeGreaterThanOrEqual(5);
    for (const s of offline) {
      const values = sensorReadings(s, hours);
      for (const [a, b] of s.gaps) for (let i = a; i < b; i++) expect(values[i]).toBeNull();
      const inGap = (i: number) => s.gaps.some(([a, b]) => i >= a && i < b);
      expect(values.every((v, i) => (v === null) === inGap(i))).toBe(true);
    }
  });

  it('show an empty school on a July weekday and pupils on a normal Tuesday at 10:00', () => {
    expect(schoolSensors.length).toBeGreaterThan(10);
    const july = hourIndex('2026-07-07', 10); // Tuesday in the summer break
    const tuesday = hourIndex('2026-03-10', 10); // ordinary Tuesday in March
    for (const s of schoolSensors) {
      const v = sensorReadings(s, hours);
      if (v[july] !== null) expect(v[july]).toBe(0);
      if (v[tuesday] !== null) expect(v[tuesday]).toBeGreaterThan(0);
    }
  });

  it('count nobody at night in count sensors, and keep presence values between 0 and 1', () => {
    for (const s of herning.sensors) {
      const v = sensorReadings(s, hours);
      v.forEach((x, i) => {
        if (x === null) return;
        const stuck = s.stuck && i >= s.stuck[0] && i < s.stuck[1];
        if (s.kind === 'count' && !stuck && hours[i].localHour === 3) expect(x).toBe(0);
        if (s.kind === 'presence') expect(x >= 0 && x <= 1).toBe(true);
      });
    }
  });

  it('include a couple of stuck sensors that repeat one value through working hours and nights', () => {
    const stuck = demo.organisations.flatMap((o) => o.sensors).filter((s) => s.stuck);
    expect(stuck.length).toBeGreaterThanOrEqual(2);
    for (const s of stuck) {
      const v = sensorReadings(s, hours).slice(s.stuck![0], s.stuck![1]).filter((x) => x !== null);
      expect(new Set(v).size).toBe(1);
      expect(v[0]).toBeGreaterThan(0);
    }
  });

  it('add up to about a million readings for the year', () => {
    const total = demo.organisations.flatMap((o) => o.sensors).reduce((n, s) => n + sensorReadings(s, hours).filter((v) => v !== null).length, 0);
    expect(total).toBeGreaterThan(1_000_000);
  });
});

describe('costs and maintenance', () => {
  it('give five years of costs per building, rent only for leased buildings, rising with prices', () => {
    for (const b of herning.organisation.buildings.slice(0, 80)) {
      const rows = herning.costs.filter((c) => c.buildingId === b.id);
      expect(new Set(rows.map((c) => c.year))).toEqual(new Set([2021, 2022, 2023, 2024, 2025]));
      expect(rows.some((c) => c.type === 'rent')).toBe(b.tenure === 'leased');
      for (const t of ['cleaning', 'energy', 'maintenance', 'caretaking', 'other']) expect(rows.some((c) => c.type === t)).toBe(true);
    }
    const cleaning = (y: number) => herning.costs.filter((c) => c.type === 'cleaning' && c.year === y).reduce((s, c) => s + c.amountDkk, 0);
    expect(cleaning(2025)).toBeGreaterThan(cleaning(2021) * 1.08);
    const perM2 = cleaning(2021) / herning.organisation.buildings.reduce((s, b) => s + b.grossAreaM2, 0);
    expect(perM2).toBeGreaterThan(60);
    expect(perM2).toBeLessThan(170);
  });

  it('make a backlog of overdue undone work that is far larger in some buildings than in others', () => {
    const m = herning.maintenance;
    expect(m.every((x) => x.grade >= 1 && x.grade <= 4 && x.dueYear >= 2020 && x.dueYear <= 2035)).toBe(true);
    expect(m.some((x) => x.done)).toBe(true);
    const backlogPerM2 = herning.organisation.buildings.map((b) => {
      const backlog = m.filter((x) => x.buildingId === b.id && !x.done && x.dueYear <= 2025).reduce((s, x) => s + x.costDkk, 0);
      return backlog / b.grossAreaM2;
    }).sort((a, b) => a - b);
    expect(backlogPerM2[Math.floor(backlogPerM2.length * 0.25)]).toBeLessThan(50);
    expect(backlogPerM2[Math.floor(backlogPerM2.length * 0.95)]).toBeGreaterThan(500);
  });
});
