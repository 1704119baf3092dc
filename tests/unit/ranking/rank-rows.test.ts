import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, DEFAULT_SORT, nextSort, rankingCsv, rankRows, type RankingRow } from '@/app/ranking/rank-rows';

const row = (id: string, name: string, scores: RankingRow['scores'], extra: Partial<RankingRow> = {}): RankingRow => ({
  id, name, category: 'school', district: 'Lind', ancillary: false, scores, confidence: 0.8, why: '', ...extra,
});
const rows: RankingRow[] = [
  row('a', 'Alfa Skole', { utilisation: 90, cost: 80, condition: 70 }),
  row('b', 'Beta Skole', { utilisation: 10, cost: 20, condition: 30 }),
  row('c', 'Beta Skole, garage', { utilisation: null, cost: 5, condition: 5 }, { ancillary: true, category: 'other' }),
  row('d', 'Delta Skole', { utilisation: null, cost: null, condition: null }, { confidence: 0.1 }),
  row('e', 'Epsilon Dagtilbud', { utilisation: 50, cost: 50, condition: 50 }, { category: 'daycare', district: 'Sunds', confidence: 0.4 }),
];
const w = { utilisation: 0.5, cost: 0.3, condition: 0.2 };
const ids = (r: { id: string }[]) => r.map((x) => x.id);

describe('rankRows', () => {
  it('leaves ancillary buildings (BBR 910–990) out by default and includes them when asked', () => {
    expect(ids(rankRows(rows, w, DEFAULT_FILTER, DEFAULT_SORT))).not.toContain('c');
    expect(ids(rankRows(rows, w, { ...DEFAULT_FILTER, includeAncillary: true }, DEFAULT_SORT))).toContain('c');
  });
  it('sorts weakest first by default, unscored last', () => {
    expect(ids(rankRows(rows, w, DEFAULT_FILTER, DEFAULT_SORT))).toEqual(['b', 'e', 'a', 'd']);
    expect(ids(rankRows(rows, w, DEFAULT_FILTER, { key: 'combined', desc: true }))).toEqual(['a', 'e', 'b', 'd']);
  });
  it('re-ranks with other weights', () => {
    const condOnly = { utilisation: 0, cost: 0, condition: 1 };
    const r = rankRows(rows, condOnly, { ...DEFAULT_FILTER, includeAncillary: true }, DEFAULT_SORT);
    expect(ids(r)).toEqual(['c', 'b', 'e', 'a', 'd']);
    expect(r[0].combined).toBe(5);
  });
  it('filters by name, category, district and confidence', () => {
    expect(ids(rankRows(rows, w, { ...DEFAULT_FILTER, query: 'beta' }, DEFAULT_SORT))).toEqual(['b']);
    expect(ids(rankRows(rows, w, { ...DEFAULT_FILTER, category: 'daycare' }, DEFAULT_SORT))).toEqual(['e']);
    expect(ids(rankRows(rows, w, { ...DEFAULT_FILTER, district: 'Lind' }, DEFAULT_SORT))).toEqual(['b', 'a', 'd']);
    expect(ids(rankRows(rows, w, { ...DEFAULT_FILTER, minConfidence: 0.5 }, DEFAULT_SORT))).toEqual(['b', 'a']);
  });
  it('sorts by a column ascending first, then flips; names in Danish order', () => {
    const s1 = nextSort(DEFAULT_SORT, 'utilisation');
    expect(s1).toEqual({ key: 'utilisation', desc: false });
    expect(nextSort(s1, 'utilisation')).toEqual({ key: 'utilisation', desc: true });
    expect(ids(rankRows(rows, w, DEFAULT_FILTER, s1))).toEqual(['b', 'e', 'a', 'd']);
    const none = { utilisation: null, cost: null, condition: null };
    const named = rankRows([row('x', 'Åby Skole', none), row('y', 'Zeta Skole', none), row('z', 'Ølby Skole', none)], w, DEFAULT_FILTER, { key: 'name', desc: false });
    expect(ids(named)).toEqual(['y', 'z', 'x']);
  });
});

describe('rankingCsv', () => {
  it('writes what is shown, in order, Danish style (";", decimal comma, BOM)', () => {
    const shown = rankRows(rows, w, DEFAULT_FILTER, DEFAULT_SORT);
    const csv = rankingCsv(shown, 'da', ['#', 'Bygning', 'Kategori', 'Distrikt', 'Samlet', 'Udnyttelse', 'Omkostning', 'Tilstand', 'Datasikkerhed'], (c) => c.toUpperCase());
    const lines = csv.replace('\ufeff', '').trim().split('\r\n');
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('#;Bygning;Kategori;Distrikt;Samlet;Udnyttelse;Omkostning;Tilstand;Datasikkerhed');
    expect(lines[1]).toBe('1;Beta Skole;SCHOOL;Lind;17,0;10,0;20,0;30,0;80,0');
    expect(lines[4]).toBe('4;Delta Skole;SCHOOL;Lind;;;;;10,0');
    // English: comma-separated, so decimal points, and a cell holding a comma is quoted.
    expect(rankingCsv(shown.slice(0, 1), 'en', ['#'], () => 'school, primary').split('\r\n')[1]).toBe('1,Beta Skole,"school, primary",Lind,17.0,10.0,20.0,30.0,80.0');
  });
});
