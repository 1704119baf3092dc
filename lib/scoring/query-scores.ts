// Reads stored scores for the API, the ranking page and the building panel: the organisation's latest scored period
// (or a chosen one; the rule is lib/scoring/scored-period.ts), filtered in SQL; the combined score is recomputed from the stored per-KPI scores when custom weights are given.
import type { ClientBase } from 'pg';

/** A pg client or pool: anything that can run a query. */
type Queryable = Pick<ClientBase, 'query'>;
import type { ScoreWeights } from '@/lib/organisations/settings';
import { isAncillaryUseCode, type Category } from '@/lib/registry/categories';
import type { Explanation } from './explain';
import type { BuildingKpis } from './kpis';
import type { Period } from './opening-hours';
import { combineScores, type PartialScores } from './scores';
import { scoredPeriodSql, type ChosenPeriodParams } from './scored-period';

export interface ScoreFilter {
  /** A scored period to show instead of the latest (lib/scoring/scored-period.ts). */
  period?: Period;
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

const selectSql = (chosen?: ChosenPeriodParams) => `
  WITH latest AS (${scoredPeriodSql('$1', chosen)})
  SELECT s.building_id, b.name, d.name AS district, s.category, b.gross_area_m2, b.use_code, s.utilisation_score, s.cost_score,
         s.condition_score, s.confidence, s.kpis, s.explanation, to_char(s.period_from, 'YYYY-MM-DD') AS period_from,
         to_char(s.period_to, 'YYYY-MM-DD') AS period_to, s.computed_at
    FROM building_score s JOIN latest l ON l.period_from = s.period_from AND l.period_to = s.period_to
    JOIN building b ON b.id = s.building_id LEFT JOIN district d ON d.id = b.district_id
   WHERE s.organisation_id = $1`;

/**
 * SQL for one building's latest score row as a JSON object with the fields of `Row` (computed_at as JSON text), for
 * queries that read it together with other things (the building panel): `$org` and `$building` are replaced by the
 * caller's parameter numbers. {@link scoreRowFromJson} turns it into the same ScoreRow getBuildingScores gives.
 */
export function scoreRowJsonSql(org: string, building: string, chosen?: ChosenPeriodParams): string {
  return `(SELECT json_build_object('building_id', s.building_id, 'name', b.name, 'district', d.name, 'category', s.category,
            'gross_area_m2', b.gross_area_m2, 'use_code', b.use_code, 'utilisation_score', s.utilisation_score, 'cost_score', s.cost_score,
            'condition_score', s.condition_score, 'confidence', s.confidence, 'kpis', s.kpis, 'explanation', s.explanation,
            'period_from', to_char(s.period_from, 'YYYY-MM-DD'), 'period_to', to_char(s.period_to, 'YYYY-MM-DD'), 'computed_at', s.computed_at)
       FROM building_score s
       JOIN (${scoredPeriodSql(org, chosen)}) l
         ON l.period_from = s.period_from AND l.period_to = s.period_to
       JOIN building b ON b.id = s.building_id LEFT JOIN district d ON d.id = b.district_id
      WHERE s.organisation_id = ${org} AND s.building_id = ${building})`;
}

/** A score row as {@link scoreRowJsonSql} reads it. */
export type ScoreRowJson = Omit<Row, 'computed_at'> & { computed_at: string };

/** The ScoreRow of a row read through {@link scoreRowJsonSql}; null when the building has no score. */
export function scoreRowFromJson(json: ScoreRowJson | null, weights: ScoreWeights): ScoreRow | null {
  return json ? toScoreRow({ ...json, computed_at: new Date(json.computed_at) }, weights) : null;
}

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
  const params: unknown[] = [organisationId, filter.category ?? null, filter.district ?? null, filter.minConfidence ?? 0];
  if (filter.period) params.push(filter.period.from, filter.period.to);
  const { rows } = await client.query<Row>(
    `${selectSql(filter.period ? { from: '$5', to: '$6' } : undefined)}
       AND ($2::text IS NULL OR s.category = $2) AND ($3::text IS NULL OR d.name = $3) AND s.confidence >= $4`,
    params,
  );
  return rows.map((r) => toScoreRow(r, weights)).sort((a, b) => (b.combined ?? -1) - (a.combined ?? -1) || a.name.localeCompare(b.name, 'da'));
}

export const SCORE_SORTS = ['combined', 'utilisation', 'cost', 'condition', 'confidence', 'name', 'area'] as const;
export type ScoreSort = (typeof SCORE_SORTS)[number];

export interface ScorePageQuery extends ScoreFilter {
  /** Default 'combined'. */
  sort?: ScoreSort;
  /** Default 'asc': weakest first (lowest score first; buildings without the score last either way). */
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** Leave out garages, sheds and carports (BBR 910–990). */
  excludeAncillary?: boolean;
}

/** A row without the bulky KPI values and explanation sentences (`fields=compact`). */
export type CompactScoreRow = Omit<ScoreRow, 'kpis' | 'explanation'>;

export interface ScorePage<R> {
  /** Buildings matching the filter (all pages). */
  total: number;
  rows: R[];
}

