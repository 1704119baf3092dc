import type { Locale } from '@/lib/i18n/config';

// Numbers, money and areas in the user's language: da-DK writes 1.234,5 m² and 12.500 kr.

const tag = (locale: Locale) => (locale === 'da' ? 'da-DK' : 'en-GB');

/** A plain number with at most `digits` decimals. */
export function formatNumber(value: number, locale: Locale, digits = 0): string {
  return new Intl.NumberFormat(tag(locale), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

/** Square metres, e.g. "1.234,5 m²". */
export function formatArea(m2: number, locale: Locale, digits = 0): string {
  return `${formatNumber(m2, locale, digits)} m²`;
}

/** Danish kroner, e.g. "12.500 kr" (DKK in English). */
export function formatMoney(dkk: number, locale: Locale): string {
  return locale === 'da' ? `${formatNumber(Math.round(dkk), locale)} kr` : `DKK ${formatNumber(Math.round(dkk), locale)}`;
}

/** A share 0..1 as a percentage, e.g. "12,5 %". */
export function formatPercent(share: number, locale: Locale, digits = 0): string {
  return `${formatNumber(share * 100, locale, digits)} %`;
}

/**
 * A date as dd-mm-yyyy (Danish convention) or d Mon yyyy, in `timeZone` — the organisation's (settings.timeZone):
 * pages take it from next-intl (getTimeZone / useTimeZone, set per request in lib/i18n/request.ts).
 */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  if (locale === 'da') {
    const parts = new Intl.DateTimeFormat('da-DK', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(date);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    return `${get('day')}-${get('month')}-${get('year')}`;
  }
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** Date and time in `timeZone`'s local time (as formatDate). */
export function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  const time = new Intl.DateTimeFormat(tag(locale), { timeZone, hour: '2-digit', minute: '2-digit' }).format(date);
  return `${formatDate(date, locale, timeZone)} ${time.replace('.', ':')}`;
}
