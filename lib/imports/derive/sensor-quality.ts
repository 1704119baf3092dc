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

/** Longest run of consecutive hours with one constant non-zero value, per sensor of $1, over the hourly rows `where`. */
const stuckRunsSql = (where: string) => `
  SELECT sensor_id, max(len)::int AS stuck_hours FROM (
    SELECT sensor_id, count(*) AS len FROM (
      SELECT h.sensor_id, h.avg_value,
             h.hour - row_number() OVER (PARTITION BY h.sensor_id, h.avg_value ORDER BY h.hour) * interval '1 hour' AS grp
        FROM occupancy_hourly h
       WHERE h.sensor_id = ANY($1::uuid[]) ${where} AND h.avg_value = h.max_value AND h.avg_value > 0
    ) x GROUP BY sensor_id, avg_value, grp
  ) y GROUP BY sensor_id`;

/**
 * Writes quality rows from `source` (columns id, organisation_id, building_id, interval_minutes, kind, capacity, n,
 * expected, first, last, neg, imp, stuck_hours); `p` names the parameters holding STUCK_HOURS.count,
 * STUCK_HOURS.presence and LOW_COVERAGE.
 */
const upsertQualitySql = (source: string, p: { stuckCount: string; stuckPresence: string; lowCoverage: string }) => `
  INSERT INTO sensor_quality AS sq (sensor_id, organisation_id, building_id, interval_minutes, readings, expected_intervals, coverage,
                                    first_reading_at, last_reading_at, negative_count, impossible_count, stuck_hours, capacity_used, flags, refreshed_at)
  SELECT id, organisation_id, building_id, interval_minutes, n, expected,
         CASE WHEN expected = 0 THEN 0 ELSE LEAST(1, n::float8 / expected) END,
         first, last, neg, imp, stuck_hours, capacity,
         array_remove(ARRAY[
           CASE WHEN stuck_hours >= CASE WHEN kind = 'count' THEN ${p.stuckCount}::int ELSE ${p.stuckPresence}::int END THEN 'stuck' END,
           CASE WHEN imp > 0 THEN 'impossible' END,
           CASE WHEN neg > 0 THEN 'negative' END,
           CASE WHEN expected = 0 OR n::float8 / expected < ${p.lowCoverage}::float8 THEN 'low_coverage' END
         ], NULL),
         now()
    FROM ${source}
  ON CONFLICT (sensor_id) DO UPDATE SET
    organisation_id = EXCLUDED.organisation_id, building_id = EXCLUDED.building_id, interval_minutes = EXCLUDED.interval_minutes,
    readings = EXCLUDED.readings, expected_intervals = EXCLUDED.expected_intervals, coverage = EXCLUDED.coverage,
    first_reading_at = EXCLUDED.first_reading_at, last_reading_at = EXCLUDED.last_reading_at,
    negative_count = EXCLUDED.negative_count, impossible_count = EXCLUDED.impossible_count,
    stuck_hours = EXCLUDED.stuck_hours, capacity_used = EXCLUDED.capacity_used, flags = EXCLUDED.flags, refreshed_at = EXCLUDED.refreshed_at`;

/** A file's new readings of one sensor (the importer's direct path: every one of them a new key). */
export interface FileQuality {
  n: number;
  /** First and last instant (Unix ms). */
  first: number;
  last: number;
  /** Readings above IMPOSSIBLE_FACTOR × the sensor's capacity (count sensors with a capacity). */
  impossible: number;
}

/**
 * Refreshes sensor_quality for these sensors; returns rows written and how many were updated incrementally.
 * Without `added`, every sensor is recomputed from all its readings and hourly rollups. With `added` (the import
 * only added readings: no stored key was changed), a sensor whose stored row was counted with its current
 * capacity gets the file's counts added to the stored ones instead, and its stuck run is looked for only around
 * the file's range [from, to) — the same result without reading the sensor's history (see incremental()).
 */
export async function refreshSensorQuality(
  client: ClientBase,
  sensorIds: readonly string[],
  added?: { file: ReadonlyMap<string, FileQuality & { capacity: number | null | undefined }>; from: Date; to: Date },
): Promise<{ rows: number; incremental: number }> {
  if (sensorIds.length === 0) return { rows: 0, incremental: 0 };
  let rest = [...new Set(sensorIds)];
  let done = 0;
  if (added) {
    const updated = await incremental(client, rest, added.file, added.from, added.to);
    done = updated.size;
    rest = rest.filter((id) => !updated.has(id));
  }
  return { rows: done + (await recompute(client, rest)), incremental: done };
}

/**
 * Adds a file's new readings to stored quality rows (or writes the row from the file alone for a sensor whose only
 * readings are the file's). Exact, not an estimate: counts and first/last add up; the
 * impossible count adds up while the capacity is the one the stored count used (capacity_used; else the sensor
 * is recomputed); and the longest stuck run is max(stored, longest run within [from − (S+1) h, to + (S+1) h)),
 * S = the longest stored run: a run the new hours joined has at most S stored hours on either side of them.
 * Returns the sensors updated.
 */
