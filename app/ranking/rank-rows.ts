// The ranking's filtering, sorting and CSV export, pure so they are unit-tested (tests/unit/ranking/rank-rows.test.ts).
import type { ScoreWeights } from '@/lib/organisations/settings';
import type { Category } from '@/lib/registry/categories';
import { combineScores, type PartialScores } from '@/lib/scoring/scores';
import { toCsv } from '@/lib/format/csv';

export interface RankingRow {
  id: string;
  name: string;
  category: Category;
  district: string | null;
  /** Garage, shed, carport (BBR 910–990). */
  ancillary: boolean;
  scores: PartialScores;
  confidence: number;
  why: string;
}

export type SortKey = 'combined' | 'utilisation' | 'cost' | 'condition' | 'confidence' | 'name';
export interface RankingSort { key: SortKey; desc: boolean }
export interface RankingFilter { category: string; district: string; minConfidence: number; query: string; includeAncillary: boolean }
export type RankedRow = RankingRow & { combined: number | null };

/** Weakest first: the ranking exists to find the buildings to look at. */
export const DEFAULT_SORT: RankingSort = { key: 'combined', desc: false };
export const DEFAULT_FILTER: RankingFilter = { category: '', district: '', minConfidence: 0, query: '', includeAncillary: false };

/** Filters (ancillary buildings out unless asked for), combines with the weights and sorts; unscored rows always last. */
export function rankRows(rows: RankingRow[], weights: ScoreWeights, filter: RankingFilter, sort: RankingSort): RankedRow[] {
  const q = filter.query.trim().toLocaleLowerCase('da');
  const value = (r: RankedRow) =>
    sort.key === 'name' ? r.name : sort.key === 'combined' ? r.combined : sort.key === 'confidence' ? r.confidence : r.scores[sort.key];
  return rows
    .filter((r) => (filter.includeAncillary || !r.ancillary) && (!filter.category || r.category === filter.category)
      && (!filter.district || r.district === filter.district) && r.confidence >= filter.minConfidence
      && (!q || r.name.toLocaleLowerCase('da').includes(q)))
    .map((r) => ({ ...r, combined: combineScores(r.scores, weights) }))
    .sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || vb === null) return va === vb ? a.name.localeCompare(b.name, 'da') : va === null ? 1 : -1;
      const cmp = typeof va === 'string' ? va.localeCompare(vb as string, 'da') : (va as number) - (vb as number) || a.name.localeCompare(b.name, 'da');
      return sort.desc ? -cmp : cmp;
    });
}

/** Clicking a column: the same column flips direction; a new column starts ascending (weakest / A first). */
export function nextSort(current: RankingSort, key: SortKey): RankingSort {
  return { key, desc: current.key === key ? !current.desc : false };
}

/** CSV of what is shown, in its order: Danish files use ";" and decimal commas (Excel-DK), with a BOM (lib/format/csv.ts). */
export function rankingCsv(rows: RankedRow[], locale: string, header: string[], categoryName: (c: Category) => string): string {
  const num = (v: number | null) => (v === null ? '' : locale === 'da' ? v.toFixed(1).replace('.', ',') : v.toFixed(1));
  return toCsv(
    header,
    rows.map((r, i) => [String(i + 1), r.name, categoryName(r.category), r.district ?? '', num(r.combined),
      num(r.scores.utilisation), num(r.scores.cost), num(r.scores.condition), num(r.confidence * 100)]),
    { delimiter: locale === 'da' ? ';' : ',', bom: true },
  );
}
