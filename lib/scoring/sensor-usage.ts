// Per-sensor usage summary: the additive figures every KPI is built from. The same summary is kept per
// sensor-day in the database (occupancy_daily_usage) and summed over a period, so scoring never reads raw
// readings, and the pure path (summariseSensorHours) and the SQL path agree by construction.
import { classifyHour, type OpeningHours } from './opening-hours';

export type SensorKind = 'count' | 'presence';

/** Histogram of hourly occupancy ratios in opening hours: bin 0 = exactly 0, bin k = ((k−1)·5 %, k·5 %], last = above 150 %. */
export const HIST_BIN_WIDTH = 0.05;
export const HIST_BINS = 32;

/** Additive usage figures of one sensor over some hours. Ratio = people ÷ capacity (count) or occupied fraction (presence). */
export interface SensorUsage {
  /** Opening hours with a reading (h). */
  openKnown: number;
  /** Opening hours with a reading above zero (h). */
  openUsed: number;
  /** Opening hours with a known ratio (needs a capacity for count sensors) (h). */
  openRatioKnown: number;
  /** Sum of hourly ratios over those hours (h × ratio). */
  openRatioSum: number;
  /** Opening hours by ratio bin, see HIST_BINS. */
  openHist: number[];
  afterKnown: number;
  afterUsed: number;
  afterRatioKnown: number;
  afterRatioSum: number;
  /** Start of the newest hour with data, or null. */
  newestHour: Date | null;
}

/** One hourly rollup value: `avg` = mean people present (count) or mean occupied fraction (presence). */
export interface HourValue {
  hour: Date;
  avg: number;
}

/** An empty summary (no hours known). */
export function emptyUsage(): SensorUsage {
  return {
    openKnown: 0, openUsed: 0, openRatioKnown: 0, openRatioSum: 0, openHist: new Array(HIST_BINS).fill(0),
    afterKnown: 0, afterUsed: 0, afterRatioKnown: 0, afterRatioSum: 0, newestHour: null,
  };
}

/** Histogram bin of an hourly ratio (see HIST_BINS). */
export function histBin(ratio: number): number {
  if (ratio <= 0) return 0;
  return Math.min(HIST_BINS - 1, Math.ceil(ratio / HIST_BIN_WIDTH - 1e-9));
}

/** The hourly ratio of a value: people ÷ capacity for count sensors, the fraction (capped at 1) for presence; null when unknown. */
export function hourRatio(avg: number, kind: SensorKind, capacity: number | null): number | null {
  if (kind === 'presence') return Math.min(Math.max(avg, 0), 1);
  return capacity && capacity > 0 ? Math.max(avg, 0) / capacity : null;
}

/**
 * Summarises one sensor's hourly values (hours without a value are simply absent: unknown, never zero).
 * Hours are classified by the building's opening hours and the holiday calendar, in the organisation's `zone`.
 */
export function summariseSensorHours(
  values: readonly HourValue[],
  ctx: { kind: SensorKind; capacity: number | null; openingHours: OpeningHours; holidays: ReadonlySet<string>; zone: string },
): SensorUsage {
  const u = emptyUsage();
  for (const { hour, avg } of values) {
    addHour(u, avg, classifyHour(hour, ctx.openingHours, ctx.holidays, ctx.zone) === 'open', hourRatio(avg, ctx.kind, ctx.capacity));
    if (!u.newestHour || hour > u.newestHour) u.newestHour = hour;
  }
  return u;
}

/** Counts one hour with a value into a summary (`open`: inside opening hours; `ratio` from hourRatio()); newestHour is the caller's. */
export function addHour(u: SensorUsage, avg: number, open: boolean, ratio: number | null): void {
  const used = avg > 0 ? 1 : 0;
  if (open) {
    u.openKnown += 1;
    u.openUsed += used;
    if (ratio !== null) {
      u.openRatioKnown += 1;
      u.openRatioSum += ratio;
      u.openHist[histBin(ratio)] += 1;
    }
  } else {
    u.afterKnown += 1;
    u.afterUsed += used;
    if (ratio !== null) {
      u.afterRatioKnown += 1;
      u.afterRatioSum += ratio;
    }
  }
}

/** Empties a summary in place (a reused accumulator: no new object per sensor-day). */
export function resetUsage(u: SensorUsage): void {
  u.openKnown = 0;
  u.openUsed = 0;
  u.openRatioKnown = 0;
  u.openRatioSum = 0;
  u.openHist.fill(0);
  u.afterKnown = 0;
  u.afterUsed = 0;
  u.afterRatioKnown = 0;
  u.afterRatioSum = 0;
  u.newestHour = null;
}

/** Adds two summaries (e.g. two days of the same sensor). */
export function addUsage(a: SensorUsage, b: SensorUsage): SensorUsage {
  const newest = !a.newestHour ? b.newestHour : !b.newestHour ? a.newestHour : a.newestHour > b.newestHour ? a.newestHour : b.newestHour;
  return {
    openKnown: a.openKnown + b.openKnown,
    openUsed: a.openUsed + b.openUsed,
    openRatioKnown: a.openRatioKnown + b.openRatioKnown,
    openRatioSum: a.openRatioSum + b.openRatioSum,
    openHist: a.openHist.map((n, i) => n + (b.openHist[i] ?? 0)),
    afterKnown: a.afterKnown + b.afterKnown,
    afterUsed: a.afterUsed + b.afterUsed,
    afterRatioKnown: a.afterRatioKnown + b.afterRatioKnown,
    afterRatioSum: a.afterRatioSum + b.afterRatioSum,
    newestHour: newest,
  };
}

/** The q-quantile (0..1) of the hourly ratios in a histogram, interpolated linearly inside its 5 % bin; null when empty. */
export function histogramQuantile(hist: readonly number[], q: number): number | null {
  const total = hist.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const target = q * total;
  let cumulative = 0;
  for (let bin = 0; bin < hist.length; bin++) {
    const n = hist[bin];
    if (n === 0) continue;
    if (cumulative + n >= target) {
      if (bin === 0) return 0;
      if (bin === HIST_BINS - 1) return (HIST_BINS - 2) * HIST_BIN_WIDTH; // "above 150 %": report the bound
      const lo = (bin - 1) * HIST_BIN_WIDTH;
      return lo + HIST_BIN_WIDTH * Math.min(1, Math.max(0, (target - cumulative) / n));
    }
    cumulative += n;
  }
  return (HIST_BINS - 2) * HIST_BIN_WIDTH;
}
