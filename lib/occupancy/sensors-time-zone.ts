// The time zone the rollups of some sensors are computed in: their organisation's `settings.timeZone`. A rollup
// call covers the sensors of one file, so of one organisation; sensors of several organisations are refused
// rather than rolled up in one zone that is wrong for some of them.
import type { ClientBase } from 'pg';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';

/** The organisation time zone of these sensors (the default when none of them is known). */
export async function sensorsTimeZone(db: Pick<ClientBase, 'query'>, sensorIds: readonly string[]): Promise<string> {
  const { rows } = await db.query<{ organisation_id: string }>(
    'SELECT DISTINCT organisation_id FROM sensor WHERE id = ANY($1::uuid[])',
    [[...sensorIds]],
  );
  if (rows.length === 0) return DEFAULT_TIME_ZONE;
  if (rows.length > 1) throw new Error(`rollups of sensors of ${rows.length} organisations in one call: one organisation (one time zone) at a time`);
  return (await loadOrganisationSettings(db, rows[0].organisation_id)).timeZone;
}
