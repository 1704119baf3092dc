-- The scores API and the building panel's scores (lib/scoring/query-scores.ts) find the organisation's latest
-- scored period by computed_at; without an index that was a scan and sort of every score row of the organisation
-- (~9 ms at 10,000 buildings) on every request. With it, one index probe.
CREATE INDEX building_score_org_computed ON building_score (organisation_id, computed_at DESC, period_to DESC);
