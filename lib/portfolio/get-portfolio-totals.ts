import type { Pool } from 'pg';

export interface PortfolioTotals {
  buildings: number;
  grossAreaM2: number;
  sensors: number;
  readings: number;
  backlogDkk: number;
  operatingCostDkk: number;
  operatingCostYear: number | null;
  byCategory: { category: string; buildings: number; grossAreaM2: number }[];
}

/**
 * Headline figures for one organisation. Readings are counted from the daily rollup (occupancy_daily.n_readings,
 * refreshed with the hourly one after every import — refreshRollups / refresh_occupancy_rollups — and kept when
 * raw partitions are dropped), so the home page reads one row per sensor-day: 24× fewer rows than the hourly
 * rollup (0,6 s at 10 M readings, which timed `/` out under the 50-connection load test) and never the raw
 * readings. Backlog = undone maintenance due by `year`.
 */
export async function getPortfolioTotals(pool: Pool, organisationId: string, year: number): Promise<PortfolioTotals> {
  const [totals, categories] = await Promise.all([
    pool.query(
      `SELECT
         (SELECT count(*) FROM building WHERE organisation_id = $1)::int AS buildings,
         (SELECT coalesce(sum(gross_area_m2), 0) FROM building WHERE organisation_id = $1)::float8 AS gross_area_m2,
         (SELECT count(*) FROM sensor WHERE organisation_id = $1)::int AS sensors,
         (SELECT coalesce(sum(d.n_readings), 0) FROM occupancy_daily d JOIN sensor s ON s.id = d.sensor_id
           WHERE s.organisation_id = $1)::float8 AS readings,
         (SELECT coalesce(sum(m.cost_dkk), 0) FROM maintenance_item m JOIN building b ON b.id = m.building_id
           WHERE b.organisation_id = $1 AND NOT m.done AND m.due_year <= $2)::float8 AS backlog_dkk,
         (SELECT max(c.year) FROM cost_record c JOIN building b ON b.id = c.building_id
           WHERE b.organisation_id = $1)::int AS cost_year`,
      [organisationId, year],
    ),
    pool.query(
      `SELECT category, count(*)::int AS buildings, coalesce(sum(gross_area_m2), 0)::float8 AS gross_area_m2
         FROM building WHERE organisation_id = $1 GROUP BY category ORDER BY gross_area_m2 DESC`,
      [organisationId],
    ),
  ]);
  const t = totals.rows[0];
  let operatingCostDkk = 0;
  if (t.cost_year != null) {
    const cost = await pool.query(
      `SELECT coalesce(sum(c.amount_dkk), 0)::float8 AS total FROM cost_record c JOIN building b ON b.id = c.building_id
        WHERE b.organisation_id = $1 AND c.year = $2`,
      [organisationId, t.cost_year],
    );
    operatingCostDkk = cost.rows[0].total;
  }
  return {
    buildings: t.buildings,
    grossAreaM2: t.gross_area_m2,
    sensors: t.sensors,
    readings: t.readings,
    backlogDkk: t.backlog_dkk,
    operatingCostDkk,
    operatingCostYear: t.cost_year,
    byCategory: categories.rows.map((r) => ({ category: r.category, buildings: r.buildings, grossAreaM2: r.gross_area_m2 })),
  };
}
