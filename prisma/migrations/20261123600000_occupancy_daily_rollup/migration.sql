-- Readings at scale: a daily rollup next to the hourly one, and one function that (re)builds both for a
-- time range from the raw readings. Retention (lib/occupancy/partitions.ts) calls it before dropping a
-- month of raw readings, so the rollups stay complete after the raw partition is gone.

-- Daily rollup per sensor; `day` is the Europe/Copenhagen calendar day.
CREATE TABLE occupancy_daily (
  sensor_id        uuid NOT NULL REFERENCES sensor(id) ON DELETE CASCADE,
  day              date NOT NULL,
  avg_value        real NOT NULL,
  max_value        real NOT NULL,
  n_readings       integer NOT NULL,
  hours_with_data  integer NOT NULL,
  PRIMARY KEY (sensor_id, day)
);
CREATE INDEX occupancy_daily_day_brin ON occupancy_daily USING brin (day);

-- Recomputes occupancy_hourly for the hours overlapping [from_ts, to_ts) from raw readings (where raw rows
-- exist; hours without raw rows keep their rollup), then occupancy_daily for every Copenhagen day touched.
-- Returns the number of hourly rows written. Readings of unknown sensors are skipped (no FK on readings).
CREATE OR REPLACE FUNCTION refresh_occupancy_rollups(from_ts timestamptz, to_ts timestamptz)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
  f timestamptz := date_trunc('hour', from_ts, 'UTC');
  t timestamptz := date_trunc('hour', to_ts - interval '1 microsecond', 'UTC') + interval '1 hour';
  first_day date := (from_ts AT TIME ZONE 'Europe/Copenhagen')::date;
  last_day  date := ((to_ts - interval '1 microsecond') AT TIME ZONE 'Europe/Copenhagen')::date;
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
  SELECT h.sensor_id, (h.hour AT TIME ZONE 'Europe/Copenhagen')::date,
         sum(h.avg_value * h.n_readings) / sum(h.n_readings), max(h.max_value), sum(h.n_readings), count(*)
    FROM occupancy_hourly h
   WHERE h.hour >= (first_day::timestamp AT TIME ZONE 'Europe/Copenhagen')
     AND h.hour <  ((last_day + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')
   GROUP BY 1, 2
  ON CONFLICT (sensor_id, day) DO UPDATE
    SET avg_value = EXCLUDED.avg_value, max_value = EXCLUDED.max_value,
        n_readings = EXCLUDED.n_readings, hours_with_data = EXCLUDED.hours_with_data;
  RETURN n;
END $$;

-- Creates the monthly partition of occupancy_reading for the month containing month_ts, moving any rows
-- of that month out of the default partition first (they would block CREATE ... PARTITION OF).
-- One statement, so it is atomic inside or outside a caller's transaction. Returns 1 if created, else 0.
CREATE OR REPLACE FUNCTION create_reading_partition(month_ts timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  m_start timestamptz := date_trunc('month', month_ts, 'UTC');
  m_end   timestamptz := date_trunc('month', month_ts, 'UTC') + interval '1 month';
  nsp text := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.oid = 'occupancy_reading'::regclass);
  created integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM occupancy_reading_default WHERE ts >= m_start AND ts < m_end) THEN
    RETURN ensure_reading_partitions(m_start, m_start);
  END IF;
  CREATE TEMP TABLE IF NOT EXISTS pg_temp.moved_readings (sensor_id uuid, ts timestamptz, value real);
  WITH d AS (DELETE FROM occupancy_reading_default WHERE ts >= m_start AND ts < m_end RETURNING sensor_id, ts, value)
  INSERT INTO pg_temp.moved_readings SELECT * FROM d;
  created := ensure_reading_partitions(m_start, m_start);
  EXECUTE format('INSERT INTO %I.occupancy_reading (sensor_id, ts, value) SELECT sensor_id, ts, value FROM pg_temp.moved_readings', nsp);
  DROP TABLE pg_temp.moved_readings;
  RETURN created;
END $$;
