-- Areal initial schema. Kept in step with prisma/schema.prisma (tests/integration/prisma-roundtrip.test.ts).
-- PostGIS lives in the "public" schema; tables are created in the current search_path's first schema,
-- so the same file can build an isolated schema per test file.

CREATE TABLE organisation (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug          text NOT NULL UNIQUE,
  name          text NOT NULL,
  kommunekode   text,
  is_demo       boolean NOT NULL DEFAULT false,
  -- Norms, score weights and scenario defaults (see lib/organisations/settings.ts).
  settings      jsonb NOT NULL DEFAULT '{}'::jsonb,
  boundary      geometry(MultiPolygon, 4326),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisation_boundary_gist ON organisation USING gist (boundary);

CREATE TABLE district (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id  uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  name             text NOT NULL,
  geom             geometry(MultiPolygon, 4326),
  UNIQUE (organisation_id, name)
);
CREATE INDEX district_geom_gist ON district USING gist (geom);

CREATE TABLE property (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id  uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  external_id      text,
  name             text NOT NULL,
  address          text,
  district_id      uuid REFERENCES district(id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, external_id)
);

CREATE TABLE building (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id        uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  property_id            uuid REFERENCES property(id) ON DELETE SET NULL,
  district_id            uuid REFERENCES district(id) ON DELETE SET NULL,
  registry_id            text NOT NULL,          -- BBR id_lokalId or the municipality's own key
  name                   text NOT NULL,
  address                text,
  use_code               integer,                -- BBR byg021BygningensAnvendelse
  category               text NOT NULL DEFAULT 'Andet',
  gross_area_m2          double precision,       -- byg038SamletBygningsareal
  footprint_area_m2      double precision,       -- byg041BebyggetAreal
  floors                 integer,
  year_built             integer,
  capacity               integer,                -- places / seats / workstations
  users_total            integer,
  users_by_kind          jsonb NOT NULL DEFAULT '{}'::jsonb,  -- {"children": 60, "employees": 14}
  opening_hours          jsonb NOT NULL DEFAULT '{}'::jsonb,  -- {"days":[1,2,3,4,5],"open":7,"close":17}
  tenure                 text NOT NULL DEFAULT 'owned' CHECK (tenure IN ('owned', 'leased')),
  annual_lease_dkk       double precision,
  replacement_value_dkk  double precision,
  energy_kwh_per_year    double precision,
  point                  geometry(Point, 4326),
  footprint              geometry(MultiPolygon, 4326),
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, registry_id)
);
CREATE INDEX building_point_gist ON building USING gist (point);
CREATE INDEX building_footprint_gist ON building USING gist (footprint);
CREATE INDEX building_org_category ON building (organisation_id, category);

CREATE TABLE room (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  building_id  uuid NOT NULL REFERENCES building(id) ON DELETE CASCADE,
  name         text NOT NULL,
  capacity     integer,
  area_m2      double precision,
  UNIQUE (building_id, name)
);

CREATE TABLE sensor (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id   uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  building_id       uuid NOT NULL REFERENCES building(id) ON DELETE CASCADE,
  room_id           uuid REFERENCES room(id) ON DELETE SET NULL,
  external_id       text NOT NULL,              -- the id the sensor portal exports
  kind              text NOT NULL CHECK (kind IN ('count', 'presence')),
  interval_minutes  integer NOT NULL DEFAULT 60,
  covered_area_m2   double precision,           -- area the sensor sees; null = whole room/building
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, external_id)
);
CREATE INDEX sensor_building ON sensor (building_id);

