import { describe, expect, it } from 'vitest';
import { classifyHour, danishHolidays, expectedOpenHours, parseOpeningHours, periodDays } from '@/lib/scoring/opening-hours';
import { histBin, histogramQuantile, HIST_BINS, summariseSensorHours } from '@/lib/scoring/sensor-usage';
import { hourly, weekdayHours } from './fixtures';

describe('calendar', () => {
  it('knows the Danish public holidays of 2026 (Easter 5 April, no Store Bededag)', () => {
    expect(danishHolidays(2026)).toEqual([
      '2026-01-01', '2026-04-02', '2026-04-03', '2026-04-05', '2026-04-06', '2026-05-14', '2026-05-24', '2026-05-25',
      '2026-06-05', '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31',
    ]);
    expect(danishHolidays(2023)).toContain('2023-05-05'); // Store Bededag before its abolition
  });

  it('classifies hours in Copenhagen time, also across the March DST change', () => {
    // Mon 30 March 2026 is the first day of summer time: 08:00 local = 06:00 UTC.
    expect(classifyHour(new Date('2026-03-30T06:00:00Z'), weekdayHours, new Set(), 'Europe/Copenhagen')).toBe('open');
    expect(classifyHour(new Date('2026-03-30T05:00:00Z'), weekdayHours, new Set(), 'Europe/Copenhagen')).toBe('after');
    // In winter 08:00 local = 07:00 UTC.
    expect(classifyHour(new Date('2026-03-27T07:00:00Z'), weekdayHours, new Set(), 'Europe/Copenhagen')).toBe('open');
    expect(classifyHour(new Date('2026-03-27T06:00:00Z'), weekdayHours, new Set(), 'Europe/Copenhagen')).toBe('after');
    const week = hourly('2026-03-23', '2026-03-29', () => 1);
    expect(week).toHaveLength(167); // the DST Sunday has 23 hours
    const u = summariseSensorHours(week, { kind: 'count', capacity: 1, openingHours: weekdayHours, holidays: new Set(), zone: 'Europe/Copenhagen' });
    expect(u.openKnown).toBe(40);
    expect(u.afterKnown).toBe(127);
  });

  it("classifies hours in the organisation's own zone: 07:30 UTC is open in Copenhagen and London, not yet in New York", () => {
    const winterWeekday = new Date('2026-01-14T07:30:00Z'); // a Wednesday; hours open 8–16
    expect(classifyHour(winterWeekday, weekdayHours, new Set(), 'Europe/Copenhagen')).toBe('open'); // 08:30
    expect(classifyHour(winterWeekday, weekdayHours, new Set(), 'Europe/London')).toBe('after'); // 07:30
    expect(classifyHour(new Date('2026-01-14T08:30:00Z'), weekdayHours, new Set(), 'Europe/London')).toBe('open'); // 08:30
    expect(classifyHour(new Date('2026-01-14T13:30:00Z'), weekdayHours, new Set(), 'America/New_York')).toBe('open'); // 08:30
    expect(classifyHour(new Date('2026-01-14T21:30:00Z'), weekdayHours, new Set(), 'America/New_York')).toBe('after'); // 16:30
  });

  it('counts expected opening hours and period days', () => {
    expect(periodDays({ from: '2026-03-23', to: '2026-03-29' })).toBe(7);
    expect(expectedOpenHours({ from: '2026-09-07', to: '2026-09-20' }, parseOpeningHours({ days: [1, 2, 3, 4, 5], open: 6.5, close: 17 }), new Set())).toBe(10 * 11);
  });

  it('falls back to Mon–Fri 08–16 and says so when opening hours are missing or nonsense', () => {
    expect(parseOpeningHours({}).assumed).toBe(true);
    expect(parseOpeningHours({ days: [1], open: 17, close: 8 }).assumed).toBe(true);
    expect(parseOpeningHours({ days: [1], open: 8, close: 17 }).assumed).toBe(false);
  });
});

describe('occupancy histogram', () => {
  it('puts exactly zero in its own bin and the rest in 5 % steps', () => {
    expect(histBin(0)).toBe(0);
    expect(histBin(0.01)).toBe(1);
    expect(histBin(0.05)).toBe(1);
    expect(histBin(0.0501)).toBe(2);
    expect(histBin(0.4)).toBe(8);
    expect(histBin(1.5)).toBe(30);
    expect(histBin(9)).toBe(HIST_BINS - 1);
  });

  it('finds the 95th percentile inside a bin', () => {
    const hist = new Array(HIST_BINS).fill(0);
    hist[0] = 90;
    hist[20] = 10; // (95 %, 100 %]
    // target 95th of 100 hours: 5 of the 10 in bin 20 → 95 % + 5 % × 5/10
    expect(histogramQuantile(hist, 0.95)).toBeCloseTo(0.975, 10);
    hist[0] = 1000;
    expect(histogramQuantile(hist, 0.95)).toBe(0);
    expect(histogramQuantile(new Array(HIST_BINS).fill(0), 0.95)).toBeNull();
  });
});
