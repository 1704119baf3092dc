import { DateTime } from 'luxon';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';
import { danishHolidays } from '@/lib/scoring/opening-hours';

// The demo municipality keeps the default zone (its settings do not set one).
const ZONE = DEFAULT_TIME_ZONE;

// The fixed demo year and the Danish calendar that shapes its readings: school holidays, public holidays,
// day-care summer closure, daylight saving time. Generated in UTC hours; local hour/weekday derived with luxon.

/** First and last local day of the demo year (Europe/Copenhagen, inclusive). */
export const DEMO_PERIOD = { from: '2025-11-01', to: '2026-10-31' } as const;

/** Herning's school holidays in the demo year (inclusive local dates). */
export const SCHOOL_HOLIDAYS: readonly [string, string][] = [
  ['2025-12-20', '2026-01-04'], // juleferie
  ['2026-02-07', '2026-02-15'], // vinterferie, uge 7
  ['2026-03-28', '2026-04-06'], // påskeferie
  ['2026-06-27', '2026-08-09'], // sommerferie (school starts Monday 10 August)
  ['2026-10-10', '2026-10-18'], // efterårsferie, uge 42
];

/** Day-care summer closure (three weeks in July) and the days between Christmas and New Year. */
export const DAYCARE_CLOSED: readonly [string, string][] = [
  ['2026-07-06', '2026-07-24'],
  ['2025-12-29', '2025-12-30'],
];

const PUBLIC_HOLIDAYS = new Set([...danishHolidays(2025), ...danishHolidays(2026)]);

export interface DemoHour {
  /** Start of the hour, ISO 8601 UTC ('2025-10-31T23:00:00.000Z'). */
  iso: string;
  localHour: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  localDate: string;
  schoolHoliday: boolean;
  publicHoliday: boolean;
  daycareClosed: boolean;
}

const inRanges = (day: string, ranges: readonly [string, string][]) => ranges.some(([a, b]) => day >= a && day <= b);

/** Every hour of the demo year (8,760) with its Copenhagen local time and holiday flags. */
export function demoHours(): DemoHour[] {
  const start = DateTime.fromISO(`${DEMO_PERIOD.from}T00:00`, { zone: ZONE }).toUTC();
  const end = DateTime.fromISO(`${DEMO_PERIOD.to}T00:00`, { zone: ZONE }).plus({ days: 1 }).toUTC();
  const hours: DemoHour[] = [];
  for (let ms = start.toMillis(); ms < end.toMillis(); ms += 3_600_000) {
    const local = DateTime.fromMillis(ms, { zone: ZONE });
    const localDate = local.toISODate()!;
    hours.push({
      iso: new Date(ms).toISOString(),
      localHour: local.hour,
      weekday: local.weekday,
      localDate,
      schoolHoliday: inRanges(localDate, SCHOOL_HOLIDAYS),
      publicHoliday: PUBLIC_HOLIDAYS.has(localDate),
      daycareClosed: inRanges(localDate, DAYCARE_CLOSED),
    });
  }
  return hours;
}

/** Weekdays (Mon–Fri, not public holidays) inside the given ranges, as 'YYYY-MM-DD' — stored as opening_hours.closed. */
export function closedWeekdays(ranges: readonly [string, string][]): string[] {
  const out: string[] = [];
  for (const [a, b] of ranges) {
    for (let d = DateTime.fromISO(a, { zone: 'UTC' }); d.toISODate()! <= b; d = d.plus({ days: 1 })) {
      const iso = d.toISODate()!;
      if (d.weekday <= 5 && !PUBLIC_HOLIDAYS.has(iso)) out.push(iso);
    }
  }
  return out;
}
