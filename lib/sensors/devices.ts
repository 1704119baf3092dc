// Platform devices mapped to the organisation's sensors: a device EUI (unique per organisation) and its device
// type per sensor. The ingest API resolves an uplink's EUI through this mapping (lib/imports/platform-uplinks.ts).
import type { ClientBase, Pool } from 'pg';
import type { DeviceValueKind } from './device-types';
import { normaliseEui } from './eui';

type Queryable = ClientBase | Pool;

/** One sensor of the organisation as the sensors page lists it. */
export interface SensorRow {
  id: string;
  externalId: string;
  building: string;
  room: string | null;
  /** The room's capacity, else the building's (people). */
  capacity: number | null;
  lastReadingAt: Date | null;
  devEui: string | null;
  deviceTypeId: string | null;
}

/** The organisation's sensors by building, room and id, with their device mapping if any. */
export async function listSensors(db: Queryable, organisationId: string): Promise<SensorRow[]> {
  const { rows } = await db.query<SensorRow>(
    `SELECT s.id, s.external_id AS "externalId", b.name AS building, r.name AS room,
            COALESCE(r.capacity, b.capacity) AS capacity,
            -- The quality refresh keeps it after every import; a sensor it has not seen yet is looked up (PK index).
            COALESCE(q.last_reading_at, (SELECT max(o.ts) FROM occupancy_reading o WHERE o.sensor_id = s.id)) AS "lastReadingAt",
            d.dev_eui AS "devEui", d.device_type_id AS "deviceTypeId"
       FROM sensor s
       JOIN building b ON b.id = s.building_id
       LEFT JOIN room r ON r.id = s.room_id
       LEFT JOIN sensor_quality q ON q.sensor_id = s.id
       LEFT JOIN sensor_device d ON d.sensor_id = s.id
      WHERE s.organisation_id = $1
      ORDER BY b.name, r.name NULLS FIRST, s.external_id`,
    [organisationId],
  );
  return rows;
}

export type DeviceError = 'invalid_eui' | 'duplicate_eui' | 'unknown_sensor' | 'unknown_device_type';
/** A mapping as the audit records it: the sensor's id, the EUI, the device type (id and name). */
export interface DeviceMapping { sensor: string; devEui: string; deviceTypeId: string; deviceType: string }
export type DeviceResult = { ok: true; before: DeviceMapping | null; after: DeviceMapping | null } | { ok: false; error: DeviceError; sensor?: string };

/**
 * Maps a device EUI (any case, separators ignored) with a device type to a sensor of the organisation, replacing
 * its earlier mapping. An EUI already mapped to another of the organisation's sensors is refused (`duplicate_eui`,
 * naming that sensor); the sensor and the device type must be the organisation's own.
 */
