-- Scoring: a per-sensor-day usage rollup shaped for the KPIs, stored scores per building and period, and
-- per-user score weights. Formulas: docs/scoring.md. Maintained by lib/occupancy/rollups.ts.

-- Per sensor and Copenhagen day, the additive usage figures of lib/scoring/sensor-usage.ts (SensorUsage):
-- hours split into opening hours and after hours (by the building's opening hours, Danish public holidays and
-- its closure days), ratio = people ÷ capacity (count) or occupied fraction (presence), and a 32-bin histogram of
-- the opening-hour ratios (bin 0 = exactly 0, bin k = ((k−1)·5 %, k·5 %], bin 31 = above 150 %) for the P95 peak.
CREATE TABLE occupancy_daily_usage (
  sensor_id          uuid NOT NULL REFERENCES sensor(id) ON DELETE CASCADE,
  day                date NOT NULL,
  open_known         integer NOT NULL,
  open_used          integer NOT NULL,
  open_ratio_known   integer NOT NULL,
  open_ratio_sum     double precision NOT NULL,
  open_hist          integer[] NOT NULL,
  after_known        integer NOT NULL,
  after_used         integer NOT NULL,
  after_ratio_known  integer NOT NULL,
  after_ratio_sum    double precision NOT NULL,
  newest_hour        timestamptz NOT NULL,
  PRIMARY KEY (sensor_id, day)
);

-- One row per building and scoring period; the map, tiles and scenarios read these instead of recomputing.
CREATE TABLE building_score (
  building_id        uuid NOT NULL REFERENCES building(id) ON DELETE CASCADE,
  organisation_id    uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  period_from        date NOT NULL,
  period_to          date NOT NULL,
  category           text NOT NULL,
  kpis               jsonb NOT NULL,
  utilisation_score  double precision,
  cost_score         double precision,
  condition_score    double precision,
  combined_score     double precision,       -- with the organisation's default weights
  confidence         double precision NOT NULL,
  explanation        jsonb NOT NULL,
  computed_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (building_id, period_from, period_to)
);
CREATE INDEX building_score_org_period ON building_score (organisation_id, period_to, period_from, category);

-- A user's own score weights per organisation ({"utilisation":0.5,"cost":0.3,"condition":0.2}).
CREATE TABLE user_score_weights (
  user_id          uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  organisation_id  uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  weights          jsonb NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, organisation_id)
);
