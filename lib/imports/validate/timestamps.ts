// Timestamps as sensor portals and Danish spreadsheets write them, turned into instants.
//   ISO 8601 with offset or Z        → that instant.
//   ISO / yyyy-mm-dd hh:mm, no offset → local wall time of the organisation's zone (settings.timeZone).
//   dd-mm-yyyy hh:mm[:ss], dd/mm/yyyy → local time; day-month vs month-day decided by scanning the file.
//   dd.mm.yyyy[ hh:mm[:ss]]           → local time, always day first.
//   any of these with a 12-hour clock  → `2:30 PM`, `12:15 am` (US exports), read as 14:30, 00:15.
// Date and time in two columns are joined first (joinDateAndTime).
// Local wall times go through the zone's rules (luxon, cached per year, bounded): the hour skipped each March does
// not exist and is rejected; the hour repeated each October is resolved by file order per sensor.
import { DateTime } from 'luxon';
import { ZONE_HOUR_CACHE_ENTRIES, ZONE_RULES_CACHE_YEARS } from '@/lib/config/limits';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';

export const DEFAULT_ZONE = DEFAULT_TIME_ZONE;

export type DateOrder = 'dmy' | 'mdy';

/** A wall-clock time without zone, or an instant when the text carried an offset. */
export type ParsedTime =
  | { kind: 'instant'; ms: number }
  | { kind: 'local'; wallMs: number }
  | { kind: 'undecided'; a: number; b: number; hms: [number, number, number, number] };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DMY = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/;

function wall(y: number, mo: number, d: number, h: number, mi: number, s: number, msec: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 24 || mi > 59 || s > 60) return null;
  if (h === 24 && (mi !== 0 || s !== 0)) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, msec);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return ms;
}

function offsetMinutes(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/**
 * Reads one timestamp text. `order` settles dd-mm vs mm-dd for dash/slash dates; without it, a date whose
 * first two parts are both ≤ 12 comes back 'undecided'. Returns null for text that is no timestamp.
 */
export function parseTimestamp(text: string, order?: DateOrder): ParsedTime | null {
  let t = text.trim();
  const last = t.charCodeAt(t.length - 1);
  // 'M', 'm' or '.' (a.m./p.m.): only then can a 12-hour clock be there.
  if (last === 77 || last === 109 || last === 46) {
    const h24 = to24Hour(t);
    if (h24 === null) return null;
    t = h24;
  }
  let m = ISO.exec(t);
  if (m) {
    const frac = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
    const w = wall(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, frac);
    if (w === null) return null;
    if (m[8]) return { kind: 'instant', ms: w - offsetMinutes(m[8]) * 60_000 };
    return { kind: 'local', wallMs: w };
  }
  m = DMY.exec(t);
  if (m) {
    const a = +m[1];
    const b = +m[3];
    const y = +m[4];
    const hms: [number, number, number, number] = [m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7] ? +m[7] : 0, y];
    let dayFirst: boolean;
    if (m[2] === '.') dayFirst = true;
    else if (order) dayFirst = order === 'dmy';
    else if (a > 12 && b <= 12) dayFirst = true;
    else if (b > 12 && a <= 12) dayFirst = false;
    else if (a <= 12 && b <= 12) return a === b ? dateFrom(a, b, y, hms) : { kind: 'undecided', a, b, hms };
    else return null;
    return dayFirst ? dateFrom(a, b, y, hms) : dateFrom(b, a, y, hms);
  }
  return null;
}

const TWELVE_HOUR = /^(.*?)(\d{1,2})([:.]\d{2}(?:[:.]\d{2})?)?\s*([AaPp])\.?\s?[Mm]\.?$/;

/** A 12-hour clock time (`2:30 PM`, `12 am`) in 24-hour form; the text unchanged without AM/PM; null for an hour outside 1–12. */
export function to24Hour(text: string): string | null {
  const m = TWELVE_HOUR.exec(text);
  if (!m) return text;
  const h = Number(m[2]);
  if (h < 1 || h > 12) return null;
  const pm = m[4] === 'P' || m[4] === 'p';
  const hour = (h % 12) + (pm ? 12 : 0);
  return `${m[1]}${String(hour).padStart(2, '0')}${m[3] ?? ':00'}`;
}

