// Incremental rollups after an import: occupancy_hourly (per sensor-hour, from raw readings), occupancy_daily
// (per sensor-day) and occupancy_daily_usage (per sensor-day, shaped for scoring — see lib/scoring/sensor-usage.ts).
// Only the sensors and hours touched are recomputed; scoring reads occupancy_daily_usage and never raw readings.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DateTime } from 'luxon';
import { holidaysBetween, parseOpeningHours } from '@/lib/scoring/opening-hours';
import { HIST_BIN_WIDTH, HIST_BINS } from '@/lib/scoring/sensor-usage';
import { SENSOR_CAPACITY_SQL } from '@/lib/scoring/sensor-scope';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { sensorsTimeZone } from './sensors-time-zone';

export interface RollupRefresh {
  hourlyRows: number;
  usageRows: number;
  /** Buildings whose sensors were refreshed: pass them to rescoreBuildings() (lib/scoring/compute-scores.ts). */
  buildingIds: string[];
  /** Where the time went (ms): hourly, daily, usage rows. */
  ms: { hourly: number; daily: number; usage: number };
}

/**
 * Recomputes the rollups of `sensorIds` for readings in [fromTs, toTs): hourly rows for the hours touched, then
 * the daily and usage rows of every local day touched (days of the sensors' organisation's time zone: `zone`, else
 * read from its settings). Call it after each import, inside or after the import's transaction, with the file's
 * sensors and its first/last timestamp (toTs exclusive; pass last + 1 ms if unsure).
 */
export async function refreshRollups(
  client: ClientBase,
  sensorIds: readonly string[],
  fromTs: Date,
  toTs: Date,
  opts: {
    /** The organisation's time zone, when the caller has it (else read once from the sensors' organisation). */
    zone?: string;
    hourly?: () => Promise<number>;
    /**
     * Writes the daily and usage rows of the days strictly between firstDay and lastDay itself (the importer,
     * from the hourly aggregates it computed: lib/occupancy/derive-days.ts) and returns true, or returns false
     * to leave them to SQL. Asked after hourly(); the first and last day are always recomputed here, from
     * occupancy_hourly, since stored hours outside the file may fall on them.
     */
    interiorDays?: (firstDay: string, lastDay: string) => Promise<boolean>;
  } = {},
): Promise<RollupRefresh> {
  if (sensorIds.length === 0 || toTs <= fromTs) return { hourlyRows: 0, usageRows: 0, buildingIds: [], ms: { hourly: 0, daily: 0, usage: 0 } };
  const ids = [...new Set(sensorIds)];
  const zone = opts.zone ?? (await sensorsTimeZone(client, ids));
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - mark);
    mark = now;
    return ms;
  };
  // The caller may have the hourly rows already (aggregated while the file was read: loadHourlyAggregates()).
  const hourlyRows = opts.hourly ? await opts.hourly() : await refreshHourly(client, ids, fromTs, toTs);
  const hourly = lap();
  const { firstDay, lastDay } = daysTouched(fromTs, toTs, zone);
  if (firstDay < lastDay && opts.interiorDays && (await opts.interiorDays(firstDay, lastDay))) {
    // Only the edge days from SQL (the interior ones were written by the caller).
    await refreshDaily(client, ids, firstDay, firstDay, zone);
    await refreshDaily(client, ids, lastDay, lastDay, zone);
    const daily = lap();
    const first = await refreshUsage(client, ids, firstDay, firstDay, zone);
    const last = await refreshUsage(client, ids, lastDay, lastDay, zone);
    return { hourlyRows, usageRows: first.usageRows + last.usageRows, buildingIds: first.buildingIds, ms: { hourly, daily, usage: lap() } };
  }
  await refreshDaily(client, ids, firstDay, lastDay, zone);
  const daily = lap();
  const usage = await refreshUsage(client, ids, firstDay, lastDay, zone);
  return { hourlyRows, usageRows: usage.usageRows, buildingIds: usage.buildingIds, ms: { hourly, daily, usage: lap() } };
}

