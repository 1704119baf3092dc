-- Forecast areas and figures feed the demand inputs (lib/demand/load-demand-inputs.ts), which are now kept in the
-- server process keyed by the organisation's data version (lib/demand/cached-demand-inputs.ts), like the scenario
-- portfolio and the score pages. So a forecast import, an own estimate, a hand mapping or a planning-area import
-- appends to the organisation's data-version log (map_data_change) too, and every instance sees a new version at
-- once. The other demand inputs are covered already: settings (organisation), places (building), districts.
-- Statement-level with transition tables, like the other data-version triggers.
CREATE TRIGGER forecast_area_data_ins AFTER INSERT ON forecast_area REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER forecast_area_data_upd AFTER UPDATE ON forecast_area REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();
CREATE TRIGGER forecast_area_data_del AFTER DELETE ON forecast_area REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION map_data_changed();

-- Figures deleted by their area's cascade find no area any more; the area's own delete trigger logs that change.
CREATE FUNCTION forecast_data_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO map_data_change (organisation_id)
  SELECT DISTINCT fa.organisation_id FROM changed_rows r JOIN forecast_area fa ON fa.id = r.area_id;
  RETURN NULL;
END $$;

CREATE TRIGGER population_forecast_data_ins AFTER INSERT ON population_forecast REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION forecast_data_changed();
CREATE TRIGGER population_forecast_data_upd AFTER UPDATE ON population_forecast REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION forecast_data_changed();
CREATE TRIGGER population_forecast_data_del AFTER DELETE ON population_forecast REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION forecast_data_changed();
