// POST /api/ingest/occupancy, called through its route handler against a real PostGIS: bearer tokens per
// organisation (stored hashed), the same validation and idempotency as files, and a body size limit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestToken, hashIngestToken, revokeIngestToken } from '@/lib/imports/ingest-token';
import { INGEST_MAX_BYTES } from '@/lib/imports/ingest';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createDeviceType } from '@/lib/sensors/device-types';
import { setSensorDevice } from '@/lib/sensors/devices';
import { createTestOrg, fingerprint, type TestOrg } from './setup';

describe('POST /api/ingest/occupancy', () => {
  let db: TestDb;
  let org: TestOrg;
  let token: string;
  let tokenId: string;
  let POST: (r: Request) => Promise<Response>;

  const call = (body: unknown, auth = `Bearer ${token}`) =>
    POST(new Request('http://localhost/api/ingest/occupancy', { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }));

  beforeAll(async () => {
    db = await createTestDb();
    globalThis.arealPool = db.pool; // the route's getPool() serves this test's schema
    org = await createTestOrg(db.pool, 'ingest');
    ({ token, id: tokenId } = await createIngestToken(db.pool, org.id, 'Portal X'));
    ({ POST } = await import('@/app/api/ingest/occupancy/route'));
  });
  afterAll(async () => {
    globalThis.arealPool = undefined;
    await db?.drop();
  });

  it('stores only the hash of a token', async () => {
    const { rows } = await db.pool.query('SELECT token_hash FROM ingest_token WHERE id = $1', [tokenId]);
    expect(rows[0].token_hash).toBe(hashIngestToken(token));
    expect(rows[0].token_hash).not.toContain(token.slice(6, 20));
  });

  it('accepts a batch, and the same batch again only as duplicates', async () => {
    const batch = { readings: [{ sensor: 'S-1', ts: '2026-03-02T08:00:00+01:00', value: 3 }, { sensor: 'S-1', ts: '2026-03-02 08:15', value: 4 }] };
    const first = await call(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'succeeded', accepted: 2, duplicates: 0, rejected: 0, errors: [] });
    const again = await call(batch);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 2 });
    const { rows } = await db.pool.query("SELECT source, file_name FROM import_job WHERE organisation_id = $1 ORDER BY started_at LIMIT 1", [org.id]);
    expect(rows[0]).toEqual({ source: 'api', file_name: 'api:api' });
  });

  it('rejects the whole batch when one reading is invalid, naming its index', async () => {
    // -1 is a portal's "no reading" code: refused as a sentinel (issue 17), not merely as negative.
    const res = await call({ readings: [{ sensor: 'S-1', ts: '2026-03-03T08:00:00Z', value: 1 }, { sensor: 'S-1', ts: '2026-03-29T02:30', value: 2 }, { sensor: 'S-1', ts: '2026-03-03T09:00:00Z', value: -1 }] });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.errors.map((e: { index: number; code: string }) => [e.index, e.code])).toEqual([[1, 'nonexistent_local_time'], [2, 'sentinel_value']]);
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM occupancy_reading WHERE ts >= '2026-03-03' AND ts < '2026-03-04'");
    expect(rows[0].n).toBe(0);
  });

  it('audits every batch (landed, duplicate, rejected) with its token, readings, outcome and buildings touched', async () => {
    const { rows } = await db.pool.query<{ user_id: string | null; entity: string; entity_id: string; after: Record<string, unknown> }>(
      "SELECT user_id, entity, entity_id, after FROM audit_log WHERE organisation_id = $1 AND action = 'ingest.batch' ORDER BY id",
      [org.id],
    );
    expect(rows.map((r) => [r.after.status, r.after.readings, r.after.accepted, r.after.rejected, r.after.buildings])).toEqual([
      ['succeeded', 2, 2, 0, 1],
      ['succeeded', 2, 0, 0, 1],
      ['rejected', 3, 0, 2, 0],
    ]);
    for (const r of rows) {
      expect(r).toMatchObject({ user_id: null, entity: 'import_job' });
      expect(r.after.tokenId).toBe(tokenId);
      expect(r.after.jobId).toBe(r.entity_id);
    }
    const jobs = await db.pool.query('SELECT count(*)::int AS n FROM import_job WHERE id = ANY($1::uuid[])', [rows.map((r) => r.entity_id)]);
    expect(jobs.rows[0].n).toBe(3);
  });

  describe('sensor platforms: uplinks as their published formats write them (tests/fixtures/platforms)', () => {
    const fixture = (name: string) => JSON.parse(readFileSync(path.join(process.cwd(), 'tests/fixtures/platforms', name), 'utf8')) as Record<string, unknown>;
    const callAt = (body: unknown, query = '') =>
      POST(new Request(`http://localhost/api/ingest/occupancy${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    const stored = async () =>
      (await db.pool.query("SELECT to_char(o.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS utc, o.value FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id WHERE s.external_id = 'a81758fffe05285c' ORDER BY o.ts")).rows;

    beforeAll(async () => {
      // The device is the sensor whose id is its EUI (a people counter in Skolen, capacity 40).
      await db.pool.query(
        "INSERT INTO sensor (organisation_id, building_id, external_id, kind, interval_minutes) SELECT $1, id, 'a81758fffe05285c', 'count', 15 FROM building WHERE organisation_id = $1 AND registry_id = 'B-1'",
        [org.id],
      );
    });

    it('a ChirpStack v4 uplink lands its decoded people count at the uplink time, once', async () => {
      const res = await callAt(fixture('chirpstack-v4-uplink.json'));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'succeeded', accepted: 1, errors: [] });
      expect(await (await callAt(fixture('chirpstack-v4-uplink.json'))).json()).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(await stored()).toEqual([{ utc: '2026-03-02 07:15', value: 7 }]);
    });

    it('a The Things Stack v3 uplink (upper-case EUI, nanosecond time) lands its decoded_payload field', async () => {
      const res = await callAt(fixture('tts-v3-uplink.json'));
      expect(await res.json()).toMatchObject({ status: 'succeeded', accepted: 1 });
      expect((await stored()).at(-1)).toEqual({ utc: '2026-03-02 07:30', value: 12 });
    });

    it("an OS2iot HTTP-push body (the payload decoder's output) lands the chosen field, and names the fields when it is missing", async () => {
      const res = await callAt(fixture('os2iot-http-push.json'), '?field=count');
      expect(await res.json()).toMatchObject({ status: 'succeeded', accepted: 1 });
      expect((await stored()).at(-1)).toEqual({ utc: '2026-03-02 07:45', value: 9 });
      const missing = await callAt(fixture('os2iot-http-push.json'), '?field=peopleCount');
      expect(missing.status).toBe(400);
      expect((await missing.json()).error.message).toContain('fields: deviceEUI, timestamp, occupied, count, battery');
    });

    it('validates an uplink like any reading: a sentinel code is refused, nothing stored', async () => {
      const body = { ...fixture('chirpstack-v4-uplink.json'), time: '2026-03-02T09:00:00Z', object: { peopleCount: 9999 } };
      const res = await callAt(body);
      expect(res.status).toBe(422);
      expect((await res.json()).errors.map((e: { code: string }) => e.code)).toEqual(['sentinel_value']);
      expect(await stored()).toHaveLength(3);
    });
  });

  describe('devices mapped on the sensors page: EUI → sensor, the device type names the field (lib/sensors)', () => {
    const fixture = (name: string) => JSON.parse(readFileSync(path.join(process.cwd(), 'tests/fixtures/platforms', name), 'utf8')) as Record<string, unknown>;
    const callAt = (body: unknown, query = '') =>
      POST(new Request(`http://localhost/api/ingest/occupancy${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    const storedFor = async (external: string) =>
      (await db.pool.query("SELECT to_char(o.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS utc, o.value FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id WHERE s.organisation_id = $1 AND s.external_id = $2 ORDER BY o.ts", [org.id, external])).rows;
    const CHIRPSTACK_EUI = '0004a30b001c0530';
    const OS2IOT_EUI = '70b3d5e75e00a1b2';

    beforeAll(async () => {
      // Two sensors named by the registry, not by their EUI; a counter and a presence sensor with their device types.
      const created = await createDeviceType(db.pool, org.id, { name: 'Zone counter', fieldPath: 'object.zones.1.people', valueKind: 'count' });
      const presence = await createDeviceType(db.pool, org.id, { name: 'OS2iot PIR', fieldPath: 'occupied', valueKind: 'presence' });
      if (!created.ok || !presence.ok) throw new Error('device types not created');
      const { rows } = await db.pool.query<{ id: string; external_id: string }>(
        `INSERT INTO sensor (organisation_id, building_id, external_id, kind, interval_minutes)
         SELECT $1, id, x, k, 15 FROM building, (VALUES ('SKOLE-ZONE-2', 'count'), ('SKOLE-LOK-1.01', 'presence')) v(x, k) WHERE organisation_id = $1 AND registry_id = 'B-1'
         RETURNING id, external_id`,
        [org.id],
      );
      const id = (x: string) => rows.find((r) => r.external_id === x)!.id;
      expect(await setSensorDevice(db.pool, org.id, id('SKOLE-ZONE-2'), '00-04-A3-0B-00-1C-05-30', created.id)).toMatchObject({ ok: true });
      expect(await setSensorDevice(db.pool, org.id, id('SKOLE-LOK-1.01'), '70B3D5E75E00A1B2', presence.id)).toMatchObject({ ok: true });
    });

    it("a ChirpStack v4 uplink of a mapped device lands on the mapped sensor, read from the device type's field path", async () => {
      const body = { ...fixture('chirpstack-v4-uplink.json'), deviceInfo: { ...(fixture('chirpstack-v4-uplink.json').deviceInfo as object), devEui: CHIRPSTACK_EUI }, object: { zones: [{ people: 3 }, { people: 11 }], peopleCount: 14 } };
      const res = await callAt(body, '?field=peopleCount'); // the device type wins over ?field=
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'succeeded', accepted: 1, errors: [] });
      expect(await storedFor('SKOLE-ZONE-2')).toEqual([{ utc: '2026-03-02 07:15', value: 11 }]);
      expect(await (await callAt(body)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
      // No sensor was created under the EUI.
      expect((await db.pool.query('SELECT count(*)::int AS n FROM sensor WHERE organisation_id = $1 AND external_id = $2', [org.id, CHIRPSTACK_EUI])).rows[0].n).toBe(0);
    });

    it("an OS2iot HTTP-push body of a mapped presence device lands its 0/1 field as occupancy", async () => {
      const res = await callAt({ ...fixture('os2iot-http-push.json'), deviceEUI: '70:b3:d5:e7:5e:00:a1:b2' });
      expect(await res.json()).toMatchObject({ status: 'succeeded', accepted: 1 });
      expect(await storedFor('SKOLE-LOK-1.01')).toEqual([{ utc: '2026-03-02 07:45', value: 1 }]);
      const { rows } = await db.pool.query("SELECT summary->'extra'->>'valueKind' AS kind FROM import_job WHERE organisation_id = $1 ORDER BY started_at DESC LIMIT 1", [org.id]);
      expect(rows[0].kind).toBe('presence');
    });

    it("says which field is missing when the device type's path is not in the message, storing nothing", async () => {
      const before = await fingerprint(db.pool, org.id);
      const res = await callAt({ ...fixture('chirpstack-v4-uplink.json'), deviceInfo: { devEui: CHIRPSTACK_EUI }, time: '2026-03-02T10:00:00Z', object: { peopleCount: 4 } });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toContain('type "Zone counter") has no numeric field "object.zones.1.people"');
      expect(await fingerprint(db.pool, org.id)).toBe(before);
    });

    it('refuses an unmapped EUI per message and stores nothing, not even the mapped messages beside it', async () => {
      const before = await fingerprint(db.pool, org.id);
      const jobs = (await db.pool.query('SELECT count(*)::int AS n FROM import_job WHERE organisation_id = $1', [org.id])).rows[0].n;
      const mapped = { ...fixture('os2iot-http-push.json'), deviceEUI: OS2IOT_EUI, timestamp: '2026-03-02T11:00:00+01:00' };
      const res = await callAt([mapped, { ...mapped, deviceEUI: 'FF-FF-FF-FF-FF-FF-FF-01' }, { ...mapped, deviceEUI: 'ffffffffffffff02' }]);
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body).toMatchObject({ status: 'rejected', accepted: 0, rejected: 2 });
      expect(body.errors.map((e: { index: number; code: string; value: string }) => [e.index, e.code, e.value])).toEqual([[1, 'unknown_device', 'ffffffffffffff01'], [2, 'unknown_device', 'ffffffffffffff02']]);
      expect(body.errors[0].message).toContain('not mapped to a sensor');
      expect(await fingerprint(db.pool, org.id)).toBe(before);
      expect((await db.pool.query('SELECT count(*)::int AS n FROM import_job WHERE organisation_id = $1', [org.id])).rows[0].n).toBe(jobs);
      // Audited like every batch, naming the devices to map.
      const { rows } = await db.pool.query("SELECT after FROM audit_log WHERE organisation_id = $1 AND action = 'ingest.batch' ORDER BY id DESC LIMIT 1", [org.id]);
      expect(rows[0].after).toMatchObject({ tokenId, status: 'rejected', rejected: 2, unknownDevices: ['ffffffffffffff01', 'ffffffffffffff02'] });
    });

    it("another organisation's mapping of the same EUI is not this token's", async () => {
      const other = await createTestOrg(db.pool, 'ingest-other');
      const t = await createDeviceType(db.pool, other.id, { name: 'x', fieldPath: 'count', valueKind: 'count' });
      const { rows } = await db.pool.query<{ id: string }>("SELECT id FROM sensor WHERE organisation_id = $1 AND external_id = 'S-1'", [other.id]);
      if (!t.ok) throw new Error('no type');
      expect(await setSensorDevice(db.pool, other.id, rows[0].id, 'ab-cd-ef-01-23-45-67-89', t.id)).toMatchObject({ ok: true });
      const res = await callAt({ deviceEUI: 'abcdef0123456789', timestamp: '2026-03-02T12:00:00Z', count: 2 });
      expect(res.status).toBe(422);
      expect((await res.json()).errors[0].code).toBe('unknown_device');
    });
  });

  it('refuses a missing, wrong or revoked token, a non-JSON body and an oversized body', async () => {
    expect((await call({ readings: [] }, '')).status).toBe(401);
    expect((await call({ readings: [] }, 'Bearer areal_' + 'x'.repeat(43))).status).toBe(401);
    expect((await call('not json')).status).toBe(400);
    expect((await call({ readings: [] })).status).toBe(400);
    expect((await call('x'.repeat(INGEST_MAX_BYTES + 1))).status).toBe(413);
    const other = await createIngestToken(db.pool, org.id, 'old');
    await revokeIngestToken(db.pool, org.id, other.id);
    expect((await call({ readings: [{ sensor: 'S-1', ts: '2026-03-02T08:00:00Z', value: 1 }] }, `Bearer ${other.token}`)).status).toBe(401);
  });
});
