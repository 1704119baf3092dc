import { DateTime } from 'luxon';

// The demo year and the Danish calendar that shapes its readings: school holidays, public holidays, DST.

export const DEMO_PERIOD = { from: '2025-11-01', to: '2026-10-31' } as const; // Copenhagen days, inclusive

/** Danish school holidays in the demo year (Herning Kommune's pattern; inclusive local dates). */
const SCHOOL_HOLIDAYS: [string, string][] = [
  ['2025-12-20', '2026-01-04'], // jul
  ['2026-02-09', '2026-02-13'], // vinterferie, uge 7
  ['2026-03-28', '2026-04-06'], // påske
  ['2026-06-27', '2026-08-09'], // sommerferie
  ['2026-10-10', '2026-10-18'], // efterårsferie, uge 42
];

/** Public holidays (helligdage) and days most institutions close. */
const PUBLIC_HOLIDAYS = new Set([
  '2025-12-24', '2025-12-25', '2025-12-26', '2025-12-31', '2026-01-01',
  '2026-04-02', '2026-04-03', '2026-04-05', '2026-04-06', '2026-05-14', '2026-05-15',
  '2026-05-24', '2026-05-25', '2026-06-05',
]);

export interface HourInfo {
  /** UTC instant of the hour's start. */
  utc: Date;
  localHour: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  localDate: string;
  schoolHoliday: boolean;
  publicHoliday: boolean;
  /** Day-care summer closure weeks (three weeks in July). */
  daycareClosed: boolean;
}

/** Every hour of the demo year with its Danish local time and holiday flags (computed once, reused per sensor). */
export function demoHours(): HourInfo[] {
  const start = DateTime.fromISO(`${DEMO_PERIOD.from}T00:00`, { zone: 'Europe/Copenhagen' }).toUTC();
  const end = DateTime.fromISO(`${DEMO_PERIOD.to}T00:00`, { zone: 'Europe/Copenhagen' }).plus({ days: 1 }).toUTC();
  const hours: HourInfo[] = [];
  for (let t = start; t < end; t = t.plus({ hours: 1 })) {
    const local = t.setZone('Europe/Copenhagen');
    const localDate = local.toISODate()!;
    hours.push({
      utc: t.toJSDate(),
      localHour: local.hour,
      weekday: local.weekday,
      localDate,
      schoolHoliday: SCHOOL_HOLIDAYS.some(([a, b]) => localDate >= a && localDate <= b),
      publicHoliday: PUBLIC_HOLIDAYS.has(localDate),
      daycareClosed: localDate >= '2026-07-06' && localDate <= '2026-07-24',
    });
  }
  return hours;
}
