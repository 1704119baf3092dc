import type { ClientBase } from 'pg';
import { LATEST_PERIOD_CTE, LATEST_SCORE_JOIN } from './latest-score';
import type { ViewFilter } from './view-filter';

type Queryable = Pick<ClientBase, 'query'>;

export interface ViewBuilding {
  id: string;
  name: string;
  address: string | null;
  category: string;
  district: string | null;
  grossAreaM2: number | null;
  util: number | null;
  cost: number | null;
  cond: number | null;
  combined: number | null;
  conf: number;
  lon: number;
  lat: number;
}

export interface PortfolioView {
  summary: {
    buildings: number;
    grossAreaM2: number;
    annualCostDkk: number;
    backlogDkk: number;
    /** Median utilisation (0..1) of the buildings in view that have one; null when none do. */
    medianUtilisation: number | null;
    withUtilisation: number;
    /** Buildings whose chosen score is below 40 (the two weakest legend steps). */
    weak: number;
    /** Buildings without the chosen score (no data — not the same as weak). */
    unscored: number;
    /** Buildings per category. */
    byCategory: Record<string, number>;
  };
  /** The buildings in view, weakest first on the chosen colour (at most `limit`). */
  buildings: ViewBuilding[];
}

const SCORE_COLUMN = { combined: 'sc.combined_score', util: 'sc.utilisation_score', cost: 'sc.cost_score', cond: 'sc.condition_score', category: 'sc.combined_score' } as const;

/**
 * Totals and the list of buildings for what the map shows: inside `bbox` (if given) and matching the filters.
 * The score range applies to the chosen colour's score; buildings without that score pass only an unfiltered range.
 */
export async function portfolioView(db: Queryable, organisationId: string, f: ViewFilter, limit = 200): Promise<PortfolioView> {
  const score = SCORE_COLUMN[f.colour];
  const rangeActive = f.min > 0 || f.max < 100;
  const { rows } = await db.query(
    `WITH ${LATEST_PERIOD_CTE},
     sel AS (
       SELECT b.id, b.name, b.address, b.category, d.name AS district, b.gross_area_m2,
              sc.utilisation_score, sc.cost_score, sc.condition_score, sc.combined_score, coalesce(sc.confidence, 0) AS confidence,
              (sc.kpis->>'utilisation')::float8 AS utilisation, (sc.kpis->>'annualCostDkk')::float8 AS annual_cost,
              (sc.kpis->>'backlogDkk')::float8 AS backlog, ST_X(b.point) AS lon, ST_Y(b.point) AS lat, ${score} AS chosen
         FROM building b
         LEFT JOIN district d ON d.id = b.district_id
         ${LATEST_SCORE_JOIN}
        WHERE b.organisation_id = $1 AND b.point IS NOT NULL
          AND ($2::float8[] IS NULL OR b.point && ST_MakeEnvelope($2[1], $2[2], $2[3], $2[4], 4326))
          AND ($3::text IS NULL OR b.category = $3)
          AND ($4::text IS NULL OR d.name = $4)
          AND coalesce(sc.confidence, 0) * 100 >= $5
          AND (NOT $6 OR (${score} >= $7 AND ${score} <= $8))
     )
     SELECT (SELECT json_build_object(
               'buildings', count(*), 'grossAreaM2', coalesce(sum(gross_area_m2), 0), 'annualCostDkk', coalesce(sum(annual_cost), 0),
               'backlogDkk', coalesce(sum(backlog), 0), 'withUtilisation', count(utilisation),
               'medianUtilisation', percentile_cont(0.5) WITHIN GROUP (ORDER BY utilisation),
               'weak', count(*) FILTER (WHERE chosen < 40), 'unscored', count(*) FILTER (WHERE chosen IS NULL),
               'byCategory', coalesce((SELECT json_object_agg(category, n) FROM (SELECT category, count(*) AS n FROM sel GROUP BY category) c), '{}'::json))
               FROM sel) AS summary,
            (SELECT coalesce(json_agg(x), '[]'::json) FROM (
               SELECT id, name, address, category, district, gross_area_m2 AS "grossAreaM2",
                      round(utilisation_score) AS util, round(cost_score) AS cost, round(condition_score) AS cond,
                      round(combined_score) AS combined, round(confidence * 100) AS conf, lon, lat
                 FROM sel ORDER BY chosen ASC NULLS LAST, name LIMIT $9) x) AS buildings`,
    [organisationId, f.bbox ?? null, f.category ?? null, f.district ?? null, f.minConf, rangeActive, f.min, f.max, limit],
  );
  return { summary: rows[0].summary, buildings: rows[0].buildings };
}
