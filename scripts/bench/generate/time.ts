// Time steps of generated readings, precomputed once per step and shared by every sensor: UTC ISO text,
// Danish local text (Europe/Copenhagen, EU summer-time rule) and the local hour and weekday.

/** Start (UTC ms) of EU summer time in a year: last Sunday of March, 01:00 UTC. */
function summerStart(year: number): number {
  const lastDay = new Date(Date.UTC(year, 2, 31));
  return Date.UTC(year, 2, 31 - lastDay.getUTCDay(), 1);
}

/** End (UTC ms) of EU summer time in a year: last Sunday of October, 01:00 UTC. */
function summerEnd(year: number): number {
  const lastDay = new Date(Date.UTC(year, 9, 31));
  return Date.UTC(year, 9, 31 - lastDay.getUTCDay(), 1);
}

/** Europe/Copenhagen UTC offset in hours (1 or 2) at a UTC instant. */
export function copenhagenOffsetHours(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  return utcMs >= summerStart(year) && utcMs < summerEnd(year) ? 2 : 1;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

export interface Steps {
  count: number;
  startMs: number;
  intervalMs: number;
  /** 2026-01-05T08:00:00.000Z */
  isoUtc: string[];
  /** 2026-01-05T09:00:00+01:00 (ISO 8601 with the local offset, as sensor portals export) */
  isoLocal: string[];
  /** 05-01-2026 09:00 (Danish Excel, local time; the October hour repeats) */
  danish: string[];
  localHour: Uint8Array;
  /** 1 = Monday … 7 = Sunday (local) */
  weekday: Uint8Array;
  /** Days since the first step's UTC day, for per-day gaps. */
  dayIndex: Uint32Array;
}

/** Precomputes `count` steps of `intervalMinutes` starting at `start`. */
export function buildSteps(start: Date, count: number, intervalMinutes: number): Steps {
  const startMs = start.getTime();
  const intervalMs = intervalMinutes * 60_000;
  const s: Steps = {
    count,
    startMs,
    intervalMs,
    isoUtc: new Array(count),
    isoLocal: new Array(count),
    danish: new Array(count),
    localHour: new Uint8Array(count),
    weekday: new Uint8Array(count),
    dayIndex: new Uint32Array(count),
  };
  const day0 = Math.floor(startMs / 86_400_000);
  for (let i = 0; i < count; i++) {
    const t = startMs + i * intervalMs;
    const off = copenhagenOffsetHours(t);
    const local = new Date(t + off * 3_600_000);
    const y = local.getUTCFullYear();
    const mo = pad(local.getUTCMonth() + 1);
    const d = pad(local.getUTCDate());
    const h = pad(local.getUTCHours());
    const mi = pad(local.getUTCMinutes());
    s.isoUtc[i] = new Date(t).toISOString();
    s.isoLocal[i] = `${y}-${mo}-${d}T${h}:${mi}:00+0${off}:00`;
    s.danish[i] = `${d}-${mo}-${y} ${h}:${mi}`;
    s.localHour[i] = local.getUTCHours();
    s.weekday[i] = ((local.getUTCDay() + 6) % 7) + 1;
    s.dayIndex[i] = Math.floor(t / 86_400_000) - day0;
  }
  return s;
}