async function incremental(
  client: ClientBase, ids: string[], file: ReadonlyMap<string, FileQuality & { capacity: number | null | undefined }>, from: Date, to: Date,
): Promise<Set<string>> {
  const rows = ids.map((id) => ({ id, q: file.get(id) })).filter((r) => r.q && r.q.n > 0 && r.q.capacity !== undefined);
  if (rows.length === 0) return new Set();
  const { rows: longest } = await client.query<{ s: number }>(
    'SELECT COALESCE(max(stuck_hours), 0)::int AS s FROM sensor_quality WHERE sensor_id = ANY($1::uuid[])',
    [rows.map((r) => r.id)],
  );
  const margin = (longest[0].s + 1) * 3_600_000;
  // Sensors without a stored row whose only readings are the file's (none before or after its range; inside it the
  // caller saw no stored hourly row): their counts are the file's. Two index probes per sensor and partition.
  const { rows: alone } = await client.query<{ id: string }>(
    `SELECT f.id FROM unnest($1::uuid[]) AS f(id)
      WHERE NOT EXISTS (SELECT 1 FROM sensor_quality q WHERE q.sensor_id = f.id)
        AND NOT EXISTS (SELECT 1 FROM occupancy_reading r WHERE r.sensor_id = f.id AND r.ts < $2)
        AND NOT EXISTS (SELECT 1 FROM occupancy_reading r WHERE r.sensor_id = f.id AND r.ts >= $3)`,
    [rows.map((r) => r.id), from, to],
  );
  const res = await client.query<{ sensor_id: string }>(
    `WITH f AS (
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::bigint[], $6::float8[])
                  AS f(sensor_id, n, first, last, imp, capacity)
     ), s AS (
       SELECT s.id, s.organisation_id, s.building_id, s.kind, s.interval_minutes, ${SENSOR_CAPACITY_SQL} AS capacity
         FROM sensor s JOIN building b ON b.id = s.building_id LEFT JOIN room r ON r.id = s.room_id
        WHERE s.id = ANY($1::uuid[])
     ), runs AS (${stuckRunsSql('AND h.hour >= $7 AND h.hour < $8')}
     ), q AS (
       SELECT s.id, s.organisation_id, s.building_id, s.kind, s.interval_minutes, s.capacity,
              COALESCE(sq.readings, 0) + f.n AS n,
              LEAST(sq.first_reading_at, f.first) AS first, GREATEST(sq.last_reading_at, f.last) AS last,
              COALESCE(sq.negative_count, 0) AS neg, COALESCE(sq.impossible_count, 0) + f.imp AS imp,
              GREATEST(COALESCE(sq.stuck_hours, 0), COALESCE(runs.stuck_hours, 0)) AS stuck_hours
         FROM f JOIN s ON s.id = f.sensor_id LEFT JOIN sensor_quality sq ON sq.sensor_id = f.sensor_id
         LEFT JOIN runs ON runs.sensor_id = f.sensor_id
        WHERE f.capacity IS NOT DISTINCT FROM s.capacity
          AND ((sq.sensor_id IS NULL AND f.sensor_id = ANY($12::uuid[]))
               OR (sq.sensor_id IS NOT NULL AND sq.capacity_used IS NOT DISTINCT FROM s.capacity))
     ), e AS (
       SELECT q.*, floor(extract(epoch FROM q.last - q.first) / 60 / q.interval_minutes)::bigint + 1 AS expected FROM q
     )
     ${upsertQualitySql('e', { stuckCount: '$9', stuckPresence: '$10', lowCoverage: '$11' })}
     RETURNING sq.sensor_id`,
    [
      rows.map((r) => r.id), rows.map((r) => r.q!.n), rows.map((r) => new Date(r.q!.first)), rows.map((r) => new Date(r.q!.last)),
      rows.map((r) => r.q!.impossible), rows.map((r) => r.q!.capacity), new Date(from.getTime() - margin), new Date(to.getTime() + margin),
      STUCK_HOURS.count, STUCK_HOURS.presence, LOW_COVERAGE, alone.map((r) => r.id),
    ],
  );
  return new Set(res.rows.map((r) => r.sensor_id));
}

/** Recomputes sensor_quality for these sensors from all their readings and hourly rollups; returns rows written. */
async function recompute(client: ClientBase, sensorIds: readonly string[]): Promise<number> {
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
     ), runs AS (${stuckRunsSql('')}
     ), q AS (
       SELECT s.id, s.organisation_id, s.building_id, s.interval_minutes, s.kind, s.capacity, raw.n, raw.first, raw.last, raw.neg, raw.imp,
              COALESCE(runs.stuck_hours, 0) AS stuck_hours,
              CASE WHEN raw.n = 0 THEN 0
                   ELSE floor(extract(epoch FROM raw.last - raw.first) / 60 / s.interval_minutes)::bigint + 1 END AS expected
         FROM s JOIN raw ON raw.sensor_id = s.id LEFT JOIN runs ON runs.sensor_id = s.id
     )
     ${upsertQualitySql('q', { stuckCount: '$3', stuckPresence: '$4', lowCoverage: '$5' })}`,
    [[...new Set(sensorIds)], IMPOSSIBLE_FACTOR, STUCK_HOURS.count, STUCK_HOURS.presence, LOW_COVERAGE],
  );
  await client.query(`SELECT set_config('enable_nestloop', $1, true)`, [prior[0].v]);
  return res.rowCount ?? 0;
}
