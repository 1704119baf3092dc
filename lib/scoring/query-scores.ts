// Reads stored scores for the API, the ranking page, the map and scenarios: the organisation's latest scored period,
// filtered in SQL; the combined score is recomputed from the stored per-KPI scores when custom weights are given.
import type { ClientBase } from 'pg';

/** A pg client or pool: anything that can run a query. */
type Queryable = Pick<ClientBase, 'query'>;
import type { ScoreWeights } from '@/lib/organisations/settings';
import { isAncillaryUseCode, type Category } from '@/lib/registry/categories';
import type { Explanation } from './explain';
import type { BuildingKpis } from './kpis';
import type { Period } from './opening-hours';
import { combineScores, type PartialScores } from './scores';

export interface ScoreFilter {
  category?: Category;
  district?: string;
  minConfidence?: number;
}

export interface ScoreRow {
  buildingId: string;
  name: string;
  district: string | null;
  category: Category;
  grossAreaM2: number | null;
  /** Garage, shed, carport (BBR 910–990): the ranking leaves these out by default. */
  ancillary: boolean;
  scores: PartialScores;
  combined: number | null;
  confidence: number;
  kpis: BuildingKpis;
  explanation: Explanation;
  period: Period;
  computedAt: string;
}

interface Row {
  building_id: string; name: string; district: string | null; category: Category; gross_area_m2: number | null; use_code: number | null;
  utilisation_score: number | null; cost_score: number | null; condition_score: number | null; confidence: number;
  kpis: BuildingKpis; explanation: Explanation; period_from: string; period_to: string; computed_at: Date;
}

const SELECT = `
  WITH latest AS (
    SELECT period_from, period_to FROM building_score WHERE organisation_id = $1 ORDER BY computed_at DESC, period_to DESC LIMIT 1)
  SELECT s.building_id, b.name, d.name AS district, s.category, b.gross_area_m2, b.use_code, s.utilisation_score, s.cost_score,
         s.condition_score, s.confidence, s.kpis, s.explanation, to_char(s.period_from, 'YYYY-MM-DD') AS period_from,
         to_char(s.period_to, 'YYYY-MM-DD') AS period_to, s.computed_at
    FROM building_score s JOIN latest l ON l.period_from = s.period_from AND l.period_to = s.period_to
    JOIN building b ON b.id = s.building_id LEFT JOIN district d ON d.id = b.district_id
   WHERE s.organisation_id = $1`;

function toScoreRow(r: Row, weights: ScoreWeights): ScoreRow {
  const scores = { utilisation: r.utilisation_score, cost: r.cost_score, condition: r.condition_score };
  return {
    buildingId: r.building_id, name: r.name, district: r.district, category: r.category, grossAreaM2: r.gross_area_m2,
    ancillary: isAncillaryUseCode(r.use_code), scores, combined: combineScores(scores, weights), confidence: r.confidence, kpis: r.kpis, explanation: r.explanation,
    period: { from: r.period_from, to: r.period_to }, computedAt: r.computed_at.toISOString(),
  };
}

/** Every scored building of the organisation matching the filter, best combined score first (unscored last). */
export async function listScores(client: Queryable, organisationId: string, filter: ScoreFilter, weights: ScoreWeights): Promise<ScoreRow[]> {
  const { rows } = await client.query<Row>(
    `${SELECT}
       AND ($2::text IS NULL OR s.category = $2) AND ($3::text IS NULL OR d.name = $3) AND s.confidence >= $4`,
    [organisationId, filter.category ?? null, filter.district ?? null, filter.minConfidence ?? 0],
  );
  return rows.map((r) => toScoreRow(r, weights)).sort((a, b) => (b.combined ?? -1) - (a.combined ?? -1) || a.name.localeCompare(b.name, 'da'));
}

/** One building's stored scores in the latest period, or null when it is not in the organisation or not scored. */
export async function getBuildingScores(client: Queryable, organisationId: string, buildingId: string, weights: ScoreWeights): Promise<ScoreRow | null> {
  const { rows } = await client.query<Row>(`${SELECT} AND s.building_id = $2`, [organisationId, buildingId]);
  return rows[0] ? toScoreRow(rows[0], weights) : null;
}
