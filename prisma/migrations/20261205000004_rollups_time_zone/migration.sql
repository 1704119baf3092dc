-- Issue 17 item 6: the daily rollup's day is the sensor's organisation's local day (settings.timeZone), no longer
-- always Europe/Copenhagen. refresh_occupancy_rollups (called before a raw-reading partition is dropped) takes the
-- default zone from the caller (lib/config/time-zone.ts, the one place it is defined) for organisations whose
-- settings name none; each sensor's days are those of its organisation's zone.
DROP FUNCTION IF EXISTS refresh_occupancy_rollups(timestamptz, timestamptz);

CREATE OR REPLACE FUNCTION refresh_occupancy_rollups(from_ts timestamptz, to_ts timestamptz, default_zone text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
  f timestamptz := date_trunc('hour', from_ts, 'UTC');
  t timestamptz := date_trunc('hour', to_ts - interval '1 microsecond', 'UTC') + interval '1 hour';
BEGIN
  INSERT INTO occupancy_hourly AS h (sensor_id, hour, avg_value, max_value, n_readings)
  SELECT r.sensor_id, date_trunc('hour', r.ts, 'UTC'), avg(r.value), max(r.value), count(*)
    FROM occupancy_reading r
    JOIN sensor s ON s.id = r.sensor_id
   WHERE r.ts >= f AND r.ts < t
   GROUP BY 1, 2
  ON CONFLICT (sensor_id, hour) DO UPDATE
    SET avg_value = EXCLUDED.avg_value, max_value = EXCLUDED.max_value, n_readings = EXCLUDED.n_readings;
  GET DIAGNOSTICS n = ROW_COUNT;

  INSERT INTO occupancy_daily AS d (sensor_id, day, avg_value, max_value, n_readings, hours_with_data)
  WITH z AS (
    SELECT s.id AS sensor_id, COALESCE(NULLIF(o.settings->>'timeZone', ''), default_zone) AS zone
      FROM sensor s JOIN organisation o ON o.id = s.organisation_id
  ), days AS (
    SELECT sensor_id, zone, (from_ts AT TIME ZONE zone)::date AS first_day,
           ((to_ts - interval '1 microsecond') AT TIME ZONE zone)::date AS last_day
      FROM z
  )
  SELECT h.sensor_id, (h.hour AT TIME ZONE x.zone)::date,
         sum(h.avg_value * h.n_readings) / sum(h.n_readings), max(h.max_value), sum(h.n_readings), count(*)
    FROM occupancy_hourly h JOIN days x ON x.sensor_id = h.sensor_id
   WHERE h.hour >= (x.first_day::timestamp AT TIME ZONE x.zone)
     AND h.hour <  ((x.last_day + 1)::timestamp AT TIME ZONE x.zone)
   GROUP BY 1, 2
  ON CONFLICT (sensor_id, day) DO UPDATE
    SET avg_value = EXCLUDED.avg_value, max_value = EXCLUDED.max_value,
        n_readings = EXCLUDED.n_readings, hours_with_data = EXCLUDED.hours_with_data;
  RETURN n;
END $$;
