-- Imports (lib/imports): saved column mappings per sensor portal, per-organisation ingest tokens, per-sensor
-- data quality refreshed after each occupancy import, and progress/summary fields on import_job.

-- A column mapping saved under a name (e.g. the sensor portal it fits) and reused for later files.
CREATE TABLE import_mapping (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id  uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  name             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('registry', 'footprints', 'occupancy', 'costs', 'maintenance')),
  mapping          jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);

-- Bearer tokens for POST /api/ingest/occupancy; only a sha256 of the token is stored.
CREATE TABLE ingest_token (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id  uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  name             text NOT NULL,
  token_hash       text NOT NULL UNIQUE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  revoked_at       timestamptz
);
CREATE INDEX ingest_token_org ON ingest_token (organisation_id);

-- Data quality is data: per sensor, refreshed after every occupancy import of that sensor.
-- coverage = readings present ÷ intervals expected between the first and the last reading (0..1);
-- a gap is unknown, never zero. flags ⊆ {stuck, impossible, negative, low_coverage, stale}.
CREATE TABLE sensor_quality (
  sensor_id           uuid PRIMARY KEY REFERENCES sensor(id) ON DELETE CASCADE,
  organisation_id     uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  building_id         uuid NOT NULL REFERENCES building(id) ON DELETE CASCADE,
  interval_minutes    integer NOT NULL,
  readings            bigint NOT NULL,
  expected_intervals  bigint NOT NULL,
  coverage            double precision NOT NULL,
  first_reading_at    timestamptz,
  last_reading_at     timestamptz,
  negative_count      bigint NOT NULL DEFAULT 0,
  impossible_count    bigint NOT NULL DEFAULT 0,   -- count readings above 3 × the sensor's capacity
  stuck_hours         integer NOT NULL DEFAULT 0,  -- longest run of hours with one constant non-zero value
  flags               text[] NOT NULL DEFAULT '{}',
  refreshed_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sensor_quality_building ON sensor_quality (building_id);

-- Per building: the same figures over its sensors (coverage = mean of the sensors' coverage).
CREATE VIEW building_data_quality AS
SELECT q.building_id,
       q.organisation_id,
       count(*)::integer                       AS sensors,
       avg(q.coverage)                         AS coverage,
       max(q.last_reading_at)                  AS last_reading_at,
       sum(q.negative_count)::bigint           AS negative_count,
       sum(q.impossible_count)::bigint         AS impossible_count,
       count(*) FILTER (WHERE 'stuck' = ANY (q.flags))::integer AS stuck_sensors,
       ARRAY(SELECT DISTINCT f FROM sensor_quality q2, unnest(q2.flags) f
              WHERE q2.building_id = q.building_id ORDER BY f) AS flags
  FROM sensor_quality q
 GROUP BY q.building_id, q.organisation_id;

ALTER TABLE import_job
  ADD COLUMN dry_run       boolean NOT NULL DEFAULT false,
  ADD COLUMN rows_updated  integer NOT NULL DEFAULT 0,
  ADD COLUMN bytes_total   bigint,
  ADD COLUMN bytes_done    bigint NOT NULL DEFAULT 0,
  ADD COLUMN phase         text NOT NULL DEFAULT 'queued',   -- queued | reading | merging | quality | done
  ADD COLUMN summary       jsonb NOT NULL DEFAULT '{}'::jsonb;
