import type { ClientBase } from 'pg';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { parseOrganisationSettings } from '@/lib/organisations/settings';
import { scoreRowFromJson, scoreRowJsonSql, type ScoreRow } from '@/lib/scoring/query-scores';
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
  /** Open maintenance per condition grade (1 good – 4 critical): overdue (due before `year`, the backlog) and planned later. */
  backlogByGrade: { grade: number; amountDkk: number; plannedDkk: number; items: number }[];
  quality: { sensors: number; lastReading: string | null; firstReading: string | null; hoursWithData: number };
  /** Candidates for the nearest buildings of the same category (10 by degree distance); the browser measures them with Turf and keeps 5. */
  neighbours: { id: string; name: string; lon: number; lat: number }[];
}

/**
 * Everything the map's building panel shows, for one building of the organisation; null if not found. One query
 * (the building, its latest score, heatmap, months, costs, backlog, data quality and neighbours as JSON columns):
 * the panel is opened for building after building and was eight round trips.
 */
export async function buildingPanel(db: Queryable, organisationId: string, buildingId: string, year: number): Promise<BuildingPanel | null> {
  const sensorHours = `
    SELECT h.hour, CASE WHEN s.kind = 'presence' THEN LEAST(GREATEST(h.avg_value, 0), 1)
                        ELSE GREATEST(h.avg_value, 0) / NULLIF(${SENSOR_CAPACITY_SQL}, 0) END AS ratio
      FROM sensor s JOIN building b ON b.id = s.building_id LEFT JOIN room r ON r.id = s.room_id
      JOIN occupancy_hourly h ON h.sensor_id = s.id
     WHERE s.building_id = $1
       AND h.hour > (SELECT max(h2.hour) FROM occupancy_hourly h2 JOIN sensor s2 ON s2.id = h2.sensor_id WHERE s2.building_id = $1) - interval '365 days'`;
  // The heatmap's weekday and hour are the organisation's local ones.
  const { timeZone } = await loadOrganisationSettings(db, organisationId);
  // Instants as JSON text in the form of Date.toISOString (UTC, milliseconds).
  const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

  const { rows } = await db.query(
    `SELECT b.id, b.name, b.address, b.registry_id AS "registryId", b.category, d.name AS district,
            b.gross_area_m2 AS "grossAreaM2", b.footprint_area_m2 AS "footprintAreaM2", b.floors, b.year_built AS "yearBuilt",
            b.capacity, b.users_total AS "usersTotal", b.users_by_kind AS "usersByKind", b.tenure,
            ST_X(b.point) AS lon, ST_Y(b.point) AS lat, o.settings,
            ${scoreRowJsonSql('$2', '$1')} AS score,
            (SELECT coalesce(json_agg(json_build_object('weekday', weekday, 'hour', hour, 'ratio', ratio) ORDER BY weekday, hour), '[]')
               FROM (SELECT extract(isodow FROM hour AT TIME ZONE $4::text)::int AS weekday,
                            extract(hour FROM hour AT TIME ZONE $4::text)::int AS hour, avg(ratio)::float8 AS ratio
                       FROM (${sensorHours}) x WHERE ratio IS NOT NULL GROUP BY 1, 2) hm) AS heatmap,
            (SELECT coalesce(json_agg(json_build_object('month', month, 'utilisation', utilisation, 'afterHours', after_hours) ORDER BY month), '[]')
               FROM (SELECT to_char(date_trunc('month', u.day), 'YYYY-MM') AS month,
                            sum(u.open_ratio_sum) / NULLIF(sum(u.open_ratio_known), 0) AS utilisation,
                            sum(u.after_ratio_sum) / NULLIF(sum(u.after_ratio_known), 0) AS after_hours
                       FROM occupancy_daily_usage u JOIN sensor s ON s.id = u.sensor_id
                      WHERE s.building_id = $1 GROUP BY 1 ORDER BY 1 DESC LIMIT 12) m) AS monthly,
            (SELECT coalesce(json_agg(json_build_object('year', year, 'type', type, 'amountDkk', amount_dkk) ORDER BY year, type), '[]')
               FROM cost_record WHERE building_id = $1) AS costs,
            -- Overdue as the scoring counts it (lib/scoring/load-inputs.ts: due before the year), beside the work still
            -- planned, so the chart and the condition score's "kr/m²" tell the same story.
            (SELECT coalesce(json_agg(json_build_object('grade', grade, 'amountDkk', amount, 'plannedDkk', planned, 'items', items) ORDER BY grade), '[]')
               FROM (SELECT condition_grade AS grade,
                            coalesce(sum(cost_dkk) FILTER (WHERE due_year < $3), 0)::float8 AS amount,
                            coalesce(sum(cost_dkk) FILTER (WHERE due_year >= $3), 0)::float8 AS planned,
                            (count(*) FILTER (WHERE due_year < $3))::int AS items
                       FROM maintenance_item WHERE building_id = $1 AND NOT done GROUP BY 1) g) AS backlog,
            (SELECT json_build_object('sensors', count(DISTINCT s.id)::int, 'lastReading', ${iso('max(h.hour)')},
                                      'firstReading', ${iso('min(h.hour)')}, 'hoursWithData', count(h.hour)::int)
               FROM sensor s LEFT JOIN occupancy_hourly h ON h.sensor_id = s.id WHERE s.building_id = $1) AS quality,
            (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'lon', lon, 'lat', lat) ORDER BY k), '[]')
               FROM (SELECT n.id, n.name, ST_X(n.point) AS lon, ST_Y(n.point) AS lat, row_number() OVER (ORDER BY n.point <-> b.point) AS k
                       FROM building n
                      WHERE n.organisation_id = b.organisation_id AND n.category = b.category AND n.id <> b.id AND n.point IS NOT NULL
                      ORDER BY n.point <-> b.point LIMIT 10) nb) AS neighbours
       FROM building b JOIN organisation o ON o.id = b.organisation_id LEFT JOIN district d ON d.id = b.district_id
      WHERE b.id = $1 AND b.organisation_id = $2`,
    [buildingId, organisationId, year, timeZone],
  );
  if (!rows[0]) return null;
  const { settings, score, heatmap, monthly, costs, backlog, quality, neighbours, ...building } = rows[0];
  return {
    building,
    scores: scoreRowFromJson(score, parseOrganisationSettings(settings).scoreWeights),
    heatmap,
    monthly,
    costs,
    backlogByGrade: backlog,
    quality,
    neighbours,
  };
}
