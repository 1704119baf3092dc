// The sensors page's changes, through its server actions against a real PostGIS: device types and EUI → sensor
// mappings created, changed and removed, EUIs normalised, duplicates and bad EUIs refused with a clear result,
// another organisation's administrator unable to touch anything, and every change in the audit log.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runWithRequestContext } from '@/lib/api/request-context';
import { listDeviceTypes } from '@/lib/sensors/device-types';
import { listSensors, resolveDevices } from '@/lib/sensors/devices';
import { normaliseEui } from '@/lib/sensors/eui';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

type ActionName = 'setSensorDeviceAction' | 'removeSensorDeviceAction' | 'createDeviceTypeAction' | 'updateDeviceTypeAction' | 'deleteDeviceTypeAction';

describe('the sensors page: device types and EUI → sensor mappings', () => {
  let db: RouteTestDb;
  let a: OrgFixture;
  let b: OrgFixture;
  let manager: string;
  let otherAdmin: string;
  const sensors: Record<string, string> = {};
  let mod: Record<ActionName, (form: FormData) => Promise<void>>;

  /** Runs an action as a signed-in user; returns the `?…` of the page it redirects to. */
  async function act(cookie: string, name: ActionName, fields: Record<string, string>): Promise<URLSearchParams> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const thrown = await runWithRequestContext({ requestId: 'test', headers: new Headers({ cookie }) }, () => mod[name](form)).then(() => null, (e: unknown) => e);
    const target = String((thrown as { digest?: string } | null)?.digest ?? thrown);
    const m = /\/admin\/sensors\?([^;]*)/.exec(target);
    if (!m) throw new Error(`no redirect to the sensors page: ${target}`);
    return new URLSearchParams(m[1]);
  }
  const result = async (...args: Parameters<typeof act>) => (await act(...args)).get('result');
  const audit = async (organisationId: string) =>
    (await db.pool.query<{ action: string; entity: string; before: unknown; after: unknown; user_id: string }>(
      "SELECT action, entity, before, after, user_id FROM audit_log WHERE organisation_id = $1 AND (action LIKE 'sensor_device.%' OR action LIKE 'device_type.%') ORDER BY id",
      [organisationId],
    )).rows;
  const typeId = async (organisationId: string, name: string) => (await listDeviceTypes(db.pool, organisationId)).find((t) => t.name === name)!.id;

  beforeAll(async () => {
    db = await createRouteTestDb();
    globalThis.arealPool = db.pool;
    a = await createOrgFixture(db.pool, 'sensors-a');
    b = await createOrgFixture(db.pool, 'sensors-b');
    for (const [org, ext] of [[a, 'A-1'], [a, 'A-2'], [b, 'B-1']] as const) {
      const { rows } = await db.pool.query<{ id: string }>("INSERT INTO sensor (organisation_id, building_id, external_id, kind) VALUES ($1, $2, $3, 'count') RETURNING id", [org.id, org.buildings[0], ext]);
      sensors[ext] = rows[0].id;
    }
    manager = await fixtureCookie(db.auth, a.users.property_manager.email, '192.0.2.31');
    otherAdmin = await fixtureCookie(db.auth, b.users.admin.email, '192.0.2.32');
    mod = (await import(/* @vite-ignore */ path.join(process.cwd(), 'app/admin/sensors/actions.ts'))) as typeof mod;
  }, 120_000);
  afterAll(async () => {
    globalThis.arealPool = undefined;
    await db?.drop();
  });

  it('normalises an EUI: 16 hex digits, case and separators ignored; anything else is no EUI', () => {
    for (const text of ['A8-17-58-FF-FE-05-28-5C', 'a8:17:58:ff:fe:05:28:5c', ' a817 58ff fe05 285c ', '0xA81758FFFE05285C', 'a81758fffe05285c']) {
      expect(normaliseEui(text), text).toBe('a81758fffe05285c');
    }
    for (const text of ['a81758fffe05285', 'a81758fffe05285c0', 'g81758fffe05285c', 'a81758fffe05285c;', '']) expect(normaliseEui(text), text).toBeNull();
  });

  it('creates, changes and refuses device types (name unique per organisation, a dotted field path)', async () => {
    expect(await result(manager, 'createDeviceTypeAction', { name: 'ERS Eye', fieldPath: 'object.people_count', valueKind: 'count' })).toBe('type_created');
    expect(await result(manager, 'createDeviceTypeAction', { name: 'PIR', fieldPath: 'decoded_payload.occupancy', valueKind: 'presence' })).toBe('type_created');
    expect(await result(manager, 'createDeviceTypeAction', { name: 'ERS Eye', fieldPath: 'count', valueKind: 'count' })).toBe('duplicate_name');
    expect(await result(manager, 'createDeviceTypeAction', { name: 'Bad', fieldPath: 'object..count', valueKind: 'count' })).toBe('invalid_type');
    expect(await result(manager, 'createDeviceTypeAction', { name: 'Bad', fieldPath: 'count', valueKind: 'fraction' })).toBe('invalid_type');
    const pir = await typeId(a.id, 'PIR');
    expect(await result(manager, 'updateDeviceTypeAction', { deviceTypeId: pir, name: 'PIR', fieldPath: 'uplink_message.decoded_payload.occupancy', valueKind: 'presence' })).toBe('type_saved');
    expect((await listDeviceTypes(db.pool, a.id)).map((t) => [t.name, t.fieldPath, t.valueKind])).toEqual([
      ['ERS Eye', 'object.people_count', 'count'],
      ['PIR', 'uplink_message.decoded_payload.occupancy', 'presence'],
    ]);
    // The same name in another organisation is its own.
    expect(await result(otherAdmin, 'createDeviceTypeAction', { name: 'ERS Eye', fieldPath: 'count', valueKind: 'count' })).toBe('type_created');
  });

  it('maps an EUI (normalised) with a device type to a sensor, changes it, and lists it with the sensor', async () => {
    const eye = await typeId(a.id, 'ERS Eye');
    const pir = await typeId(a.id, 'PIR');
    expect(await result(manager, 'setSensorDeviceAction', { sensorId: sensors['A-1'], devEui: 'A8-17-58-FF-FE-05-28-5C', deviceTypeId: eye })).toBe('mapped');
    expect(await result(manager, 'setSensorDeviceAction', { sensorId: sensors['A-1'], devEui: 'a81758fffe05285c', deviceTypeId: pir })).toBe('mapped');
    const listed = (await listSensors(db.pool, a.id)).find((s) => s.externalId === 'A-1')!;
    expect(listed).toMatchObject({ devEui: 'a81758fffe05285c', deviceTypeId: pir, building: 'Bygning 1 (sensors-a)' });
    const resolved = await resolveDevices(db.pool, a.id, ['a81758fffe05285c', '0000000000000001', 'a-2']);
    expect([...resolved]).toEqual([['a81758fffe05285c', { via: 'mapping', sensor: 'A-1', fieldPath: 'uplink_message.decoded_payload.occupancy', valueKind: 'presence', deviceType: 'PIR' }]]);
  });

  it('refuses a bad EUI and a duplicate one with a clear result, changing nothing', async () => {
    const eye = await typeId(a.id, 'ERS Eye');
    const bad = await act(manager, 'setSensorDeviceAction', { sensorId: sensors['A-2'], devEui: 'a81758fffe05285', deviceTypeId: eye });
    expect([bad.get('result'), bad.get('eui')]).toEqual(['invalid_eui', 'a81758fffe05285']);
    const dup = await act(manager, 'setSensorDeviceAction', { sensorId: sensors['A-2'], devEui: 'A817:58FF:FE05:285C', deviceTypeId: eye });
    expect([dup.get('result'), dup.get('sensor')]).toEqual(['duplicate_eui', 'A-1']);
    expect(await result(manager, 'setSensorDeviceAction', { sensorId: sensors['A-2'], devEui: '0011223344556677', deviceTypeId: '00000000-0000-4000-8000-000000000009' })).toBe('unknown_device_type');
    expect((await listSensors(db.pool, a.id)).find((s) => s.externalId === 'A-2')!.devEui).toBeNull();
    // The database says no too, should a check ever be skipped.
    await expect(db.pool.query("INSERT INTO sensor_device (sensor_id, organisation_id, dev_eui, device_type_id) VALUES ($1, $2, 'a81758fffe05285c', $3)", [sensors['A-2'], a.id, eye])).rejects.toThrow(/sensor_device_eui_unique/);
    await expect(db.pool.query("INSERT INTO sensor_device (sensor_id, organisation_id, dev_eui, device_type_id) VALUES ($1, $2, 'A81758FFFE05285D', $3)", [sensors['A-2'], a.id, eye])).rejects.toThrow(/check/);
  });

  it("keeps organisations apart: B's administrator cannot map, unmap or re-type A's sensors or types, and may reuse A's EUI", async () => {
    const before = { sensors: await listSensors(db.pool, a.id), types: await listDeviceTypes(db.pool, a.id), audit: await audit(a.id) };
    const aEye = await typeId(a.id, 'ERS Eye');
    const bEye = await typeId(b.id, 'ERS Eye');
    expect(await result(otherAdmin, 'setSensorDeviceAction', { sensorId: sensors['A-2'], devEui: '0011223344556677', deviceTypeId: bEye })).toBe('unknown_sensor');
    expect(await result(otherAdmin, 'setSensorDeviceAction', { sensorId: sensors['B-1'], devEui: '0011223344556677', deviceTypeId: aEye })).toBe('unknown_device_type');
    await act(otherAdmin, 'removeSensorDeviceAction', { sensorId: sensors['A-1'] });
    expect(await result(otherAdmin, 'updateDeviceTypeAction', { deviceTypeId: aEye, name: 'Hijacked', fieldPath: 'x', valueKind: 'count' })).toBe('not_found');
    expect(await result(otherAdmin, 'deleteDeviceTypeAction', { deviceTypeId: aEye })).toBe('not_found');
    // A composite foreign key stops a mapping across organisations even in SQL.
    await expect(db.pool.query("INSERT INTO sensor_device (sensor_id, organisation_id, dev_eui, device_type_id) VALUES ($1, $2, '0011223344556677', $3)", [sensors['A-2'], b.id, bEye])).rejects.toThrow(/foreign key/);
    expect({ sensors: await listSensors(db.pool, a.id), types: await listDeviceTypes(db.pool, a.id), audit: await audit(a.id) }).toEqual(before);
    // EUIs are unique per organisation, not across them; B's page lists only B's sensor.
    expect(await result(otherAdmin, 'setSensorDeviceAction', { sensorId: sensors['B-1'], devEui: 'a81758fffe05285c', deviceTypeId: bEye })).toBe('mapped');
    expect((await listSensors(db.pool, b.id)).map((s) => [s.externalId, s.devEui])).toEqual([['B-1', 'a81758fffe05285c']]);
    expect((await resolveDevices(db.pool, b.id, ['a81758fffe05285c'])).get('a81758fffe05285c')).toMatchObject({ sensor: 'B-1', deviceType: 'ERS Eye' });
  });

  it('refuses to delete a device type in use; removes a mapping, then deletes the type', async () => {
    const pir = await typeId(a.id, 'PIR');
    expect(await result(manager, 'deleteDeviceTypeAction', { deviceTypeId: pir })).toBe('in_use');
    expect(await result(manager, 'removeSensorDeviceAction', { sensorId: sensors['A-1'] })).toBe('unmapped');
    expect(await result(manager, 'deleteDeviceTypeAction', { deviceTypeId: pir })).toBe('type_deleted');
    expect((await listDeviceTypes(db.pool, a.id)).map((t) => t.name)).toEqual(['ERS Eye']);
    expect((await listSensors(db.pool, a.id)).every((s) => s.devEui === null)).toBe(true);
  });

  it('audits every change with who, before and after, like the other administration changes', async () => {
    const rows = await audit(a.id);
    expect(rows.map((r) => r.action)).toEqual([
      'device_type.create', 'device_type.create', 'device_type.update',
      'sensor_device.set', 'sensor_device.set', 'sensor_device.remove', 'device_type.delete',
    ]);
    for (const r of rows) expect(r.user_id).toBe(a.users.property_manager.id);
    expect(rows[2].before).toMatchObject({ fieldPath: 'decoded_payload.occupancy' });
    expect(rows[2].after).toMatchObject({ fieldPath: 'uplink_message.decoded_payload.occupancy' });
    expect(rows[3]).toMatchObject({ entity: 'sensor', before: null, after: { sensor: 'A-1', devEui: 'a81758fffe05285c', deviceType: 'ERS Eye' } });
    expect(rows[4]).toMatchObject({ before: { deviceType: 'ERS Eye' }, after: { deviceType: 'PIR' } });
    expect(rows[5]).toMatchObject({ before: { sensor: 'A-1', devEui: 'a81758fffe05285c', deviceType: 'PIR' }, after: null });
    expect(rows[6]).toMatchObject({ entity: 'device_type', before: { name: 'PIR' }, after: null });
  });
});