/**
 * Lands hourly aggregates computed outside the database (the importer's direct path: per sensor-hour avg, max and
 * count of the file's readings, all of them new keys) from a binary COPY file (lib/occupancy/hourly-file.ts) of
 * (sensor_id, hour, avg_value, max_value, n_readings). An hour that already has an hourly row (stored readings in
 * it: a partial hour merging with stored data) is recomputed from the raw readings instead, as refreshRollups() does.
 */
export async function loadHourlyAggregates(
  client: ClientBase, open: () => Readable, sensorIds: readonly string[], fromTs: Date, toTs: Date,
): Promise<{ rows: number; fresh: boolean }> {
  const ids = [...new Set(sensorIds)];
  const { rows: stored } = await client.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM occupancy_hourly WHERE sensor_id = ANY($1::uuid[])
                      AND hour >= date_trunc('hour', $2::timestamptz, 'UTC') AND hour < $3) AS any`,
    [ids, fromTs, toTs],
  );
  if (!stored[0].any) {
    // No hourly row of these sensors in the range (a new range): the aggregates go straight in.
    const copy = client.query(copyFrom('COPY occupancy_hourly (sensor_id, hour, avg_value, max_value, n_readings) FROM STDIN (FORMAT binary)'));
    await pipeline(open(), copy);
    return { rows: copy.rowCount ?? 0, fresh: true };
  }
  await client.query('CREATE TEMP TABLE hourly_new (sensor_id uuid, hour timestamptz, avg_value real, max_value real, n_readings integer) ON COMMIT DROP');
  await pipeline(open(), client.query(copyFrom('COPY hourly_new FROM STDIN (FORMAT binary)')));
  await client.query('ANALYZE hourly_new');
  await client.query('CREATE TEMP TABLE hourly_redo (sensor_id uuid, hour timestamptz) ON COMMIT DROP');
  await client.query(
    `WITH d AS (
       DELETE FROM hourly_new n USING occupancy_hourly h
        WHERE h.sensor_id = n.sensor_id AND h.hour = n.hour
          AND h.sensor_id = ANY($1::uuid[]) AND h.hour >= date_trunc('hour', $2::timestamptz, 'UTC') AND h.hour < $3
        RETURNING n.sensor_id, n.hour)
     INSERT INTO hourly_redo SELECT * FROM d`,
    [ids, fromTs, toTs],
  );
  const inserted = await client.query(
    'INSERT INTO occupancy_hourly (sensor_id, hour, avg_value, max_value, n_readings) SELECT * FROM hourly_new ORDER BY 1, 2',
  );
  const redone = await client.query(
    `INSERT INTO occupancy_hourly AS h (sensor_id, hour, avg_value, max_value, n_readings)
     SELECT x.sensor_id, x.hour, avg(r.value), max(r.value), count(*)
       FROM hourly_redo x JOIN occupancy_reading r ON r.sensor_id = x.sensor_id AND r.ts >= x.hour AND r.ts < x.hour + interval '1 hour'
      GROUP BY 1, 2
      ORDER BY 1, 2
     ON CONFLICT (sensor_id, hour) DO UPDATE
       SET avg_value = EXCLUDED.avg_value, max_value = EXCLUDED.max_value, n_readings = EXCLUDED.n_readings`,
  );
  return { rows: (inserted.rowCount ?? 0) + (redone.rowCount ?? 0), fresh: false };
}

/** Recomputes occupancy_hourly of these sensors for the hours overlapping [fromTs, toTs) from raw readings. */
async function refreshHourly(client: ClientBase, ids: string[], fromTs: Date, toTs: Date): Promise<number> {
  const hourly = await client.query(
    `INSERT INTO occupancy_hourly AS h (sensor_id, hour, avg_value, max_value, n_readings)
     SELECT r.sensor_id, date_trunc('hour', r.ts, 'UTC'), avg(r.value), max(r.value), count(*)
       FROM occupancy_reading r
      WHERE r.sensor_id = ANY($1::uuid[])
        AND r.ts >= date_trunc('hour', $2::timestamptz, 'UTC')
        AND r.ts < date_trunc('hour', $3::timestamptz - interval '1 microsecond', 'UTC') + interval '1 hour'
      GROUP BY 1, 2
      ORDER BY 1, 2 -- written in key order: appends to each sensor's run in the index (big imports: ~30 % faster)
     ON CONFLICT (sensor_id, hour) DO UPDATE
       SET avg_value = EXCLUDED.avg_value, max_value = EXCLUDED.max_value, n_readings = EXCLUDED.n_readings`,
    [ids, fromTs, toTs],
  );
  return hourly.rowCount ?? 0;
}

/** Recomputes occupancy_daily of these sensors for the local days [firstDay, lastDay] of `zone` from occupancy_hourly. */
async function refreshDaily(client: ClientBase, ids: string[], firstDay: string, lastDay: string, zone: string): Promise<void> {
  await client.query(
    `INSERT INTO occupancy_daily AS d (sensor_id, day, avg_value, max_value, n_readings, hours_with_data)
     SELECT h.sensor_id, (h.hour AT TIME ZONE $4::text)::date,
            sum(h.avg_value * h.n_readings) / sum(h.n_readings), max(h.max_value), sum(h.n_readings), count(*)
       FROM occupancy_hourly h
      WHERE h.sensor_id = ANY($1::uuid[])
        AND h.hour >= ($2::date::timestamp AT TIME ZONE $4::text) AND h.hour < (($3::date + 1)::timestamp AT TIME ZONE $4::text)
      GROUP BY 1, 2
      ORDER BY 1, 2
     ON CONFLICT (sensor_id, day) DO UPDATE
       SET avg_value = EXCLUDED.avg_value, max_value = EXCLUDED.max_value,
           n_readings = EXCLUDED.n_readings, hours_with_data = EXCLUDED.hours_with_data`,
    [ids, firstDay, lastDay, zone],
  );
}

/** What the usage rollup of a sensor depends on besides its hourly values. */
export interface UsageSensorConfig {
  id: string;
  buildingId: string;
  kind: string;
  capacity: number | null;
  /** Bit d−1 set = ISO weekday d is an opening day. */
  daysMask: number;
  openHour: number;
  closeHour: number;
  /** The building's closure days ('YYYY-MM-DD'). */
  closed: string[];
}

/** The usage configuration of these sensors: kind, capacity (lib/scoring/sensor-scope.ts), opening hours. */
export async function loadUsageConfig(client: ClientBase, sensorIds: readonly string[]): Promise<UsageSensorConfig[]> {
  const { rows } = await client.query<{ id: string; building_id: string; kind: string; capacity: number | null; opening_hours: unknown }>(
    `SELECT s.id, s.building_id, s.kind, ${SENSOR_CAPACITY_SQL} AS capacity, b.opening_hours
       FROM sensor s JOIN building b ON b.id = s.building_id LEFT JOIN room r ON r.id = s.room_id
      WHERE s.id = ANY($1::uuid[])`,
    [sensorIds],
  );
  return rows.map((c) => {
    const oh = parseOpeningHours(c.opening_hours);
    return {
      id: c.id, buildingId: c.building_id, kind: c.kind, capacity: c.capacity,
      daysMask: oh.days.reduce((m, d) => m | (1 << (d - 1)), 0), openHour: oh.openHour, closeHour: oh.closeHour, closed: oh.closed,
    };
  });
}

/**
 * Recomputes occupancy_daily_usage of `sensorIds` for the local days [firstDay, lastDay] ('YYYY-MM-DD') of their
 * organisation's time zone (`zone`, else read from its settings) from occupancy_hourly. Also the call to make when a building's opening hours, closures or capacities change
 * (usage rows bake them in): see refreshUsageForBuildings().
 */
export async function refreshUsage(
  client: ClientBase, sensorIds: readonly string[], firstDay: string, lastDay: string, zone?: string,
): Promise<{ usageRows: number; buildingIds: string[] }> {
  const cfg = await loadUsageConfig(client, sensorIds);
  if (cfg.length === 0) return { usageRows: 0, buildingIds: [] };
  const tz = zone ?? (await sensorsTimeZone(client, sensorIds));
  const closedSensor: string[] = [];
  const closedDay: string[] = [];
  for (const c of cfg) {
    for (const d of c.closed) {
      if (d < firstDay || d > lastDay) continue;
      closedSensor.push(c.id);
      closedDay.push(d);
    }
  }
  const mask = cfg.map((c) => c.daysMask);
  const openH = cfg.map((c) => c.openHour);
  const closeH = cfg.map((c) => c.closeHour);
  const holidays = holidaysBetween(firstDay, lastDay);
  const { start, end } = { start: DateTime.fromISO(firstDay, { zone: tz }).toJSDate(), end: DateTime.fromISO(lastDay, { zone: tz }).plus({ days: 1 }).toJSDate() };
  const bins = Array.from({ length: HIST_BINS }, (_, i) => `count(*) FILTER (WHERE is_open AND bin = ${i})`).join(', ');
  await client.query(`DELETE FROM occupancy_daily_usage WHERE sensor_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date`, [sensorIds, firstDay, lastDay]);
  const res = await client.query(
    `WITH cfg AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::int[], $5::int[], $6::int[]) AS c(sensor_id, kind, capacity, days_mask, open_h, close_h)
     ), closed AS (
       SELECT * FROM unnest($7::uuid[], $8::date[]) AS x(sensor_id, day)
     ), h AS (
       SELECT c.*, h.hour, h.avg_value::float8 AS v, (h.hour AT TIME ZONE $12::text) AS lt
         FROM cfg c JOIN occupancy_hourly h ON h.sensor_id = c.sensor_id
        WHERE h.hour >= $9 AND h.hour < $10
     ), k AS MATERIALIZED ( -- computed once per row; inlined, each FILTER re-evaluated is_open (8× slower)
       SELECT sensor_id, hour, v, lt::date AS day,
              ((days_mask >> (extract(isodow FROM lt)::int - 1)) & 1) = 1
                AND extract(hour FROM lt) >= open_h AND extract(hour FROM lt) < close_h
                AND NOT (lt::date = ANY($11::date[]))
                AND NOT EXISTS (SELECT 1 FROM closed x WHERE x.sensor_id = h.sensor_id AND x.day = lt::date) AS is_open,
              CASE WHEN kind = 'presence' THEN LEAST(GREATEST(v, 0), 1) WHEN capacity > 0 THEN GREATEST(v, 0) / capacity END AS ratio
         FROM h
     ), b AS (
       SELECT *, CASE WHEN ratio IS NULL THEN NULL WHEN ratio <= 0 THEN 0
                      ELSE LEAST(${HIST_BINS - 1}, ceil(ratio / ${HIST_BIN_WIDTH} - 1e-9)::int) END AS bin
         FROM k
     )
     INSERT INTO occupancy_daily_usage (sensor_id, day, open_known, open_used, open_ratio_known, open_ratio_sum, open_hist,
                                        after_known, after_used, after_ratio_known, after_ratio_sum, newest_hour)
     SELECT sensor_id, day,
            count(*) FILTER (WHERE is_open), count(*) FILTER (WHERE is_open AND v > 0),
            count(ratio) FILTER (WHERE is_open), COALESCE(sum(ratio) FILTER (WHERE is_open), 0),
            ARRAY[${bins}]::int[],
            count(*) FILTER (WHERE NOT is_open), count(*) FILTER (WHERE NOT is_open AND v > 0),
            count(ratio) FILTER (WHERE NOT is_open), COALESCE(sum(ratio) FILTER (WHERE NOT is_open), 0),
            max(hour)
       FROM b GROUP BY sensor_id, day`,
    [cfg.map((c) => c.id), cfg.map((c) => c.kind), cfg.map((c) => c.capacity), mask, openH, closeH, closedSensor, closedDay, start, end, holidays, tz],
  );
  return { usageRows: res.rowCount ?? 0, buildingIds: [...new Set(cfg.map((c) => c.buildingId))] };
}

/** Rebuilds the usage rows of every sensor of these buildings over all their hourly data (after a registry change). */
export async function refreshUsageForBuildings(client: ClientBase, buildingIds: readonly string[]): Promise<{ usageRows: number }> {
  const { rows } = await client.query<{ ids: string[] | null; first: Date | null; last: Date | null }>(
    `SELECT array_agg(DISTINCT s.id) AS ids, min(h.hour) AS first, max(h.hour) AS last
       FROM sensor s JOIN occupancy_hourly h ON h.sensor_id = s.id WHERE s.building_id = ANY($1::uuid[])`,
    [buildingIds],
  );
  const r = rows[0];
  if (!r?.ids || !r.first || !r.last) return { usageRows: 0 };
  const zone = await sensorsTimeZone(client, r.ids);
  const { firstDay, lastDay } = daysTouched(r.first, new Date(r.last.getTime() + 3_600_000), zone);
  return { usageRows: (await refreshUsage(client, r.ids, firstDay, lastDay, zone)).usageRows };
}

/** The local calendar days of `zone` touched by [fromTs, toTs). */
export function daysTouched(fromTs: Date, toTs: Date, zone: string): { firstDay: string; lastDay: string } {
  return {
    firstDay: DateTime.fromJSDate(fromTs, { zone }).toISODate()!,
    lastDay: DateTime.fromJSDate(new Date(toTs.getTime() - 1), { zone }).toISODate()!,
  };
}

/** Sensors per rebuild batch (one daily and one usage statement each). */
const REBUILD_BATCH = 500;

/**
 * Rebuilds the daily and usage rollups of every sensor of the organisation from occupancy_hourly, in its current
 * time zone: after the zone changed, every local day (and so every opening hour) moved. The hourly rollup is in
 * UTC and stays. Run (in one transaction) by the score queue before the organisation is re-scored (lib/jobs/queue-score.ts).
 */
export async function rebuildLocalDays(client: ClientBase, organisationId: string): Promise<{ sensors: number; usageRows: number }> {
  const zone = (await loadOrganisationSettings(client, organisationId)).timeZone;
  const { rows } = await client.query<{ id: string; first: Date; last: Date }>(
    `SELECT s.id, min(h.hour) AS first, max(h.hour) AS last
       FROM sensor s JOIN occupancy_hourly h ON h.sensor_id = s.id
      WHERE s.organisation_id = $1 GROUP BY s.id ORDER BY s.id`,
    [organisationId],
  );
  let usageRows = 0;
  for (let i = 0; i < rows.length; i += REBUILD_BATCH) {
    const batch = rows.slice(i, i + REBUILD_BATCH);
    const ids = batch.map((r) => r.id);
    const first = new Date(Math.min(...batch.map((r) => r.first.getTime())));
    const last = new Date(Math.max(...batch.map((r) => r.last.getTime())) + 3_600_000);
    const { firstDay, lastDay } = daysTouched(first, last, zone);
    // Days of the old zone may lie outside the new range (a day earlier or later at the edges): all go first.
    await client.query('DELETE FROM occupancy_daily WHERE sensor_id = ANY($1::uuid[])', [ids]);
    await client.query('DELETE FROM occupancy_daily_usage WHERE sensor_id = ANY($1::uuid[])', [ids]);
    await refreshDaily(client, ids, firstDay, lastDay, zone);
    usageRows += (await refreshUsage(client, ids, firstDay, lastDay, zone)).usageRows;
  }
  return { sensors: rows.length, usageRows };
}
