'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { requireActionAuth } from '@/lib/auth/current';
import { SENSOR_MANAGERS } from '@/lib/auth/roles';
import { getPool, withTransaction } from '@/lib/db/pool';
import { createDeviceType, deleteDeviceType, deviceTypeInputSchema, updateDeviceType } from '@/lib/sensors/device-types';
import { removeSensorDevice, setSensorDevice } from '@/lib/sensors/devices';

// The sensors page (administrators and property managers): device EUI → sensor mappings and device types. Every
// change is audited in the same transaction; the outcome comes back in the page's URL (works without JavaScript).

const uuid = z.string().uuid();

function done(result: string, extra: Record<string, string> = {}): never {
  revalidatePath('/admin/sensors');
  redirect(`/admin/sensors?${new URLSearchParams({ result, ...extra })}`);
}

/** Maps a device EUI with a device type to a sensor (or changes its mapping). */
export async function setSensorDeviceAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(SENSOR_MANAGERS);
  const sensorId = uuid.safeParse(form.get('sensorId'));
  const deviceTypeId = uuid.safeParse(form.get('deviceTypeId'));
  const eui = z.string().max(100).safeParse(form.get('devEui'));
  if (!sensorId.success || !eui.success) done('invalid');
  if (!deviceTypeId.success) done('unknown_device_type');
  const organisationId = auth.organisation.id;
  const r = await withTransaction(getPool(), async (client) => {
    const result = await setSensorDevice(client, organisationId, sensorId.data, eui.data, deviceTypeId.data);
    if (result.ok && JSON.stringify(result.before) !== JSON.stringify(result.after)) {
      await recordAudit(client, { organisationId, userId: auth.user.id, action: 'sensor_device.set', entity: 'sensor', entityId: sensorId.data, before: result.before, after: result.after });
    }
    return result;
  });
  if (!r.ok) done(r.error, r.sensor ? { sensor: r.sensor, eui: eui.data.slice(0, 40) } : { eui: eui.data.slice(0, 40) });
  done('mapped');
}

/** Removes a sensor's device mapping. */
export async function removeSensorDeviceAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(SENSOR_MANAGERS);
  const sensorId = uuid.safeParse(form.get('sensorId'));
  if (!sensorId.success) done('invalid');
  const organisationId = auth.organisation.id;
  await withTransaction(getPool(), async (client) => {
    const before = await removeSensorDevice(client, organisationId, sensorId.data);
    if (before) await recordAudit(client, { organisationId, userId: auth.user.id, action: 'sensor_device.remove', entity: 'sensor', entityId: sensorId.data, before, after: null });
  });
  done('unmapped');
}

/** Creates a device type: a name, the dotted field path of its reading, count or 0/1 occupancy. */
export async function createDeviceTypeAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(SENSOR_MANAGERS);
  const input = deviceTypeInputSchema.safeParse(Object.fromEntries(form));
  if (!input.success) done('invalid_type');
  const organisationId = auth.organisation.id;
  const r = await withTransaction(getPool(), async (client) => {
    const result = await createDeviceType(client, organisationId, input.data);
    if (result.ok) await recordAudit(client, { organisationId, userId: auth.user.id, action: 'device_type.create', entity: 'device_type', entityId: result.id, after: input.data });
    return result;
  });
  if (!r.ok) done(r.error);
  done('type_created');
}

/** Changes a device type's name, field path or kind. */
export async function updateDeviceTypeAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(SENSOR_MANAGERS);
  const id = uuid.safeParse(form.get('deviceTypeId'));
  const input = deviceTypeInputSchema.safeParse(Object.fromEntries(form));
  if (!id.success || !input.success) done('invalid_type');
  const organisationId = auth.organisation.id;
  const r = await withTransaction(getPool(), async (client) => {
    const result = await updateDeviceType(client, organisationId, id.data, input.data);
    if (result.ok && JSON.stringify(result.before) !== JSON.stringify(input.data)) {
      await recordAudit(client, { organisationId, userId: auth.user.id, action: 'device_type.update', entity: 'device_type', entityId: id.data, before: result.before, after: input.data });
    }
    return result;
  });
  if (!r.ok) done(r.error);
  done('type_saved');
}

/** Deletes a device type that no device uses. */
export async function deleteDeviceTypeAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(SENSOR_MANAGERS);
  const id = uuid.safeParse(form.get('deviceTypeId'));
  if (!id.success) done('invalid_type');
  const organisationId = auth.organisation.id;
  const r = await withTransaction(getPool(), async (client) => {
    const result = await deleteDeviceType(client, organisationId, id.data);
    if (result.ok) await recordAudit(client, { organisationId, userId: auth.user.id, action: 'device_type.delete', entity: 'device_type', entityId: id.data, before: result.before, after: null });
    return result;
  });
  if (!r.ok) done(r.error);
  done('type_deleted');
}
