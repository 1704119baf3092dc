-- "The latest scored period" is now the one that ends last (lib/scoring/scored-period.ts), found by a backward scan of
-- building_score_org_period (organisation_id, period_to, period_from, …). Nothing orders by computed_at any more, so
-- its index only cost writes.
DROP INDEX IF EXISTS building_score_org_computed;
