// Scores: each KPI as a percentile within the building's category (0 worst … 100 best) and a weighted
// combination. Pure.
import type { ScoreWeights } from '@/lib/organisations/settings';
import type { Category } from '@/lib/registry/categories';
import type { BuildingKpis } from './kpis';

export const SCORE_KEYS = ['utilisation', 'cost', 'condition'] as const;
export type ScoreKey = (typeof SCORE_KEYS)[number];

/** Which KPI drives each score and which direction is good. */
export const SCORE_KPI: Record<ScoreKey, { kpi: 'utilisation' | 'costPerM2' | 'backlogPerM2'; better: 'higher' | 'lower' }> = {
  utilisation: { kpi: 'utilisation', better: 'higher' },
  cost: { kpi: 'costPerM2', better: 'lower' },
  condition: { kpi: 'backlogPerM2', better: 'lower' },
};

export type PartialScores = Record<ScoreKey, number | null>;

/**
 * Mid-rank percentile (0..100) of `value` among `peers` (which include it): the share of peers it beats
 * plus half the share it ties with. Higher is better whichever the KPI's direction.
 */
export function percentileScore(value: number, peers: readonly number[], better: 'higher' | 'lower'): number {
  if (peers.length <= 1) return 50;
  let beaten = 0;
  let ties = 0;
  for (const p of peers) {
    if (p === value) ties += 1;
    else if (better === 'higher' ? value > p : value < p) beaten += 1;
  }
  // Exclude the building itself from the ties so a lone best scores 100 and a lone worst 0.
  return (100 * (beaten + 0.5 * (ties - 1))) / (peers.length - 1);
}

/** Median of the values; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Weighted mean of the available scores (0..100); weights of missing cost or condition scores are dropped. Null when
 * the utilisation behind a weighted utilisation score is unknown: cost and condition alone would let an unmeasured
 * building rank as strong (an unmeasured school scored 87), so it has no overall score until it is measured.
 */
export function combineScores(scores: PartialScores, weights: ScoreWeights): number | null {
  if (scores.utilisation === null && weights.utilisation > 0) return null;
  let s = 0;
  let w = 0;
  for (const key of SCORE_KEYS) {
    const v = scores[key];
    if (v === null || weights[key] <= 0) continue;
    s += v * weights[key];
    w += weights[key];
  }
  return w > 0 ? s / w : null;
}

export interface CategoryStats {
  /** Buildings in the category with each KPI. */
  n: Record<ScoreKey, number>;
  median: Record<ScoreKey, number | null>;
}

/** The KPI values the scores are ranked on. */
export type RankedKpis = Pick<BuildingKpis, 'utilisation' | 'costPerM2' | 'backlogPerM2'>;

export interface ScoredKpis<K extends RankedKpis = BuildingKpis> {
  id: string;
  category: Category;
  kpis: K;
}

/** Percentile scores of every building within its category, plus each category's medians. */
export function scoreWithinCategories(buildings: readonly ScoredKpis<RankedKpis>[]): {
  scores: Map<string, PartialScores>;
  stats: Map<Category, CategoryStats>;
} {
  const byCategory = new Map<Category, ScoredKpis<RankedKpis>[]>();
  for (const b of buildings) byCategory.set(b.category, [...(byCategory.get(b.category) ?? []), b]);
  const scores = new Map<string, PartialScores>();
  const stats = new Map<Category, CategoryStats>();
  for (const [category, members] of byCategory) {
    const n = {} as Record<ScoreKey, number>;
    const med = {} as Record<ScoreKey, number | null>;
    const peersOf = {} as Record<ScoreKey, number[]>;
    for (const key of SCORE_KEYS) {
      const { kpi } = SCORE_KPI[key];
      peersOf[key] = members.map((m) => m.kpis[kpi]).filter((v): v is number => v !== null && Number.isFinite(v));
      n[key] = peersOf[key].length;
      med[key] = median(peersOf[key]);
    }
    stats.set(category, { n, median: med });
    for (const m of members) {
      const s = {} as PartialScores;
      for (const key of SCORE_KEYS) {
        const { kpi, better } = SCORE_KPI[key];
        const v = m.kpis[kpi];
        s[key] = v === null || !Number.isFinite(v) ? null : percentileScore(v, peersOf[key], better);
      }
      scores.set(m.id, s);
    }
  }
  return { scores, stats };
}
