-- Cost records and maintenance plans change the scenario portfolio (lib/scenarios/load-portfolio.ts: operating cost
-- of unscored buildings, backlog), so they now also append to the organisation's data-version log (map_data_change,
-- migration 20261123400000). The in-process portfolio cache is keyed by that version; the map sees one extra version
-- step per such statement (a tile refetch, never a stale tile). Statement-level with transition tables, like the
-- map triggers: one row per organisation per statement, whatever the batch size. Rows deleted by a building's
-- cascade find no building any more; the building's own delete trigger logs that change.
CREATE FUNCTION portfolio_data_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO map_data_change (organisation_id)
  SELECT DISTINCT b.organisation_id FROM changed_rows r JOIN building b ON b.id = r.building_id;
  RETURN NULL;
END $$;

CREATE TRIGGER cost_record_data_ins AFTER INSERT ON cost_record REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_data_changed();
CREATE TRIGGER cost_record_data_upd AFTER UPDATE ON cost_record REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_data_changed();
CREATE TRIGGER cost_record_data_del AFTER DELETE ON cost_record REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_data_changed();
CREATE TRIGGER maintenance_item_data_ins AFTER INSERT ON maintenance_item REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_data_changed();
CREATE TRIGGER maintenance_item_data_upd AFTER UPDATE ON maintenance_item REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_data_changed();
CREATE TRIGGER maintenance_item_data_del AFTER DELETE ON maintenance_item REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_data_changed();
