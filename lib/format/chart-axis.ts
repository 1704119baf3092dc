import type { Locale } from '@/lib/i18n/config';
import { formatNumber } from './number';

// Axis labels for the charts: short enough to fit, never ambiguous, always with their unit.

/** Kroner on an axis: "800 t.kr." / "1,2 mio. kr." in Danish (the finance departments' own units), "DKK 800k" / "DKK 1.2m" in English. */
export function formatMoneyTick(dkk: number, locale: Locale): string {
  const abs = Math.abs(dkk);
  if (locale === 'da') {
    if (abs >= 1e6) return `${formatNumber(dkk / 1e6, locale, 1)} mio. kr.`;
    if (abs >= 1e3) return `${formatNumber(dkk / 1e3, locale, 0)} t.kr.`;
    return `${formatNumber(dkk, locale)} kr.`;
  }
  if (abs >= 1e6) return `DKK ${formatNumber(dkk / 1e6, locale, 1)}m`;
  if (abs >= 1e3) return `DKK ${formatNumber(dkk / 1e3, locale, 0)}k`;
  return `DKK ${formatNumber(dkk, locale)}`;
}

/** Square metres on an axis: "12.500 m²". */
export function formatAreaTick(m2: number, locale: Locale): string {
  return `${formatNumber(m2, locale)} m²`;
}

/** "2026-01" as the month in the user's language: "jan. 2026" / "Jan 2026". */
export function formatMonthLabel(yearMonth: string, locale: Locale): string {
  const [y, m] = yearMonth.split('-').map(Number);
  if (!y || !m) return yearMonth;
  return new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/**
 * Width in px of a y-axis whose ticks are `labels` (at ~11–12 px text): the longest label plus room for the tick, so
 * "19,5 mio. kr." is never cut to "9,5 mio.". An estimate per character, generous for digits and wide letters.
 */
export function axisWidth(labels: string[], pxPerChar = 7.2): number {
  const longest = labels.reduce((n, l) => Math.max(n, l.length), 0);
  return Math.ceil(Math.max(40, longest * pxPerChar + 14));
}

/** "Nice" tick values recharts would choose are not known up front; the extremes and their halves bound the labels. */
export function tickCandidates(values: number[]): number[] {
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  return [max, min, max / 2, min / 2, max * 1.25, min * 1.25];
}
