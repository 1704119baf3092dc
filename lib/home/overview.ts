import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { visibleScenarioStatuses, type Role } from '@/lib/auth/roles';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';

// What the home page shows besides the portfolio totals: facility staff see their assigned buildings and whether
// data is arriving; viewers (politicians) see the scenarios put forward to them. Every query is scoped to the
// organisation, and to the caller's buildings / visible statuses.

/** Coverage is measured over this many days up to today (the organisation's local day). */
export const COVERAGE_DAYS = 30;

export interface AssignedBuilding {
  id: string;
  name: string;
  address: string | null;
  category: string;
  sensors: number;
  /** Newest occupancy reading of any of the building's sensors. */
  lastReadingAt: Date | null;
  /** Share of sensor-hours in the last COVERAGE_DAYS days (to today) with data, 0..1; null without sensors. */
  coverage: number | null;
}

/** The given buildings of the organisation (facility staff: their assignments) with sensors, last reading, coverage. */
export async function assignedBuildingsOverview(pool: Pool, organisationId: string, buildingIds: readonly string[], now: Date = new Date()): Promise<AssignedBuilding[]> {
  if (buildingIds.length === 0) return [];
  const { timeZone } = await loadOrganisationSettings(pool, organisationId);
  const today = DateTime.fromJSDate(now, { zone: timeZone }).toISODate();
  const { rows } = await pool.query<{ id: string; name: string; address: string | null; category: string; sensors: number; last_reading_at: Date | null; hours: number | null }>(
    `SELECT b.id, b.name, b.address, b.category,
            (SELECT count(*)::int FROM sensor s WHERE s.building_id = b.id) AS sensors,
            (SELECT max(l.ts) FROM sensor s
               CROSS JOIN LATERAL (SELECT max(o.ts) AS ts FROM occupancy_reading o WHERE o.sensor_id = s.id) l
              WHERE s.building_id = b.id) AS last_reading_at,
            (SELECT sum(d.hours_with_data)::float8 FROM sensor s JOIN occupancy_daily d ON d.sensor_id = s.id
              WHERE s.building_id = b.id AND d.day > $3::date - $4::int AND d.day <= $3::date) AS hours
       FROM building b
      WHERE b.organisation_id = $1 AND b.id = ANY($2::uuid[])
      ORDER BY b.name, b.id`,
    [organisationId, buildingIds, today, COVERAGE_DAYS],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    address: r.address,
    category: r.category,
    sensors: r.sensors,
    lastReadingAt: r.last_reading_at,
    coverage: r.sensors > 0 ? Math.min(1, (r.hours ?? 0) / (r.sensors * COVERAGE_DAYS * 24)) : null,
  }));
}

export interface ScenarioSummary {
  id: string;
  name: string;
  status: string;
  statusChangedAt: Date | null;
  areaRemovedM2: number | null;
  annualSavingsDkk: number | null;
}

/** Scenarios the role may see, proposed ones first (awaiting a decision), then approved, newest first; at most `limit`. */
export async function scenariosForHome(pool: Pool, organisationId: string, role: Role, limit = 10): Promise<ScenarioSummary[]> {
  const visible = visibleScenarioStatuses(role);
  const { rows } = await pool.query<{ id: string; name: string; status: string; status_changed_at: Date | null; area: number | null; savings: number | null }>(
    `SELECT id, name, status, status_changed_at,
            (result->>'areaRemovedM2')::float8 AS area, (result->>'annualSavingsDkk')::float8 AS savings
       FROM scenario
      WHERE organisation_id = $1 AND ($2::text[] IS NULL OR status = ANY($2::text[]))
      ORDER BY CASE status WHEN 'proposed' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END,
               COALESCE(status_changed_at, updated_at) DESC, id
      LIMIT $3`,
    [organisationId, visible === 'all' ? null : visible, limit],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, status: r.status, statusChangedAt: r.status_changed_at, areaRemovedM2: r.area, annualSavingsDkk: r.savings }));
}