export async function setSensorDevice(db: Queryable, organisationId: string, sensorId: string, euiText: string, deviceTypeId: string): Promise<DeviceResult> {
  const devEui = normaliseEui(euiText);
  if (!devEui) return { ok: false, error: 'invalid_eui' };
  const { rows: [found] } = await db.query<{ sensor: string | null; type: string | null; taken_by: string | null; before_eui: string | null; before_type: string | null; before_type_name: string | null }>(
    `SELECT (SELECT external_id FROM sensor WHERE id = $2 AND organisation_id = $1) AS sensor,
            (SELECT name FROM device_type WHERE id = $4 AND organisation_id = $1) AS type,
            (SELECT s.external_id FROM sensor_device d JOIN sensor s ON s.id = d.sensor_id
              WHERE d.organisation_id = $1 AND d.dev_eui = $3 AND d.sensor_id <> $2) AS taken_by,
            d.dev_eui AS before_eui, d.device_type_id::text AS before_type, t.name AS before_type_name
       FROM (SELECT 1) one
       LEFT JOIN sensor_device d ON d.sensor_id = $2 AND d.organisation_id = $1
       LEFT JOIN device_type t ON t.id = d.device_type_id`,
    [organisationId, sensorId, devEui, deviceTypeId],
  );
  if (found.sensor === null) return { ok: false, error: 'unknown_sensor' };
  if (found.type === null) return { ok: false, error: 'unknown_device_type' };
  if (found.taken_by !== null) return { ok: false, error: 'duplicate_eui', sensor: found.taken_by };
  try {
    await db.query(
      `INSERT INTO sensor_device (sensor_id, organisation_id, dev_eui, device_type_id) VALUES ($2, $1, $3, $4)
       ON CONFLICT (sensor_id) DO UPDATE SET dev_eui = EXCLUDED.dev_eui, device_type_id = EXCLUDED.device_type_id, updated_at = now()`,
      [organisationId, sensorId, devEui, deviceTypeId],
    );
  } catch (error) {
    // Mapped by someone else between the check and the write: the unique constraint still says no.
    if ((error as { code?: string }).code === '23505') return { ok: false, error: 'duplicate_eui' };
    throw error;
  }
  const before = found.before_eui && found.before_type ? { sensor: found.sensor, devEui: found.before_eui, deviceTypeId: found.before_type, deviceType: found.before_type_name ?? '' } : null;
  return { ok: true, before, after: { sensor: found.sensor, devEui, deviceTypeId, deviceType: found.type } };
}

/** Removes a sensor's device mapping; returns what it was (null when it had none or is not the organisation's). */
export async function removeSensorDevice(db: Queryable, organisationId: string, sensorId: string): Promise<DeviceMapping | null> {
  const { rows } = await db.query<DeviceMapping>(
    `DELETE FROM sensor_device d USING sensor s, device_type t
      WHERE d.sensor_id = $2 AND d.organisation_id = $1 AND s.id = d.sensor_id AND t.id = d.device_type_id
      RETURNING s.external_id AS sensor, d.dev_eui AS "devEui", d.device_type_id::text AS "deviceTypeId", t.name AS "deviceType"`,
    [organisationId, sensorId],
  );
  return rows[0] ?? null;
}

/** How an uplink's EUI resolves: the mapped sensor and its device type, or (fallback) a sensor whose id is the EUI. */
export type ResolvedDevice =
  | { via: 'mapping'; sensor: string; fieldPath: string; valueKind: DeviceValueKind; deviceType: string }
  | { via: 'sensor_id'; sensor: string };

/** The devices of the organisation for these normalised EUIs; an EUI that resolves to nothing is absent. */
export async function resolveDevices(db: Queryable, organisationId: string, euis: readonly string[]): Promise<Map<string, ResolvedDevice>> {
  const unique = [...new Set(euis)];
  const { rows } = await db.query<{ eui: string; sensor: string; field_path: string | null; value_kind: DeviceValueKind | null; device_type: string | null }>(
    `SELECT e.eui, COALESCE(ms.external_id, fs.external_id) AS sensor, t.field_path, t.value_kind, t.name AS device_type
       FROM unnest($2::text[]) AS e(eui)
       LEFT JOIN sensor_device d ON d.organisation_id = $1 AND d.dev_eui = e.eui
       LEFT JOIN sensor ms ON ms.id = d.sensor_id
       LEFT JOIN device_type t ON t.id = d.device_type_id
       LEFT JOIN sensor fs ON d.sensor_id IS NULL AND fs.organisation_id = $1 AND fs.external_id = e.eui
      WHERE COALESCE(ms.external_id, fs.external_id) IS NOT NULL`,
    [organisationId, unique],
  );
  return new Map(rows.map((r) => [
    r.eui,
    r.field_path && r.value_kind && r.device_type
      ? { via: 'mapping', sensor: r.sensor, fieldPath: r.field_path, valueKind: r.value_kind, deviceType: r.device_type }
      : { via: 'sensor_id', sensor: r.sensor },
  ]));
}
