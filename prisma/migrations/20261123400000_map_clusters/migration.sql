-- The map's data version and its pre-aggregated low-zoom clusters (lib/map).
--
-- map_data_change: an append-only log, one row per statement that changes what the map draws (buildings,
-- their scores, districts, the organisation's boundary), written by statement-level triggers. The version of
-- an organisation's map data is (max id, row count) of its rows: a late commit with a lower id still changes
-- the count, and pruning appends a fresh row, so a version never repeats. Append-only, so concurrent writers
-- never wait on each other (a single counter row would hold a row lock until commit and could deadlock
-- imports against scoring). Tile ETags and the cluster cache are keyed by this version.
CREATE TABLE map_data_change (
  id              bigserial PRIMARY KEY,
  organisation_id uuid NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX map_data_change_org ON map_data_change (organisation_id, id);

-- Grid clusters for zoom 0–10: one row per cell of a 64 × 64 grid per tile (cell = tile width / 64 in
-- EPSG:3857, cx/cy counted from the west/north edge of the world, so tile x = cx / 64, tile y = cy / 64).
-- Rebuilt from building + building_score when the version changes; a low-zoom tile then reads ≤ 4,096 rows
-- instead of aggregating tens of thousands of buildings per request.
CREATE TABLE map_cluster (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  zoom            smallint NOT NULL,
  cx              integer NOT NULL,
  cy              integer NOT NULL,
  x               double precision NOT NULL, -- mean position of the cell's buildings, EPSG:3857
  y               double precision NOT NULL,
  n               integer NOT NULL,
  building_id     uuid,                      -- when the cell holds one building
  name            text,                      -- ditto
  category        text NOT NULL,             -- the one category, or 'mixed'
  counts          jsonb NOT NULL,            -- buildings per category: {"n_daycare": 3, …}
  util            real,                      -- mean scores (0–100) of the buildings that have one
  cost            real,
  cond            real,
  combined        real,
  conf            real NOT NULL,             -- mean data confidence 0–100 (unscored = 0)
  PRIMARY KEY (organisation_id, zoom, cx, cy)
);

CREATE TABLE map_cluster_state (
  organisation_id uuid PRIMARY KEY REFERENCES organisation (id) ON DELETE CASCADE,
  version         text NOT NULL,
  built_at        timestamptz NOT NULL DEFAULT now(),
  build_ms        integer NOT NULL
);

-- search_path is pinned at creation, so the trigger writes into the schema it was migrated into.
CREATE FUNCTION map_data_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_TABLE_NAME = 'organisation' THEN
    IF TG_OP = 'DELETE' THEN RETURN NULL; END IF;
    INSERT INTO map_data_change (organisation_id) SELECT DISTINCT id FROM changed_rows;
  ELSE
    INSERT INTO map_data_change (organisation_id) SELECT DISTINCT organisation_id FROM changed_rows;
  END IF;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three per table.
CREATE TRIGGER building_map_ins AFTER INSERT ON building REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER building_map_upd AFTER UPDATE ON building REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER building_map_del AFTER DELETE ON building REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER building_score_map_ins AFTER INSERT ON building_score REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER building_score_map_upd AFTER UPDATE ON building_score REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER building_score_map_del AFTER DELETE ON building_score REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER district_map_ins AFTER INSERT ON district REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER district_map_upd AFTER UPDATE ON district REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER district_map_del AFTER DELETE ON district REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER organisation_map_upd AFTER UPDATE ON organisation REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
