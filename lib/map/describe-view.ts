// The map's text alternative: one sentence saying what the map shows right now, for screen readers (a polite
// live region) and for anyone who cannot read the colours. Pure; the wording comes from the map messages.
import { formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import type { PortfolioView } from './portfolio-view';
import type { ColourKey } from './view-filter';

type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * E.g. "312 bygninger i visningen, 41 med lav udnyttelse (under 40), 57 uden data; median udnyttelse 38 %."
 * In category colouring it names the three largest categories instead of the weak ones.
 */
export function describeView(summary: PortfolioView['summary'], colour: ColourKey, locale: Locale, t: Translate, categoryName: (c: string) => string): string {
  const parts = [t('textAlt.count', { count: summary.buildings, n: formatNumber(summary.buildings, locale) })];
  if (summary.buildings > 0) {
    if (colour === 'category') {
      const top = Object.entries(summary.byCategory ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3);
      if (top.length > 0) parts.push(t('textAlt.categories', { list: top.map(([c, n]) => `${categoryName(c)} ${formatNumber(n, locale)}`).join(', ') }));
    } else {
      parts.push(t('textAlt.weak', { n: formatNumber(summary.weak, locale), score: t(`colour.${colour}`) }));
      if (summary.unscored > 0) parts.push(t('textAlt.unscored', { n: formatNumber(summary.unscored, locale) }));
    }
  }
  let text = parts.join(', ');
  if (summary.medianUtilisation != null) text += '; ' + t('textAlt.median', { value: formatPercent(summary.medianUtilisation, locale) });
  return text + '.';
}
