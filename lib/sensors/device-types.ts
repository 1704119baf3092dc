// An organisation's device types: which decoded field of a platform uplink holds the reading (a dotted path,
// lib/sensors/field-path.ts) and whether it is a people count or a 0/1 occupancy. Every mapped device has one.
import type { ClientBase, Pool } from 'pg';
import { z } from 'zod';
import { isFieldPath } from './field-path';

type Queryable = ClientBase | Pool;

export const DEVICE_VALUE_KINDS = ['count', 'presence'] as const;
export type DeviceValueKind = (typeof DEVICE_VALUE_KINDS)[number];

export const deviceTypeInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  fieldPath: z.string().trim().refine(isFieldPath),
  valueKind: z.enum(DEVICE_VALUE_KINDS),
});
export type DeviceTypeInput = z.infer<typeof deviceTypeInputSchema>;

export interface DeviceType extends DeviceTypeInput {
  id: string;
  /** How many mapped devices use it (a type in use cannot be deleted). */
  devices: number;
}

export type DeviceTypeError = 'duplicate_name' | 'not_found' | 'in_use';
export type DeviceTypeResult = { ok: true; id: string; before: DeviceTypeInput | null } | { ok: false; error: DeviceTypeError };

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';
const isForeignKeyViolation = (e: unknown) => (e as { code?: string }).code === '23503';

/** The organisation's device types by name, with how many devices use each. */
export async function listDeviceTypes(db: Queryable, organisationId: string): Promise<DeviceType[]> {
  const { rows } = await db.query<DeviceType>(
    `SELECT t.id, t.name, t.field_path AS "fieldPath", t.value_kind AS "valueKind",
            (SELECT count(*)::int FROM sensor_device d WHERE d.device_type_id = t.id) AS devices
       FROM device_type t WHERE t.organisation_id = $1 ORDER BY t.name, t.id`,
    [organisationId],
  );
  return rows;
}

/** Creates a device type; its name is unique in the organisation. */
export async function createDeviceType(db: Queryable, organisationId: string, input: DeviceTypeInput): Promise<DeviceTypeResult> {
  try {
    const { rows } = await db.query<{ id: string }>(
      'INSERT INTO device_type (organisation_id, name, field_path, value_kind) VALUES ($1, $2, $3, $4) RETURNING id',
      [organisationId, input.name, input.fieldPath, input.valueKind],
    );
    return { ok: true, id: rows[0].id, before: null };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'duplicate_name' };
    throw error;
  }
}

/** Changes a device type of the organisation; returns what it was (for the audit). */
export async function updateDeviceType(db: Queryable, organisationId: string, id: string, input: DeviceTypeInput): Promise<DeviceTypeResult> {
  try {
    const { rows } = await db.query<DeviceTypeInput>(
      `WITH old AS (SELECT id, name, field_path, value_kind FROM device_type WHERE id = $2 AND organisation_id = $1 FOR UPDATE)
       UPDATE device_type t SET name = $3, field_path = $4, value_kind = $5 FROM old WHERE t.id = old.id
       RETURNING old.name, old.field_path AS "fieldPath", old.value_kind AS "valueKind"`,
      [organisationId, id, input.name, input.fieldPath, input.valueKind],
    );
    return rows[0] ? { ok: true, id, before: rows[0] } : { ok: false, error: 'not_found' };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'duplicate_name' };
    throw error;
  }
}

/** Deletes a device type of the organisation that no device uses. */
export async function deleteDeviceType(db: Queryable, organisationId: string, id: string): Promise<DeviceTypeResult> {
  try {
    const { rows } = await db.query<DeviceTypeInput>(
      `DELETE FROM device_type WHERE id = $2 AND organisation_id = $1
       RETURNING name, field_path AS "fieldPath", value_kind AS "valueKind"`,
      [organisationId, id],
    );
    return rows[0] ? { ok: true, id, before: rows[0] } : { ok: false, error: 'not_found' };
  } catch (error) {
    if (isForeignKeyViolation(error)) return { ok: false, error: 'in_use' };
    throw error;
  }
}