/**
 * One timestamp text from a date column and a time column (`25-10-2026` + `02:30`, `10/25/2026` + `2:30 PM`);
 * the date alone when the time cell is empty. A time written as an Excel day fraction (`0,5`) is read too.
 */
export function joinDateAndTime(date: string, time: string | undefined): string {
  if (time === undefined) return date;
  const fraction = /^0?[.,]\d+$|^0$/.test(time) ? Number(time.replace(',', '.')) : NaN;
  if (!Number.isNaN(fraction)) {
    const minutes = Math.round(fraction * 1440);
    return `${date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  }
  return `${date} ${time}`;
}

function dateFrom(day: number, month: number, year: number, hms: [number, number, number, number]): ParsedTime | null {
  const w = wall(year, month, day, hms[0], hms[1], hms[2], 0);
  return w === null ? null : { kind: 'local', wallMs: w };
}

/** What one timestamp tells about the date order: 'dmy', 'mdy', 'either' (both ≤ 12) or 'none' (not a dash/slash date). */
export function dateOrderEvidence(text: string): DateOrder | 'either' | 'none' {
  const m = DMY.exec(text.trim());
  if (!m || m[2] === '.') return 'none';
  const a = +m[1];
  const b = +m[3];
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return a <= 31 && b <= 31 ? 'either' : 'none';
}

/** Resolves 'undecided' with a known order. */
export function decide(parsed: ParsedTime, order: DateOrder): ParsedTime | null {
  if (parsed.kind !== 'undecided') return parsed;
  return order === 'dmy' ? dateFrom(parsed.a, parsed.b, parsed.hms[3], parsed.hms) : dateFrom(parsed.b, parsed.a, parsed.hms[3], parsed.hms);
}

// ---- local wall time → instant in a zone -------------------------------------------------------------

interface YearRules {
  /** [startMs, endMs, offsetMinutes] spans covering the year (UTC instants). */
  spans: Array<[number, number, number]>;
}

// Each year's rules cost ~80 ms of luxon lookups, so they are cached — as a bounded LRU (ZONE_RULES_CACHE_YEARS):
// a batch of 200 distinct years used to cost 16 s and keep all 200. The import's readings window limits which
// years reach here at all; the bound holds for every other caller too.
const rulesCache = new Map<string, YearRules>();

/** How many zone-years and wall hours are cached (tests of the bounds). */
export function zoneCacheSizes(): { years: number; hours: number } {
  return { years: rulesCache.size, hours: hourCache.size };
}

/** The zone's offset spans over one year, found with luxon by scanning hour by hour (cached, LRU). */
function yearRules(zone: string, year: number): YearRules {
  const key = `${zone}|${year}`;
  const hit = rulesCache.get(key);
  if (hit) {
    rulesCache.delete(key);
    rulesCache.set(key, hit);
    return hit;
  }
  const start = Date.UTC(year, 0, 1) - 36 * 3_600_000;
  const end = Date.UTC(year + 1, 0, 1) + 36 * 3_600_000;
  const spans: Array<[number, number, number]> = [];
  let cur = DateTime.fromMillis(start, { zone }).offset;
  let spanStart = start;
  for (let t = start + 3_600_000; t <= end; t += 3_600_000) {
    const off = DateTime.fromMillis(t, { zone }).offset;
    if (off !== cur) {
      // Narrow the change down to the minute.
      let lo = t - 3_600_000;
      let hi = t;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (DateTime.fromMillis(mid, { zone }).offset === cur) lo = mid;
        else hi = mid;
      }
      spans.push([spanStart, hi, cur]);
      spanStart = hi;
      cur = off;
    }
  }
  spans.push([spanStart, end + 1, cur]);
  const rules = { spans };
  if (rulesCache.size >= ZONE_RULES_CACHE_YEARS) rulesCache.delete(rulesCache.keys().next().value!);
  rulesCache.set(key, rules);
  return rules;
}

function offsetAt(rules: YearRules, ms: number): number | null {
  for (const [s, e, off] of rules.spans) if (ms >= s && ms < e) return off;
  return null;
}

/** The instants a wall time can mean in the zone: none (skipped hour), one, or two (repeated hour, earlier first). */
export function localCandidates(wallMs: number, zone = DEFAULT_ZONE): number[] {
  const offsets = hourOffsets(wallMs, zone);
  if (offsets) return offsets.map((off) => wallMs - off * 60_000);
  return candidatesUncached(wallMs, zone);
}

function candidatesUncached(wallMs: number, zone: string): number[] {
  const rules = yearRules(zone, new Date(wallMs).getUTCFullYear());
  const offsets = [...new Set(rules.spans.map((s) => s[2]))].sort((a, b) => b - a);
  const out: number[] = [];
  for (const off of offsets) {
    const candidate = wallMs - off * 60_000;
    if (offsetAt(rules, candidate) === off) out.push(candidate);
  }
  return out.sort((a, b) => a - b);
}

// Wall hour → the offsets (minutes) valid for EVERY wall time of that hour, in candidate order; null when a
// zone change falls inside the hour (then each wall time is resolved on its own). Files are mostly time-ordered,
// so this turns a zone lookup per row into one per local hour.
const HOUR = 3_600_000;
const hourCache = new Map<string, number[] | null>();

function hourOffsets(wallMs: number, zone: string): number[] | null {
  const hourStart = Math.floor(wallMs / HOUR) * HOUR;
  const key = `${zone}|${hourStart}`;
  let hit = hourCache.get(key);
  if (hit === undefined) {
    const first = candidatesUncached(hourStart, zone).map((c) => hourStart - c);
    const last = candidatesUncached(hourStart + HOUR - 1, zone).map((c) => hourStart + HOUR - 1 - c);
    const same = first.length === last.length && first.every((d, i) => d === last[i]);
    hit = same ? first.map((d) => d / 60_000) : null;
    if (hourCache.size >= ZONE_HOUR_CACHE_ENTRIES) hourCache.clear();
    hourCache.set(key, hit);
  }
  return hit;
}

export type LocalResolution = { ok: true; ms: number } | { ok: false; code: 'nonexistent_local_time' | 'ambiguous_local_time' };

/**
 * The instant of a local wall time given the sensor's previous instant (`prev`, NaN when none): the repeated
 * October hour is read in file order — the earliest candidate after the previous reading. Returns the instant,
 * or NaN (the time does not exist) / -Infinity (ambiguous: both candidates lie before the previous reading).
 */
export function resolveLocal(wallMs: number, prev: number, zone = DEFAULT_ZONE, repeated?: RepeatedHourTally): number {
  const offsets = hourOffsets(wallMs, zone);
  if (offsets && offsets.length === 1) return wallMs - offsets[0] * 60_000;
  const c = offsets ? offsets.map((off) => wallMs - off * 60_000) : candidatesUncached(wallMs, zone);
  if (c.length === 0) return NaN;
  if (c.length === 1) return c[0];
  const next = Number.isNaN(prev) ? c[0] : c.find((x) => x > prev);
  if (next === undefined) return -Infinity;
  if (repeated) {
    if (next === c[0]) repeated.first += 1;
    else repeated.second += 1;
  }
  return next;
}

/** How many wall times of a repeated hour were read as its first occurrence (summer time) and as its second. */
export interface RepeatedHourTally {
  first: number;
  second: number;
}

/**
 * Turns local wall times into instants, remembering the last instant per sensor so the repeated October hour
 * is read in file order: the first 02:30 is summer time (CEST), a later 02:30 of the same sensor winter time (CET).
 * Memory grows with the number of sensors, not rows. (The import's hot loop keeps `prev` on its own sensor
 * records and calls resolveLocal directly.)
 */
export class LocalTimeResolver {
  private readonly last = new Map<string, number>();
  constructor(private readonly zone = DEFAULT_ZONE) {}

  /** Records an instant read from an offset timestamp so later local times of the sensor see it. */
  note(sensor: string, ms: number): void {
    this.last.set(sensor, ms);
  }

  resolve(sensor: string, wallMs: number): LocalResolution {
    const ms = resolveLocal(wallMs, this.last.get(sensor) ?? NaN, this.zone);
    if (Number.isNaN(ms)) return { ok: false, code: 'nonexistent_local_time' };
    if (ms === -Infinity) return { ok: false, code: 'ambiguous_local_time' };
    this.last.set(sensor, ms);
    return { ok: true, ms };
  }
}
