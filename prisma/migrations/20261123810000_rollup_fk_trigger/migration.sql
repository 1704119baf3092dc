-- The rollups' foreign keys to sensor are replaced by one delete trigger.
--
-- Why: a foreign key checks every inserted row (a lookup and a row lock on sensor per row). A 10-million-reading
-- import writes 2.5 million hourly rows; with the FK that COPY took 13.6 s, without it 4.4 s (bench/results/ingest.json,
-- docs/performance.md § Ingest). The importer instead locks the sensors it touches once (SELECT … FOR KEY SHARE,
-- lib/imports/kinds/occupancy.ts), which is what the FK's per-row check protected against: a sensor deleted
-- while its rollups are written. ON DELETE CASCADE is kept by the trigger below (one statement per table for a
-- whole DELETE, using the transition table). occupancy_reading never had a foreign key (partitioned, hot path).
ALTER TABLE occupancy_hourly DROP CONSTRAINT IF EXISTS occupancy_hourly_sensor_id_fkey;
ALTER TABLE occupancy_daily DROP CONSTRAINT IF EXISTS occupancy_daily_sensor_id_fkey;
ALTER TABLE occupancy_daily_usage DROP CONSTRAINT IF EXISTS occupancy_daily_usage_sensor_id_fkey;

CREATE OR REPLACE FUNCTION sensor_delete_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM occupancy_hourly WHERE sensor_id IN (SELECT id FROM gone);
  DELETE FROM occupancy_daily WHERE sensor_id IN (SELECT id FROM gone);
  DELETE FROM occupancy_daily_usage WHERE sensor_id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;

CREATE TRIGGER sensor_delete_rollups AFTER DELETE ON sensor
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION sensor_delete_rollups();

-- Incremental sensor quality (lib/imports/sensor-quality.ts): the capacity the impossible-count was computed
-- with. An import that only adds readings updates the stored counts when the capacity is unchanged, and
-- recomputes the sensor from all its readings otherwise.
ALTER TABLE sensor_quality ADD COLUMN IF NOT EXISTS capacity_used double precision;
