// POST /api/ingest/occupancy, called through its route handler against a real PostGIS: bearer tokens per
// organisation (stored hashed), the same validation and idempotency as files, and a body size limit.
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
