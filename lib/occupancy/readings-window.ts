// The plausibility window of occupancy readings: nothing before 2000-01-01 and nothing more than a day (the
// organisation may say otherwise, within lib/config/limits.ts) after the import. A reading outside it is a
// typing or export error (1970 is epoch 0, 2099 a placeholder) — and since readings are partitioned by month, one
// reading dated 9999 would otherwise create ~10⁵ partition tables. Pure: `nowMs` is passed in.
import {
  PARTITIONS_MAX_MONTHS_AHEAD, READINGS_DEFAULT_MAX_FUTURE_HOURS, READINGS_EARLIEST_MS, READINGS_MAX_FUTURE_HOURS,
} from '@/lib/config/limits';

export interface ReadingsWindowSettings {
  /** First accepted day (UTC, yyyy-mm-dd); never before 2000-01-01. */
  earliest?: string;
  /** Hours after now still accepted. */
  maxFutureHours?: number;
}

export interface ReadingsWindow {
  fromMs: number;
  /** Exclusive: readings at or after this instant are refused. */
  toMs: number;
}

/** The window of accepted reading instants at `nowMs` under the organisation's settings (clamped to the hard bounds). */
export function readingsWindow(settings: ReadingsWindowSettings | undefined, nowMs: number): ReadingsWindow {
  const earliest = settings?.earliest ? Date.parse(`${settings.earliest}T00:00:00Z`) : NaN;
  const hours = settings?.maxFutureHours ?? READINGS_DEFAULT_MAX_FUTURE_HOURS;
  const futureHours = Number.isFinite(hours) ? Math.min(Math.max(hours, 0), READINGS_MAX_FUTURE_HOURS) : READINGS_DEFAULT_MAX_FUTURE_HOURS;
  return { fromMs: Number.isFinite(earliest) ? Math.max(earliest, READINGS_EARLIEST_MS) : READINGS_EARLIEST_MS, toMs: nowMs + futureHours * 3_600_000 };
}

/** Whether an instant lies in the window. */
export function inReadingsWindow(w: ReadingsWindow, ms: number): boolean {
  return ms >= w.fromMs && ms < w.toMs;
}

/**
 * The months a partition may be created for at `nowMs` (as month indexes year × 12 + month − 1): from January
 * 2000 to PARTITIONS_MAX_MONTHS_AHEAD after the current month — the second line of defence behind the window.
 */
export function partitionMonthRange(nowMs: number): { first: number; last: number } {
  const from = new Date(READINGS_EARLIEST_MS);
  const now = new Date(nowMs);
  return { first: from.getUTCFullYear() * 12 + from.getUTCMonth(), last: now.getUTCFullYear() * 12 + now.getUTCMonth() + PARTITIONS_MAX_MONTHS_AHEAD };
}

/** The window's bounds as text for messages (UTC, minutes). */
export function describeWindow(w: ReadingsWindow): { from: string; to: string } {
  const f = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return { from: f(w.fromMs), to: f(w.toMs) };
}