// The combined score in SQL with the requested weights ($W1–$W3 become parameters): the same rule as
// combineScores, the weighted mean of the scores present with a weight above zero, null when none is — and null when
// utilisation is weighted but unknown.
const COMBINED_SQL = `CASE WHEN s.utilisation_score IS NULL AND $W1 > 0 THEN NULL ELSE (CASE WHEN s.utilisation_score IS NOT NULL AND $W1 > 0 THEN s.utilisation_score * $W1 ELSE 0 END
   + CASE WHEN s.cost_score IS NOT NULL AND $W2 > 0 THEN s.cost_score * $W2 ELSE 0 END
   + CASE WHEN s.condition_score IS NOT NULL AND $W3 > 0 THEN s.condition_score * $W3 ELSE 0 END)
  / NULLIF(CASE WHEN s.utilisation_score IS NOT NULL AND $W1 > 0 THEN $W1 ELSE 0 END
   + CASE WHEN s.cost_score IS NOT NULL AND $W2 > 0 THEN $W2 ELSE 0 END
   + CASE WHEN s.condition_score IS NOT NULL AND $W3 > 0 THEN $W3 ELSE 0 END, 0) END`;

const SORT_SQL: Record<ScoreSort, string> = {
  combined: COMBINED_SQL,
  utilisation: 's.utilisation_score',
  cost: 's.cost_score',
  condition: 's.condition_score',
  confidence: 's.confidence',
  name: 'b.name',
  area: 'b.gross_area_m2',
};

/**
 * One page of the organisation's scored buildings matching the filter, sorted and paged in SQL (a page of 100
 * is a few KB compact instead of every building's KPIs and explanations), with the total across all pages.
 * Ties are broken by name, then id, so consecutive pages never overlap or skip a building.
 */
export async function pageScores(client: Queryable, organisationId: string, query: ScorePageQuery, weights: ScoreWeights, compact: true): Promise<ScorePage<CompactScoreRow>>;
export async function pageScores(client: Queryable, organisationId: string, query: ScorePageQuery, weights: ScoreWeights, compact?: false): Promise<ScorePage<ScoreRow>>;
export async function pageScores(client: Queryable, organisationId: string, query: ScorePageQuery, weights: ScoreWeights, compact = false): Promise<ScorePage<ScoreRow | CompactScoreRow>> {
  const params: unknown[] = [organisationId, query.category ?? null, query.district ?? null, query.minConfidence ?? 0];
  const where = `AND ($2::text IS NULL OR s.category = $2) AND ($3::text IS NULL OR d.name = $3) AND s.confidence >= $4
    ${query.excludeAncillary ? 'AND NOT coalesce(b.use_code BETWEEN 910 AND 990, false)' : ''}`;
  // The chosen period's days follow the filter's four parameters (the count query reuses the first six).
  const chosen = query.period ? { from: '$5', to: '$6' } : undefined;
  if (query.period) params.push(query.period.from, query.period.to);
  const base = params.length;
  let key = SORT_SQL[query.sort ?? 'combined'];
  if (key.includes('$W')) {
    params.push(weights.utilisation, weights.cost, weights.condition);
    key = key.replace(/\$W([123])/g, (_, i: string) => `$${base + Number(i)}::float8`);
  }
  params.push(query.limit, query.offset);
  const dir = query.order === 'desc' ? 'DESC' : 'ASC';
  const columns = compact ? `'{}'::jsonb AS kpis, '{}'::jsonb AS explanation` : 's.kpis, s.explanation';
  // The page's keys first (a top-N sort of narrow rows), then their full rows by key, with the count alongside:
  // sorting every building with its KPIs and explanations was most of the time (~100 ms at 10,000 buildings).
  const from = `FROM building_score s JOIN latest l ON l.period_from = s.period_from AND l.period_to = s.period_to
         JOIN building b ON b.id = s.building_id LEFT JOIN district d ON d.id = b.district_id
        WHERE s.organisation_id = $1 ${where}`;
  const latest = `latest AS (${scoredPeriodSql('$1', chosen)})`;
  const order = `ORDER BY ${key} ${dir} NULLS LAST, b.name ${dir}, s.building_id`;
  const [{ rows }, count] = await Promise.all([
    client.query<Row>(
      `WITH ${latest},
       page AS (SELECT s.building_id, s.period_from, s.period_to ${from} ${order} LIMIT $${params.length - 1} OFFSET $${params.length})
       SELECT s.building_id, b.name, d.name AS district, s.category, b.gross_area_m2, b.use_code, s.utilisation_score, s.cost_score,
              s.condition_score, s.confidence, ${columns}, to_char(s.period_from, 'YYYY-MM-DD') AS period_from,
              to_char(s.period_to, 'YYYY-MM-DD') AS period_to, s.computed_at
         FROM page p JOIN building_score s ON s.building_id = p.building_id AND s.period_from = p.period_from AND s.period_to = p.period_to
         JOIN building b ON b.id = s.building_id LEFT JOIN district d ON d.id = b.district_id
        ${order}`,
      params,
    ),
    client.query<{ n: number }>(`WITH ${latest} SELECT count(*)::int AS n ${from}`, params.slice(0, base)),
  ]);
  const total = count.rows[0].n;
  return {
    total,
    rows: rows.map((r) => {
      const row = toScoreRow(r, weights);
      if (!compact) return row;
      const rest: Partial<ScoreRow> = { ...row };
      delete rest.kpis;
      delete rest.explanation;
      return rest as CompactScoreRow;
    }),
  };
}

/** One building's stored scores in the latest (or the given) period, or null when it is not in the organisation or not scored there. */
export async function getBuildingScores(client: Queryable, organisationId: string, buildingId: string, weights: ScoreWeights, period?: Period): Promise<ScoreRow | null> {
  const params: unknown[] = [organisationId, buildingId];
  if (period) params.push(period.from, period.to);
  const { rows } = await client.query<Row>(`${selectSql(period ? { from: '$3', to: '$4' } : undefined)} AND s.building_id = $2`, params);
  return rows[0] ? toScoreRow(rows[0], weights) : null;
}
