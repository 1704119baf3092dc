// Scores a whole portfolio from plain inputs: KPIs per building, percentiles within each category, the
// weighted combination and the explanation. Pure — the database edge is compute-scores.ts.
import type { ScoreWeights } from '@/lib/organisations/settings';
import type { Category } from '@/lib/registry/categories';
import { explainScores, type Explanation } from './explain';
import { buildingKpis, type BuildingInput, type BuildingKpis } from './kpis';
import { combineScores, scoreWithinCategories, type CategoryStats, type PartialScores, type ScoredKpis } from './scores';

export interface BuildingScore {
  buildingId: string;
  category: Category;
  kpis: BuildingKpis;
  scores: PartialScores;
  /** Weighted combination of the available scores, 0..100; null when none is available. */
  combined: number | null;
  confidence: number;
  explanation: Explanation;
}

/** Scores already-computed KPIs (used when only some buildings' KPIs changed). */
export function scoreKpis(items: readonly ScoredKpis[], weights: ScoreWeights): BuildingScore[] {
  const { scores, stats } = scoreWithinCategories(items);
  return items.map((item) => {
    const s = scores.get(item.id)!;
    return {
      buildingId: item.id,
      category: item.category,
      kpis: item.kpis,
      scores: s,
      combined: combineScores(s, weights),
      confidence: item.kpis.confidence,
      explanation: explainScores(item.category, item.kpis, s, stats.get(item.category) as CategoryStats),
    };
  });
}

/** KPIs, category percentiles, combined score and explanation for every building (scores 0..100). */
export function scorePortfolio(inputs: readonly BuildingInput[], weights: ScoreWeights, asOf: Date): BuildingScore[] {
  return scoreKpis(
    inputs.map((i) => ({ id: i.building.id, category: i.building.category, kpis: buildingKpis(i, asOf) })),
    weights,
  );
}
