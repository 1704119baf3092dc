// POST /api/ingest/occupancy, called through its route handler against a real PostGIS: bearer tokens per
// organisation (stored hashed), the same validation and idempotency as files, and a body size limit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestToken, hashIngestToken, revokeIngestToken } from '@/lib/imports/ingest-token';
import { INGEST_MAX_BYTES } from '@/lib/imports/ingest';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, type TestOrg } from './setup';

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
