// Sensor data coverage per building, for the facility staff who keep it up: on how many local days of the
// last 30 and 90 days at least one of the building's sensors reported, and when the last reading came in.
// Read from the daily rollup (refreshed in every import's transaction), so it follows an import at once.
import type { Pool } from 'pg';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';

export interface BuildingCoverage {
  buildingId: string;
  registryId: string;
  name: string;
  sensors: number;
  /** The sensors' own ids (as in the files staff upload), sorted. */
  sensorIds: string[];
  /** Days (the organisation's time zone) with at least one reading among the last 30 / 90 days, today included. */
  daysWithReadings30: number;
  daysWithReadings90: number;
  lastReadingAt: Date | null;
}

/** Coverage of the given buildings of one organisation, ordered by name; `now` fixes "today" (tests pass it). */
export async function buildingCoverage(pool: Pool, organisationId: string, buildingIds: readonly string[], now: Date = new Date()): Promise<BuildingCoverage[]> {
  if (buildingIds.length === 0) return [];
  const { timeZone } = await loadOrganisationSettings(pool, organisationId);
  const { rows } = await pool.query<{
    id: string; registry_id: string; name: string; sensors: number; sensor_ids: string[]; d30: number; d90: number; last_reading_at: Date | null;
  }>(
    `WITH today AS (SELECT ($3::timestamptz AT TIME ZONE $4::text)::date AS d)
     SELECT b.id, b.registry_id, b.name,
            (SELECT count(*)::int FROM sensor s WHERE s.building_id = b.id) AS sensors,
            (SELECT coalesce(array_agg(s.external_id ORDER BY s.external_id), '{}') FROM sensor s WHERE s.building_id = b.id) AS sensor_ids,
            (SELECT count(DISTINCT od.day)::int FROM occupancy_daily od JOIN sensor s ON s.id = od.sensor_id, today
              WHERE s.building_id = b.id AND od.day > today.d - 30 AND od.day <= today.d) AS d30,
            (SELECT count(DISTINCT od.day)::int FROM occupancy_daily od JOIN sensor s ON s.id = od.sensor_id, today
              WHERE s.building_id = b.id AND od.day > today.d - 90 AND od.day <= today.d) AS d90,
            (SELECT max(r.ts) FROM sensor s CROSS JOIN LATERAL
               (SELECT ts FROM occupancy_reading WHERE sensor_id = s.id ORDER BY ts DESC LIMIT 1) r
              WHERE s.building_id = b.id) AS last_reading_at
       FROM building b
      WHERE b.organisation_id = $1 AND b.id = ANY($2::uuid[])
      ORDER BY b.name, b.registry_id`,
    [organisationId, buildingIds, now, timeZone],
  );
  return rows.map((r) => ({
    buildingId: r.id, registryId: r.registry_id, name: r.name, sensors: r.sensors, sensorIds: r.sensor_ids,
    daysWithReadings30: r.d30, daysWithReadings90: r.d90, lastReadingAt: r.last_reading_at,
  }));
}
