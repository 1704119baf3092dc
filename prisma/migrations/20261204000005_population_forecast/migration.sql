-- Future demand (issue 18, docs/demand.md): population forecasts per area, age and year, and a building's capacity in
-- places entered by hand.
--
-- forecast_area is an area as the forecast names it (a district, a school district, the municipality, or a planning
-- area imported as GeoJSON). Forecast areas rarely match the registry's districts by name, so the match is stored:
-- district_id is set by name/code on import, or by the mapping step for the ones that did not match.
CREATE TABLE forecast_area (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  name text NOT NULL,
  code text,
  kind text NOT NULL DEFAULT 'district' CHECK (kind IN ('district', 'municipality', 'planning_area')),
  district_id uuid REFERENCES district(id) ON DELETE SET NULL,
  geom geometry(MultiPolygon, 4326),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);
CREATE INDEX forecast_area_district ON forecast_area (district_id);
CREATE INDEX forecast_area_geom_gist ON forecast_area USING gist (geom);

-- One figure: persons of ages age_from..age_to (inclusive; equal for single years) in an area in a year, in one
-- variant. source 'own_estimate' marks Areal's own cohort projection (lib/demand/project-cohorts.ts), which every
-- view that uses it labels as such.
CREATE TABLE population_forecast (
  area_id uuid NOT NULL REFERENCES forecast_area(id) ON DELETE CASCADE,
  variant text NOT NULL DEFAULT 'main' CHECK (variant IN ('low', 'main', 'high')),
  year integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  age_from integer NOT NULL CHECK (age_from BETWEEN 0 AND 120),
  age_to integer NOT NULL CHECK (age_to BETWEEN age_from AND 120),
  persons double precision NOT NULL CHECK (persons >= 0),
  source text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'own_estimate')),
  import_job_id uuid REFERENCES import_job(id) ON DELETE SET NULL,
  PRIMARY KEY (area_id, variant, year, age_from, age_to)
);

-- Places for the building's service entered by hand; where null the registry's capacity is used, and where that is
-- missing too the places are estimated from m² by the category's norm and marked estimated (lib/demand/capacity-places.ts).
ALTER TABLE building ADD COLUMN capacity_places integer CHECK (capacity_places >= 0);
