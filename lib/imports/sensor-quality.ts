// Data quality is data: after every occupancy import the touched sensors' quality row is recomputed from
// what is stored. A missing interval is unknown, never zero, so coverage counts readings present against
// the intervals expected between the sensor's first and last reading.
//   coverage      = readings ÷ (⌊(last − first) / interval⌋ + 1), at most 1
//   negative      = readings below 0 (the importer rejects them; other paths might not)
//   impossible    = count readings above 3 × the sensor's capacity (lib/scoring/sensor-scope.ts)
//   stuck         = longest run of consecutive hours with one constant non-zero value (hourly avg = max);
//                   flagged from 24 h for count sensors, 72 h for presence sensors
//   low_coverage  = coverage below 80 %
import type { ClientBase } from 'pg';
import { SENSOR_CAPACITY_SQL } from '@/lib/scoring/sensor-scope';

export const STUCK_HOURS = { count: 24, presence: 72 } as const;
export const LOW_COVERAGE = 0.8;
export const IMPOSSIBLE_FACTOR = 3;

/** Recomputes sensor_quality for these sensors from their readings and hourly rollups; returns rows written. */
export async function refreshSensorQuality(client: ClientBase, sensorIds: readonly string[]): Promise<number> {
  if (sensorIds.length === 0) return 0;
  // One pass over the readings: with a nested loop (the planner's choice for a parameter array) every sensor
  // re-reads the heap pages of a time-ordered load, which hold rows of all sensors — 1,000 sensors × 10 M
  // readings took 35 s that way, 6.6 s as one bitmap scan hashed against the sensors. Local to this transaction
  // and restored below.
  const { rows: prior } = await client.query<{ v: string }>(`SELECT current_setting('enable_nestloop') AS v`);
  await client.query(`SELECT set_config('enable_nestloop', 'off', true)`);
  const res = await client.query(
    `WITH s AS (
       SELECT s.id, s.organisation_id, s.building_id, s.kind, s.interval_minutes, ${SENSOR_CAPACITY_SQL} AS capacity
         FROM sensor s JOIN building b ON b.id = s.building_id LEFT JOIN room r ON r.id = s.room_id
        WHERE s.id = ANY($1::uuid[])
     ), raw AS (
       SELECT s.id AS sensor_id, count(o.ts) AS n, min(o.ts) AS first, max(o.ts) AS last,
              count(*) FILTER (WHERE o.value < 0) AS neg,
              count(*) FILTER (WHERE s.kind = 'count' AND s.capacity > 0 AND o.value > $2::float8 * s.capacity) AS imp
         FROM s LEFT JOIN occupancy_reading o ON o.sensor_id = s.id AND o.sensor_id = ANY($1::uuid[])
        GROUP BY s.id
     ), runs AS (
       SELECT sensor_id, max(len)::int AS stuck_hours FROM (
         SELECT sensor_id, count(*) AS len FROM (
           SELECT h.sensor_id, h.avg_value,
                  h.hour - row_number() OVER (PARTITION BY h.sensor_id, h.avg_value ORDER BY h.hour) * interval '1 hour' AS grp
             FROM occupancy_hourly h
            WHERE h.sensor_id = ANY($1::uuid[]) AND h.avg_value = h.max_value AND h.avg_value > 0
         ) x GROUP BY sensor_id, avg_value, grp
       ) y GROUP BY sensor_id
     ), q AS (
       SELECT s.id, s.organisation_id, s.building_id, s.interval_minutes, s.kind, raw.n, raw.first, raw.last, raw.neg, raw.imp,
              COALESCE(runs.stuck_hours, 0) AS stuck_hours,
              CASE WHEN raw.n = 0 THEN 0
                   ELSE floor(extract(epoch FROM raw.last - raw.first) / 60 / s.interval_minutes)::bigint + 1 END AS expected
         FROM s JOIN raw ON raw.sensor_id = s.id LEFT JOIN runs ON runs.sensor_id = s.id
     )
     INSERT INTO sensor_quality AS sq (sensor_id, organisation_id, building_id, interval_minutes, readings, expected_intervals, coverage,
                                       first_reading_at, last_reading_at, negative_count, impossible_count, stuck_hours, flags, refreshed_at)
     SELECT id, organisation_id, building_id, interval_minutes, n, expected,
            CASE WHEN expected = 0 THEN 0 ELSE LEAST(1, n::float8 / expected) END,
            first, last, neg, imp, stuck_hours,
            array_remove(ARRAY[
              CASE WHEN stuck_hours >= CASE WHEN kind = 'count' THEN $3::int ELSE $4::int END THEN 'stuck' END,
              CASE WHEN imp > 0 THEN 'impossible' END,
              CASE WHEN neg > 0 THEN 'negative' END,
              CASE WHEN expected = 0 OR n::float8 / expected < $5::float8 THEN 'low_coverage' END
            ], NULL),
            now()
       FROM q
     ON CONFLICT (sensor_id) DO UPDATE SET
       organisation_id = EXCLUDED.organisation_id, building_id = EXCLUDED.building_id, interval_minutes = EXCLUDED.interval_minutes,
       readings = EXCLUDED.readings, expected_intervals = EXCLUDED.expected_intervals, coverage = EXCLUDED.coverage,
       first_reading_at = EXCLUDED.first_reading_at, last_reading_at = EXCLUDED.last_reading_at,
       negative_count = EXCLUDED.negative_count, impossible_count = EXCLUDED.impossible_count,
       stuck_hours = EXCLUDED.stuck_hours, flags = EXCLUDED.flags, refreshed_at = EXCLUDED.refreshed_at`,
    [[...new Set(sensorIds)], IMPOSSIBLE_FACTOR, STUCK_HOURS.count, STUCK_HOURS.presence, LOW_COVERAGE],
  );
  await client.query(`SELECT set_config('enable_nestloop', $1, true)`, [prior[0].v]);
  return res.rowCount ?? 0;
}
