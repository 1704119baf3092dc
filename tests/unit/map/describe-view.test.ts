import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import commonDa from '@/lib/i18n/messages/da/common.json';
import mapDa from '@/lib/i18n/messages/da/map.json';
import mapEn from '@/lib/i18n/messages/en/map.json';
import { describeView } from '@/lib/map/describe-view';
import type { PortfolioView } from '@/lib/map/portfolio-view';

const da = createTranslator({ locale: 'da', messages: { map: mapDa, common: commonDa }, namespace: 'map' });
const en = createTranslator({ locale: 'en', messages: { map: mapEn }, namespace: 'map' });
const tc = createTranslator({ locale: 'da', messages: { common: commonDa }, namespace: 'common' });
const t = (tr: typeof da) => (key: string, values?: Record<string, string | number>) => tr(key as never, values as never);
const cat = (c: string) => tc(`categories.${c}` as never);

const summary: PortfolioView['summary'] = {
  buildings: 1312, grossAreaM2: 1, annualCostDkk: 1, backlogDkk: 1, medianUtilisation: 0.384, withUtilisation: 900,
  weak: 41, unscored: 57, byCategory: { school: 30, daycare: 120, sport: 12, other: 1150 },
};

describe('describeView (the map as text)', () => {
  it('says how many buildings are in view, how many are weak on the chosen score and how many have no data, in Danish', () => {
    expect(describeView(summary, 'util', 'da', t(da), cat)).toBe('1.312 bygninger i visningen, 41 med lav udnyttelse (under 40), 57 uden data; median udnyttelse 38 %.');
  });
  it('names the largest categories when coloured by category', () => {
    expect(describeView(summary, 'category', 'da', t(da), cat)).toBe(
      `1.312 bygninger i visningen, flest ${cat('other')} 1.150, ${cat('daycare')} 120, ${cat('school')} 30; median udnyttelse 38 %.`,
    );
  });
  it('handles one, none and no median, and English', () => {
    expect(describeView({ ...summary, buildings: 1, weak: 0, unscored: 0, medianUtilisation: null }, 'combined', 'da', t(da), cat)).toBe('1 bygning i visningen, 0 med lav samlet score (under 40).');
    expect(describeView({ ...summary, buildings: 0, weak: 0, unscored: 0, medianUtilisation: null, byCategory: {} }, 'cost', 'da', t(da), cat)).toBe('Ingen bygninger i visningen.');
    expect(describeView(summary, 'cond', 'en', t(en), cat)).toBe('1,312 buildings in view, 41 with low condition (below 40), 57 without data; median utilisation 38 %.');
  });
});
