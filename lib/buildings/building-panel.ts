import type { ClientBase } from 'pg';
import { parseOrganisationSettings } from '@/lib/organisations/settings';
import { getBuildingScores, type ScoreRow } from '@/lib/scoring/query-scores';
import { SENSOR_CAPACITY_SQL } from '@/lib/scoring/sensor-scope';

type Queryable = Pick<ClientBase, 'query'>;

export interface BuildingPanel {
  building: {
    id: string; name: string; address: string | null; registryId: string; category: string; district: string | null;
    grossAreaM2: number | null; footprintAreaM2: number | null; floors: number | null; yearBuilt: number | null;
    capacity: number | null; usersTotal: number | null; usersByKind: Record<string, number>; tenure: string;
    lon: number | null; lat: number | null;
  };
  scores: ScoreRow | null;
  /** Mean share of capacity present, by ISO weekday (1–7) and local hour (0–23), over the last 365 days of data. */
  heatmap: { weekday: number; hour: number; ratio: number }[];
  /** Utilisation over opening hours per month (0..1). */
  monthly: { month: string; utilisation: number | null; afterHours: number | null }[];
  costs: { year: number; type: string; amountDkk: number }[];
  backlogByGrade: { grade: number; amountDkk: number; items: number }[];
  quality: { sensors: number; lastReading: string | null; firstReading: string | null; hoursWithData: number };
  /** Candidates for the nearest buildings of the same category (10 by degree distance); the browser measures them with Turf and keeps 5. */
  neighbours: { id: string; name: string; lon: number; lat: number }[];
}

/** Everything the map's building panel shows, for one building of the organisation; null if not found. */
export async function buildingPanel(db: Queryable, organisationId: string, buildingId: string, year: number): Promise<BuildingPanel | null> {
  const { rows: bRows } = await db.query(
    `SELECT b.id, b.name, b.address, b.registry_id AS "registryId", b.category, d.name AS district,
            b.gross_area_m2 AS "grossAreaM2", b.footprint_area_m2 AS "footprintAreaM2", b.floors, b.year_built AS "yearBuilt",
            b.capacity, b.users_total AS "usersTotal", b.users_by_kind AS "usersByKind", b.tenure,
            ST_X(b.point) AS lon, ST_Y(b.point) AS lat, o.settings
       FROM building b JOIN organisation o ON o.id = b.organisation_id LEFT JOIN district d ON d.id = b.district_id
      WHERE b.id = $1 AND b.organisation_id = $2`,
    [buildingId, organisationId],
  );
  if (!bRows[0]) return null;
  const { settings, ...building } = bRows[0];
  const weights = parseOrganisationSettings(settings).scoreWeights;

  const sensorHours = `
    SELECT h.hour, CASE WHEN s.kind = 'presence' THEN LEAST(GREATEST(h.avg_value, 0), 1)
                        ELSE GREATEST(h.avg_value, 0) / NULLIF(${SENSOR_CAPACITY_SQL}, 0) END AS ratio
      FROM sensor s JOIN building b ON b.id = s.building_id LEFT JOIN room r ON r.id = s.room_id
      JOIN occupancy_hourly h ON h.sensor_id = s.id
     WHERE s.building_id = $1
       AND h.hour > (SELECT max(h2.hour) FROM occupancy_hourly h2 JOIN sensor s2 ON s2.id = h2.sensor_id WHERE s2.building_id = $1) - interval '365 days'`;

  const [scores, heat, monthly, costs, backlog, quality, neighbours] = await Promise.all([
    getBuildingScores(db, organisationId, buildingId, weights),
    db.query(
      `SELECT extract(isodow FROM hour AT TIME ZONE 'Europe/Copenhagen')::int AS weekday,
              extract(hour FROM hour AT TIME ZONE 'Europe/Copenhagen')::int AS hour, avg(ratio)::float8 AS ratio
         FROM (${sensorHours}) x WHERE ratio IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
      [buildingId],
    ),
    db.query(
      `SELECT to_char(date_trunc('month', u.day), 'YYYY-MM') AS month,
              sum(u.open_ratio_sum) / NULLIF(sum(u.open_ratio_known), 0) AS utilisation,
              sum(u.after_ratio_sum) / NULLIF(sum(u.after_ratio_known), 0) AS "afterHours"
         FROM occupancy_daily_usage u JOIN sensor s ON s.id = u.sensor_id
        WHERE s.building_id = $1 GROUP BY 1 ORDER BY 1 DESC LIMIT 12`,
      [buildingId],
    ),
    db.query(`SELECT year, type, amount_dkk AS "amountDkk" FROM cost_record WHERE building_id = $1 ORDER BY year, type`, [buildingId]),
    db.query(
      `SELECT condition_grade AS grade, sum(cost_dkk)::float8 AS "amountDkk", count(*)::int AS items
         FROM maintenance_item WHERE building_id = $1 AND NOT done AND due_year <= $2 GROUP BY 1 ORDER BY 1`,
      [buildingId, year],
    ),
    db.query(
      `SELECT count(DISTINCT s.id)::int AS sensors, max(h.hour) AS "lastReading", min(h.hour) AS "firstReading", count(h.hour)::int AS "hoursWithData"
         FROM sensor s LEFT JOIN occupancy_hourly h ON h.sensor_id = s.id WHERE s.building_id = $1`,
      [buildingId],
    ),
    db.query(
      `SELECT n.id, n.name, ST_X(n.point) AS lon, ST_Y(n.point) AS lat
         FROM building b JOIN building n ON n.organisation_id = b.organisation_id AND n.category = b.category AND n.id <> b.id
        WHERE b.id = $1 AND n.point IS NOT NULL ORDER BY n.point <-> b.point LIMIT 10`,
      [buildingId],
    ),
  ]);
  return {
    building,
    scores,
    heatmap: heat.rows,
    monthly: monthly.rows.reverse(),
    costs: costs.rows,
    backlogByGrade: backlog.rows,
    quality: {
      ...quality.rows[0],
      lastReading: quality.rows[0].lastReading?.toISOString() ?? null,
      firstReading: quality.rows[0].firstReading?.toISOString() ?? null,
    },
    neighbours: neighbours.rows,
  };
}
