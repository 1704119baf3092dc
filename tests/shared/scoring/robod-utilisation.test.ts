// Real readings: the ROBOD lecture rooms (NUS SDE4, Singapore; Tekler et al., Building Simulation 2022,
// doi:10.1007/s12273-022-0925-9), ../shared/data/robod-occupancy. Ground-truth `occupant_count` every 5 minutes,
// 29 weekdays (2021-09-07..10-01 without 09-09, 2021-12-09..12-23). Room 1: 118,6 m², 40 seats. Room 2: 53,7 m², 40 seats
// (room_descriptions.png). Room 3 is listed in the README but its file is not in the snapshot.
//
// Rollup: the hourly value is the mean of the hour's twelve 5-minute counts (what occupancy_hourly.avg_value holds).
// The rooms' own wall clock (+08:00) is mapped onto Copenhagen wall-clock time, so "open 08–18 on weekdays" means the
// same local hours; no Danish holiday falls on any of the 29 days. Expected opening hours: 29 days × 10 h = 290 h.
//
// Worked by hand from the file (counts taken with a one-off awk/python pass over occupant_count, not with this code):
// Room 1 — all 290 open hours have readings; 118 have someone present.
//   frequency   = 118 / 290                       = 0,406897
//   Σ hourly mean count over open hours           = 792,0833 person-hours
//   utilisation = 792,0833 / (40 seats × 290 h)   = 0,068283  (6,8 %)
//   occupancy   = utilisation / frequency         = 0,167814  (≈ 6,7 of 40 seats when in use)
//   peak (P95): hours by ratio bin — 172 at 0, then 47, 17, 12, 5, 12, 7, 1 in bins (0,5 %] … (30,35 %] = 273 hours;
//               the 95th percentile is hour 0,95 × 290 = 275,5, the 2,5th of the 4 hours in (35 %, 40 %]
//               → 35 % + 5 % × 2,5/4 = 38,125 %  (exact nearest rank: 15,67 people = 39,17 %)
// Room 2 — 290 known open hours, 171 in use.
//   frequency   = 171 / 290                       = 0,589655
//   utilisation = 677,6667 / (40 × 290)           = 0,058420  (5,8 %)
//   occupancy   = 0,058420 / 0,589655             = 0,099074
//   peak (P95): 119+84+41+18+3+6+2+1 = 274 hours up to 35 %; 275,5 is the 1,5th of 3 hours in (35 %, 40 %] → 37,5 %
// Both rooms as one building (172,3 m², sensors weighted by the area they see):
//   utilisation = (118,6 × 0,068283 + 53,7 × 0,058420) / 172,3 = 0,065209
//   frequency   = (118,6 × 0,406897 + 53,7 × 0,589655) / 172,3 = 0,463856
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { buildingKpis, type SensorInput } from '@/lib/scoring/kpis';
import { expectedOpenHours, holidaysBetween, parseOpeningHours } from '@/lib/scoring/opening-hours';
import { summariseSensorHours, type HourValue } from '@/lib/scoring/sensor-usage';

const DIR = path.resolve(__dirname, '../../../../shared/data/robod-occupancy');
const hours = parseOpeningHours({ days: [1, 2, 3, 4, 5], open: 8, close: 18 });

/** Hourly means of occupant_count, keyed by the room's wall-clock hour re-read as Copenhagen time. */
function hourlyCounts(file: string): HourValue[] {
  const lines = readFileSync(path.join(DIR, file), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const col = header.indexOf('occupant_count');
  const sums = new Map<string, { sum: number; n: number }>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells[col] === '') continue; // an empty cell is unknown, not zero
    const key = cells[0].slice(0, 13); // 'YYYY-MM-DD HH'
    const s = sums.get(key) ?? { sum: 0, n: 0 };
    s.sum += Number(cells[col]);
    s.n += 1;
    sums.set(key, s);
  }
  return [...sums].map(([key, s]) => ({
    hour: DateTime.fromFormat(key, 'yyyy-MM-dd HH', { zone: 'Europe/Copenhagen' }).toJSDate(),
    avg: s.sum / s.n,
  }));
}

function room(id: string, file: string, areaM2: number): SensorInput {
  const holidays = new Set(holidaysBetween('2021-09-01', '2021-12-31'));
  return { id, kind: 'count', capacity: 40, coveredAreaM2: areaM2, usage: summariseSensorHours(hourlyCounts(file), { kind: 'count', capacity: 40, openingHours: hours, holidays, zone: 'Europe/Copenhagen' }) };
}

const record = { id: 'sde4', name: 'SDE4', category: 'school' as const, district: null, useCode: 421, grossAreaM2: 172.3, capacity: 80, usersTotal: null, tenure: 'owned' as const, annualLeaseDkk: null, replacementValueDkk: null, openingHoursKnown: true, ancillary: false };
const asOf = new Date('2021-12-24T12:00:00Z');

describe('ROBOD lecture rooms (real readings)', () => {
  const r1 = room('room1', 'combined_Room1.csv', 118.6);
  const r2 = room('room2', 'combined_Room2.csv', 53.7);
  const days = [...new Set(hourlyCounts('combined_Room1.csv').map((h) => DateTime.fromJSDate(h.hour, { zone: 'Europe/Copenhagen' }).toISODate()!))];
  const expected = days.reduce((n, d) => n + expectedOpenHours({ from: d, to: d }, hours, new Set()), 0);

  it('has 29 weekdays, 290 expected opening hours', () => {
    expect(days).toHaveLength(29);
    expect(expected).toBe(290);
  });

  it('Room 1: used 6,8 % of its seats over opening hours', () => {
    const k = buildingKpis({ building: { ...record, grossAreaM2: 118.6 }, sensors: [r1], expectedOpenHours: expected, periodDays: 29, costs: [], backlogDkk: null, m2PerUserNorm: null }, asOf);
    expect(r1.usage.openKnown).toBe(290);
    expect(r1.usage.openUsed).toBe(118);
    expect(k.frequency).toBeCloseTo(0.406897, 6);
    expect(k.utilisation).toBeCloseTo(0.068283, 6);
    expect(k.occupancy).toBeCloseTo(0.167814, 6);
    expect(k.peakUtilisation).toBeCloseTo(0.38125, 6);
    expect(k.confidenceParts.hourCoverage).toBe(1);
  });

  it('Room 2: used 5,8 % of its seats over opening hours', () => {
    const k = buildingKpis({ building: { ...record, grossAreaM2: 53.7 }, sensors: [r2], expectedOpenHours: expected, periodDays: 29, costs: [], backlogDkk: null, m2PerUserNorm: null }, asOf);
    expect(r2.usage.openUsed).toBe(171);
    expect(k.frequency).toBeCloseTo(0.589655, 6);
    expect(k.utilisation).toBeCloseTo(0.05842, 6);
    expect(k.occupancy).toBeCloseTo(0.099074, 6);
    expect(k.peakUtilisation).toBeCloseTo(0.375, 6);
  });

  it('both rooms as one building, weighted by area', () => {
    const k = buildingKpis({ building: record, sensors: [r1, r2], expectedOpenHours: expected, periodDays: 29, costs: [], backlogDkk: null, m2PerUserNorm: null }, asOf);
    expect(k.utilisation).toBeCloseTo(0.065209, 6);
    expect(k.frequency).toBeCloseTo(0.463856, 6);
    expect(k.confidenceParts.areaCoverage).toBeCloseTo(1, 10);
  });
});
