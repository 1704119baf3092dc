import { describe, expect, it } from 'vitest';
import { buildingKpis } from '@/lib/scoring/kpis';
import { expectedOpenHours, holidaysBetween, parseOpeningHours } from '@/lib/scoring/opening-hours';
import { building, hourly, input, sensor, weekdayHours } from './fixtures';

// The base week: Mon 7 – Sun 13 September 2026 (no holidays), open Mon–Fri 08–16 → 5 × 8 = 40 expected hours.
// Every weekday, 20 people are present 08–12 (4 h) and nobody 12–16; on Tuesday 10 people stay 18–20.
const WEEK = { from: '2026-09-07', to: '2026-09-13' };
const asOf = new Date('2026-09-14T12:00:00Z');
const pattern = (t: { weekday: number; hour: number }) =>
  t.weekday <= 5 && t.hour >= 8 && t.hour < 12 ? 20 : t.weekday === 2 && (t.hour === 18 || t.hour === 19) ? 10 : 0;
const noHolidays = new Set<string>();

describe('building KPIs from hourly rollups', () => {
  it('computes frequency, occupancy, utilisation, peak and after-hours use by hand', () => {
    const k = buildingKpis(input({ sensors: [sensor('s1', hourly(WEEK.from, WEEK.to, pattern))], expectedOpenHours: 40, backlogDkk: 0, costs: [{ year: 2025, type: 'cleaning', amountDkk: 500_000 }] }), asOf);
    // 20 of 40 open hours used → 0.5; when used 20/50 = 0.4 full; utilisation = 20 × 0.4 / 40 = 0.2 = 0.5 × 0.4.
    expect(k.frequency).toBeCloseTo(0.5, 10);
    expect(k.occupancy).toBeCloseTo(0.4, 10);
    expect(k.utilisation).toBeCloseTo(0.2, 10);
    // Histogram: 20 h at 0, 20 h in (35 %, 40 %]; the 95th percentile is the 38th hour → 35 % + 5 % × 18/20 = 39.5 %.
    expect(k.peakUtilisation).toBeCloseTo(0.395, 10);
    // After hours: 168 − 40 = 128 known hours, 2 used at 10/50.
    expect(k.afterHoursFrequency).toBeCloseTo(2 / 128, 10);
    expect(k.afterHoursUtilisation).toBeCloseTo((2 * 0.2) / 128, 10);
    expect(k.confidenceParts.hourCoverage).toBe(1);
    expect(k.confidenceParts.areaCoverage).toBe(1);
    expect(k.confidence).toBeCloseTo(1, 10);
  });

  it('computes space, cost and condition figures by hand', () => {
    const k = buildingKpis(
      input({
        sensors: [sensor('s1', hourly(WEEK.from, WEEK.to, pattern))], expectedOpenHours: 40, periodDays: 7, backlogDkk: 300_000,
        costs: [{ year: 2025, type: 'cleaning', amountDkk: 200_000 }, { year: 2025, type: 'energy', amountDkk: 300_000 }, { year: 2024, type: 'energy', amountDkk: 999 }],
      }),
      asOf,
    );
    expect(k.costYear).toBe(2025);
    expect(k.annualCostDkk).toBe(500_000);
    expect(k.costPerM2).toBe(500); // 500.000 kr / 1.000 m²
    expect(k.costPerUser).toBe(5_000); // / 100 users
    // 40 open h per 7 days → 40 × 365/7 = 2.085,71 h a year; used half of them → 1.042,86 h; 500.000 / 1.042,86 = 479,45 kr/h.
    expect(k.costPerUsedHour).toBeCloseTo(479.452, 2);
    expect(k.m2PerUser).toBe(10);
    expect(k.m2PerUserVsNorm).toBeCloseTo(10 / 7, 10);
    expect(k.backlogPerM2).toBe(300);
    expect(k.fci).toBeCloseTo(0.015, 10); // 300.000 / 20.000.000
  });

  it('adds the lease of a leased building without a rent line', () => {
    const k = buildingKpis(input({ building: building({ tenure: 'leased', annualLeaseDkk: 120_000 }), costs: [{ year: 2025, type: 'cleaning', amountDkk: 80_000 }] }), asOf);
    expect(k.annualCostDkk).toBe(200_000);
  });

  it('a holiday week counts only its opening days: closed days are after hours, not empty hours', () => {
    // Easter 2026: Thu 2 and Fri 3 April are holidays (Mon 6 April too), so Mon 30 March – Sun 5 April has 3 open days = 24 h.
    const from = '2026-03-30';
    const to = '2026-04-05';
    const holidays = new Set(holidaysBetween(from, to));
    expect([...holidays]).toEqual(['2026-04-02', '2026-04-03', '2026-04-05']);
    expect(expectedOpenHours({ from, to }, weekdayHours, holidays)).toBe(24);
    const s = sensor('s1', hourly(from, to, pattern), { from, to });
    expect(s.usage.openKnown).toBe(24);
    const k = buildingKpis(input({ sensors: [s], expectedOpenHours: 24 }), new Date('2026-04-06T08:00:00Z'));
    // 3 days × 4 used hours = 12 of 24 → 0.5, exactly as in a normal week; counting the holidays as open would give 12/40 = 0.3.
    expect(k.frequency).toBeCloseTo(0.5, 10);
    expect(k.utilisation).toBeCloseTo(0.2, 10);
    expect(k.confidenceParts.hourCoverage).toBe(1);
  });

  it("a building's own closure week (opening_hours.closed) is left out of expected hours", () => {
    const hours = parseOpeningHours({ days: [1, 2, 3, 4, 5], open: 8, close: 16, closed: ['2026-07-13', '2026-07-14', '2026-07-15', '2026-07-16', '2026-07-17'] });
    expect(expectedOpenHours({ from: '2026-07-06', to: '2026-07-19' }, hours, noHolidays)).toBe(40);
  });

  it('an offline sensor lowers hour coverage and confidence, not utilisation', () => {
    // Offline Wednesday–Friday (no rows at all), back at the weekend: 16 open hours known of 40.
    const offline = (t: { weekday: number; hour: number }) => (t.weekday >= 3 && t.weekday <= 5 ? undefined : pattern(t));
    const k = buildingKpis(input({ sensors: [sensor('s1', hourly(WEEK.from, WEEK.to, offline))], expectedOpenHours: 40, backlogDkk: 0, costs: [{ year: 2025, type: 'cleaning', amountDkk: 1 }] }), asOf);
    expect(k.frequency).toBeCloseTo(0.5, 10);
    expect(k.utilisation).toBeCloseTo(0.2, 10);
    expect(k.confidenceParts.hourCoverage).toBeCloseTo(0.4, 10);
    // 0.3 × 1 (area) + 0.3 × 0.4 (hours) + 0.2 × 1 (fresh) + 0.2 × 1 (registry) = 0.82
    expect(k.confidence).toBeCloseTo(0.82, 10);
  });

  it('two sensors covering half the area: utilisation from the covered half, area coverage 0.5', () => {
    // Room A 300 m², 20 seats: 10 people every open hour. Room B 200 m², 10 seats: full 08–10 Mon–Fri (10 of 40 h).
    const a = sensor('a', hourly(WEEK.from, WEEK.to, (t) => (t.weekday <= 5 && t.hour >= 8 && t.hour < 16 ? 10 : 0)), { capacity: 20, coveredAreaM2: 300 });
    const b = sensor('b', hourly(WEEK.from, WEEK.to, (t) => (t.weekday <= 5 && t.hour >= 8 && t.hour < 10 ? 10 : 0)), { capacity: 10, coveredAreaM2: 200 });
    const k = buildingKpis(input({ sensors: [a, b], expectedOpenHours: 40 }), asOf);
    // Area-weighted: frequency (300 × 1 + 200 × 0.25) / 500 = 0.7; utilisation (300 × 0.5 + 200 × 0.25) / 500 = 0.4.
    expect(k.frequency).toBeCloseTo(0.7, 10);
    expect(k.utilisation).toBeCloseTo(0.4, 10);
    expect(k.occupancy).toBeCloseTo(0.4 / 0.7, 10);
    // Peaks: A 45 % + 5 % × 38/40 = 49,75 %; B 95 % + 5 % × 8/10 = 99 %; weighted (300 × 0.4975 + 200 × 0.99) / 500 = 0.6945.
    expect(k.peakUtilisation).toBeCloseTo(0.6945, 10);
    expect(k.confidenceParts.areaCoverage).toBe(0.5);
  });

  it('a building with costs but no area keeps kr per user, has no kr per m² and a less complete registry', () => {
    const k = buildingKpis(input({ building: building({ grossAreaM2: null }), costs: [{ year: 2025, type: 'cleaning', amountDkk: 100_000 }, { year: 2025, type: 'energy', amountDkk: 150_000 }], backlogDkk: 50_000 }), asOf);
    expect(k.annualCostDkk).toBe(250_000);
    expect(k.costPerM2).toBeNull();
    expect(k.costPerUser).toBe(2_500);
    expect(k.backlogPerM2).toBeNull();
    expect(k.m2PerUser).toBeNull();
    expect(k.confidenceParts.missingFields).toEqual(['grossArea']);
    expect(k.confidenceParts.registryCompleteness).toBeCloseTo(7 / 8, 10);
  });

  it('a building with no sensors gets no utilisation (null, not zero) and a confidence from the registry alone', () => {
    const k = buildingKpis(input({ costs: [{ year: 2025, type: 'cleaning', amountDkk: 1 }], backlogDkk: 0, expectedOpenHours: 40 }), asOf);
    expect(k.sensorCount).toBe(0);
    expect(k.basis).toBeNull();
    expect(k.frequency).toBeNull();
    expect(k.utilisation).toBeNull();
    expect(k.peakUtilisation).toBeNull();
    expect(k.costPerUsedHour).toBeNull();
    expect(k.confidence).toBeCloseTo(0.2, 10); // only the registry part (complete) counts
  });

  it('presence sensors give frequency and time utilisation; occupancy stays unknown', () => {
    const s = sensor('p', hourly(WEEK.from, WEEK.to, (t) => (t.weekday <= 5 && t.hour >= 8 && t.hour < 12 ? 0.5 : 0)), { kind: 'presence' });
    const k = buildingKpis(input({ sensors: [s], expectedOpenHours: 40 }), asOf);
    expect(k.basis).toBe('presence');
    expect(k.frequency).toBeCloseTo(0.5, 10);
    expect(k.utilisation).toBeCloseTo((20 * 0.5) / 40, 10);
    expect(k.occupancy).toBeNull();
  });

  it('a count sensor without a capacity gives frequency only', () => {
    const k = buildingKpis(input({ sensors: [sensor('s', hourly(WEEK.from, WEEK.to, pattern), { capacity: null })], expectedOpenHours: 40 }), asOf);
    expect(k.frequency).toBeCloseTo(0.5, 10);
    expect(k.utilisation).toBeNull();
    expect(k.occupancy).toBeNull();
  });

  it('ancillary buildings (garages, sheds) never get a utilisation', () => {
    const k = buildingKpis(input({ building: building({ ancillary: true }), sensors: [sensor('s1', hourly(WEEK.from, WEEK.to, pattern))], expectedOpenHours: 40 }), asOf);
    expect(k.utilisation).toBeNull();
  });
});