-- The big table: monthly range partitions on time, created ahead by ensure_reading_partitions().
-- value: people present (count sensors) or share of the interval occupied, 0..1 (presence sensors).
CREATE TABLE occupancy_reading (
  sensor_id  uuid NOT NULL,
  ts         timestamptz NOT NULL,
  value      real NOT NULL,
  PRIMARY KEY (sensor_id, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE occupancy_reading_default PARTITION OF occupancy_reading DEFAULT;
CREATE INDEX occupancy_reading_ts_brin ON occupancy_reading USING brin (ts);

-- Creates monthly partitions of occupancy_reading covering [from_month, to_month] (idempotent).
CREATE OR REPLACE FUNCTION ensure_reading_partitions(from_ts timestamptz, to_ts timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', from_ts AT TIME ZONE 'UTC')::date;
  stop date := date_trunc('month', to_ts AT TIME ZONE 'UTC')::date;
  part text;
  created integer := 0;
  nsp text := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.oid = 'occupancy_reading'::regclass);
BEGIN
  WHILE m <= stop LOOP
    part := format('occupancy_reading_%s', to_char(m, 'YYYY_MM'));
    IF to_regclass(format('%I.%I', nsp, part)) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I.%I PARTITION OF %I.occupancy_reading FOR VALUES FROM (%L) TO (%L)',
        nsp, part, nsp, (m::timestamp AT TIME ZONE 'UTC'), ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
      created := created + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN created;
END $$;

-- Hourly rollup per sensor, maintained incrementally after each import.
CREATE TABLE occupancy_hourly (
  sensor_id   uuid NOT NULL REFERENCES sensor(id) ON DELETE CASCADE,
  hour        timestamptz NOT NULL,
  avg_value   real NOT NULL,
  max_value   real NOT NULL,
  n_readings  integer NOT NULL,
  PRIMARY KEY (sensor_id, hour)
);
CREATE INDEX occupancy_hourly_hour_brin ON occupancy_hourly USING brin (hour);

CREATE TABLE cost_record (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  building_id  uuid NOT NULL REFERENCES building(id) ON DELETE CASCADE,
  year         integer NOT NULL,
  -- cleaning | energy | maintenance | rent | caretaking | other
  type         text NOT NULL,
  amount_dkk   double precision NOT NULL,
  UNIQUE (building_id, year, type)
);

CREATE TABLE maintenance_item (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  building_id      uuid NOT NULL REFERENCES building(id) ON DELETE CASCADE,
  component        text NOT NULL,
  condition_grade  integer NOT NULL CHECK (condition_grade BETWEEN 1 AND 4),
  cost_dkk         double precision NOT NULL,
  due_year         integer NOT NULL,
  done             boolean NOT NULL DEFAULT false,
  UNIQUE (building_id, component, due_year)
);

CREATE TABLE app_user (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email          text NOT NULL UNIQUE,
  name           text NOT NULL,
  password_hash  text,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- Roles are per organisation: admin | property_manager | facility_staff | viewer.
CREATE TABLE membership (
  user_id          uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  organisation_id  uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  role             text NOT NULL CHECK (role IN ('admin', 'property_manager', 'facility_staff', 'viewer')),
  PRIMARY KEY (user_id, organisation_id)
);

-- Which buildings a facility-staff user may upload for.
CREATE TABLE building_assignment (
  user_id      uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  building_id  uuid NOT NULL REFERENCES building(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, building_id)
);

CREATE TABLE scenario (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id    uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  name               text NOT NULL,
  description        text,
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'proposed', 'approved', 'rejected')),
  params             jsonb NOT NULL DEFAULT '{}'::jsonb,   -- every assumption, editable
  result             jsonb,                                -- last simulated outcome
  created_by         uuid REFERENCES app_user(id) ON DELETE SET NULL,
  status_changed_by  uuid REFERENCES app_user(id) ON DELETE SET NULL,
  status_changed_at  timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scenario_action (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  scenario_id  uuid NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,
  building_id  uuid NOT NULL REFERENCES building(id) ON DELETE CASCADE,
  action       text NOT NULL CHECK (action IN ('close', 'let_out', 'merge', 'share')),
  -- merge/share: [{"buildingId": "...", "share": 0.6}]
  receivers    jsonb NOT NULL DEFAULT '[]'::jsonb,
  params       jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (scenario_id, building_id)
);

CREATE TABLE import_job (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id  uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  user_id          uuid REFERENCES app_user(id) ON DELETE SET NULL,
  kind             text NOT NULL,     -- registry | footprints | occupancy | costs | maintenance
  source           text NOT NULL DEFAULT 'cli',   -- web | cli | api | seed
  file_name        text,
  checksum         text,              -- sha256 of the bytes received
  rows_total       integer NOT NULL DEFAULT 0,
  rows_accepted    integer NOT NULL DEFAULT 0,
  rows_duplicate   integer NOT NULL DEFAULT 0,
  rows_rejected    integer NOT NULL DEFAULT 0,
  status           text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'rejected', 'failed')),
  errors           jsonb NOT NULL DEFAULT '[]'::jsonb,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX import_job_org_started ON import_job (organisation_id, started_at DESC);

CREATE TABLE audit_log (
  id               bigserial PRIMARY KEY,
  organisation_id  uuid REFERENCES organisation(id) ON DELETE CASCADE,
  user_id          uuid REFERENCES app_user(id) ON DELETE SET NULL,
  action           text NOT NULL,
  entity           text NOT NULL,
  entity_id        text,
  before           jsonb,
  after            jsonb,
  at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_org_at ON audit_log (organisation_id, at DESC);
