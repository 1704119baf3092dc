// The one place the map joins scores (lib/scoring writes building_score): each building's row of the
// organisation's latest scored period (the rule is lib/scoring/scored-period.ts), as `sc`. Needs `$1` =
// organisation id and `b` = building in the query. The period is looked up once, then joined by key.
import { scoredPeriodSql } from '@/lib/scoring/scored-period';

/** CTE `latest`: the organisation's latest scored period (none → no row, scores stay null = "no data"). */
export const LATEST_PERIOD_CTE = `
  latest AS (${scoredPeriodSql('$1')})`;

/** Join for many buildings (hash join over the organisation's scores of that period). */
export const LATEST_SCORE_JOIN = `
  LEFT JOIN latest ON true
  LEFT JOIN building_score sc ON sc.building_id = b.id AND sc.period_from = latest.period_from AND sc.period_to = latest.period_to`;

/** Join for few buildings (one primary-key lookup each), e.g. one high-zoom tile. */
export const LATEST_SCORE_LOOKUP = `
  LEFT JOIN latest ON true
  LEFT JOIN LATERAL (
    SELECT * FROM building_score s WHERE s.building_id = b.id AND s.period_from = latest.period_from AND s.period_to = latest.period_to
  ) sc ON true`;
