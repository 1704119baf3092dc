// Attack (issue 15, item 8): the 1 MiB limit of JSON routes checked only Content-Length, so a chunked 100 MB body
// (no Content-Length) was read and parsed in full. Now the bytes are counted as they arrive: the route answers 413
// having read little more than the limit, and nothing is stored. The same for the ingest API (5 MB) and for
// streamed uploads (their limit, counted in the stream). ("About": the stream machinery reads a few 64 KB chunks ahead.)
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUT } from '@/app/api/scores/weights/route';
import { BodyTooLarge, limitBodyStream } from '@/lib/api/body-limit';
import { INGEST_MAX_BYTES, JSON_BODY_MAX_BYTES } from '@/lib/config/limits';
import { createIngestToken } from '@/lib/imports/ingest-token';
import { saveUpload } from '@/lib/imports/uploads';
import { createRouteTestDb, type RouteTestDb } from '../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../integration/auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

/** A body of `total` bytes of JSON-looking text produced lazily; `pulled()` says how many bytes were read. */
function hugeBody(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const chunk = new TextEncoder().encode(`{"utilisation":0.5,"pad":"${'x'.repeat(64 * 1024)}`);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

describe('request bodies are counted as they arrive', () => {
  let db: RouteTestDb;
  let org: OrgFixture;
  let cookie: string;

  beforeAll(async () => {
    db = await createRouteTestDb();
    org = await createOrgFixture(db.pool, 'body-limit');
    cookie = await fixtureCookie(db.auth, org.users.property_manager.email, '192.0.2.77');
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('answers 413 to a chunked 100 MB body on a JSON route after reading about 1 MiB, and stores nothing', async () => {
    const body = hugeBody(100 * 1024 * 1024);
    const req = new Request('http://localhost/api/scores/weights', {
      method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: body.stream, duplex: 'half',
    } as RequestInit);
    expect(req.headers.get('content-length')).toBeNull();
    const res = await PUT(req, { params: Promise.resolve({}) } as never);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(body.pulled()).toBeLessThan(JSON_BODY_MAX_BYTES + 512 * 1024);
    const { rows } = await db.pool.query('SELECT 1 FROM user_score_weights WHERE user_id = $1', [org.users.property_manager.id]);
    expect(rows).toEqual([]);
  });

  it('refuses an anonymous chunked body without reading it', async () => {
    const body = hugeBody(10 * 1024 * 1024);
    const res = await PUT(new Request('http://localhost/api/scores/weights', { method: 'PUT', body: body.stream, duplex: 'half' } as RequestInit), { params: Promise.resolve({}) } as never);
    expect(res.status).toBe(401);
    expect(body.pulled()).toBeLessThanOrEqual(2 * 65 * 1024);
  });

  it('answers 413 to a chunked body beyond the ingest limit after reading about 5 MB, and stores nothing', async () => {
    const { token } = await createIngestToken(db.pool, org.id, 'chunked');
    const { POST } = await import('@/app/api/ingest/occupancy/route');
    const body = hugeBody(100 * 1024 * 1024);
    const jobs = await db.pool.query('SELECT count(*)::int AS n FROM import_job');
    const res = await POST(new Request('http://localhost/api/ingest/occupancy', {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body.stream, duplex: 'half',
    } as RequestInit));
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThan(INGEST_MAX_BYTES + 512 * 1024);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM import_job')).rows[0].n).toBe(jobs.rows[0].n);
  });

  it('stops a streamed upload at its limit and keeps no file', async () => {
    const body = hugeBody(20 * 1024 * 1024);
    const limited = limitBodyStream(new Request('http://localhost/api/imports/uploads', { method: 'POST', body: body.stream, duplex: 'half' } as RequestInit), 1024 * 1024);
    const before = await readdir(path.join(tmpdir(), 'areal-uploads', org.id)).catch(() => []);
    const error = await saveUpload(org.id, 'big.csv', limited.body!, 10 * 1024 * 1024).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLarge);
    expect(body.pulled()).toBeLessThan(1024 * 1024 + 256 * 1024);
    expect(await readdir(path.join(tmpdir(), 'areal-uploads', org.id)).catch(() => [])).toEqual(before);
  });
});


describe("better-auth's endpoints", () => {
  it('answer 413 to a chunked body past 1 MiB before better-auth parses it', async () => {
    const { POST } = await import('@/app/api/auth/[...all]/route');
    const body = hugeBody(50 * 1024 * 1024);
    const res = await POST(new Request('http://localhost/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: body.stream, duplex: 'half' } as RequestInit));
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThan(JSON_BODY_MAX_BYTES + 512 * 1024);
  });
});
