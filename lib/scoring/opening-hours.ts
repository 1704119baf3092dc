// Opening hours, public holidays and the expected opening hours of a period — all in the organisation's local
// time (its `settings.timeZone`), at hourly resolution. Pure: the period, the calendar and the zone are passed in.
import { DateTime } from 'luxon';
import { z } from 'zod';

/** building.opening_hours as stored: ISO weekdays (1 = Monday), open/close in local hours, closure dates. */
export const openingHoursSchema = z.object({
  days: z.array(z.number().int().min(1).max(7)).min(1),
  open: z.number().min(0).max(24),
  close: z.number().min(0).max(24),
  /** Extra closed days for this building (e.g. a day-care's summer closure), 'YYYY-MM-DD'. */
  closed: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
});

export interface OpeningHours {
  days: number[];
  /** First open local hour (inclusive), whole hours. */
  openHour: number;
  /** First closed local hour (exclusive), whole hours. */
  closeHour: number;
  closed: string[];
  /** True when the building had no usable opening hours and the default (Mon–Fri 8–16) was assumed. */
  assumed: boolean;
}

export const DEFAULT_OPENING_HOURS: OpeningHours = { days: [1, 2, 3, 4, 5], openHour: 8, closeHour: 16, closed: [], assumed: true };

/** Parses stored opening hours; an hour counts as open when any part of it is (07:30 opens the 7 o'clock hour). */
export function parseOpeningHours(raw: unknown): OpeningHours {
  const parsed = openingHoursSchema.safeParse(raw);
  if (!parsed.success || parsed.data.close <= parsed.data.open) return DEFAULT_OPENING_HOURS;
  const { days, open, close, closed } = parsed.data;
  return { days: [...new Set(days)].sort(), openHour: Math.floor(open), closeHour: Math.ceil(close), closed, assumed: false };
}

/** Danish public holidays (helligdage) of a year as 'YYYY-MM-DD', plus 24 and 31 December and Constitution Day. */
export function danishHolidays(year: number): string[] {
  // Anonymous Gregorian algorithm for Easter Sunday.
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  const easter = DateTime.utc(year, month, day);
  const rel = (n: number) => easter.plus({ days: n }).toISODate()!;
  const fixed = (mm: number, dd: number) => DateTime.utc(year, mm, dd).toISODate()!;
  const days = [
    fixed(1, 1), rel(-3), rel(-2), rel(0), rel(1), rel(39), rel(49), rel(50),
    fixed(6, 5), fixed(12, 24), fixed(12, 25), fixed(12, 26), fixed(12, 31),
  ];
  // Store Bededag (4th Friday after Easter) was abolished from 2024.
  if (year < 2024) days.push(rel(26));
  return days.sort();
}

/** Holidays of every year touched by [fromDay, toDay] ('YYYY-MM-DD'). */
export function holidaysBetween(fromDay: string, toDay: string): string[] {
  const y0 = Number(fromDay.slice(0, 4));
  const y1 = Number(toDay.slice(0, 4));
  const out: string[] = [];
  for (let y = y0; y <= y1; y++) out.push(...danishHolidays(y).filter((d) => d >= fromDay && d <= toDay));
  return out;
}

/** A period of whole local days, both ends inclusive, 'YYYY-MM-DD'. */
export interface Period {
  from: string;
  to: string;
}

// Calendar days and weekdays do not depend on the zone: they are counted on UTC dates (no DST day of 23 or 25 h).
const calendarDay = (day: string) => DateTime.fromISO(day, { zone: 'UTC' });

/** Number of local calendar days in a period. */
export function periodDays(period: Period): number {
  return Math.round(calendarDay(period.to).diff(calendarDay(period.from), 'days').days) + 1;
}

/** The instants [start, end) of a period in `zone`: local midnight of `from` to local midnight after `to`. */
export function periodBounds(period: Period, zone: string): { start: Date; end: Date } {
  return {
    start: DateTime.fromISO(period.from, { zone }).toJSDate(),
    end: DateTime.fromISO(period.to, { zone }).plus({ days: 1 }).toJSDate(),
  };
}

/** Whether a local day is an opening day: listed weekday, not a holiday, not a building closure. */
export function isOpenDay(day: string, isoWeekday: number, hours: OpeningHours, holidays: ReadonlySet<string>): boolean {
  return hours.days.includes(isoWeekday) && !holidays.has(day) && !hours.closed.includes(day);
}

export type HourClass = 'open' | 'after';

/** Classifies the hour starting at `hourStart` (UTC instant) as inside opening hours or after hours, in `zone`. */
export function classifyHour(hourStart: Date, hours: OpeningHours, holidays: ReadonlySet<string>, zone: string): HourClass {
  const local = DateTime.fromJSDate(hourStart, { zone });
  const day = local.toISODate()!;
  if (!isOpenDay(day, local.weekday, hours, holidays)) return 'after';
  return local.hour >= hours.openHour && local.hour < hours.closeHour ? 'open' : 'after';
}

/** Opening hours expected in a period (h): open days × (close − open), holidays and closures excluded. */
export function expectedOpenHours(period: Period, hours: OpeningHours, holidays: ReadonlySet<string>): number {
  let n = 0;
  const last = calendarDay(period.to);
  for (let d = calendarDay(period.from); d <= last; d = d.plus({ days: 1 })) {
    if (isOpenDay(d.toISODate()!, d.weekday, hours, holidays)) n += hours.closeHour - hours.openHour;
  }
  return n;
}
