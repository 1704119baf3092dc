// Attack (issue 15, item 10): every upload could be 2 GiB and was kept for a day, with no limit per organisation —
// one account could fill the server's disk for every tenant. Now an organisation's stored uploads are bounded by a
// quota: an upload that would pass it is cut off and refused with a clear message, and leaves no file behind.
import { open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/imports/uploads/route';
import { UPLOAD_QUOTA_BYTES_PER_ORGANISATION } from '@/lib/config/limits';
import { saveUpload, UploadQuotaExceeded, uploadBytesUsed } from '@/lib/imports/uploads';
import { createRouteTestDb, type RouteTestDb } from '../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../integration/auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

const bytes = (n: number) => new Blob([new Uint8Array(n).fill(0x41)]).stream();

describe('upload quota per organisation', () => {
  let db: RouteTestDb;
  let org: OrgFixture;
  let dir: string;

  beforeAll(async () => {
    db = await createRouteTestDb();
    org = await createOrgFixture(db.pool, 'quota');
    dir = path.join(tmpdir(), 'areal-uploads', org.id);
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('keeps files up to the quota and refuses the one that would pass it, leaving no partial file', async () => {
    const quota = 1024 * 1024;
    await saveUpload(org.id, 'a.csv', bytes(600 * 1024), 10 * quota, quota);
    expect(await uploadBytesUsed(org.id)).toBe(600 * 1024);
    const files = await readdir(dir);
    const error = await saveUpload(org.id, 'b.csv', bytes(600 * 1024), 10 * quota, quota).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(UploadQuotaExceeded);
    expect(await readdir(dir)).toEqual(files);
    expect(await uploadBytesUsed(org.id)).toBe(600 * 1024);
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the upload route with 413 quota_exceeded and a Danish message once the organisation holds its quota', async () => {
    // A sparse file as big as the whole quota, stored as a finished upload (no disk space used).
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    const fh = await open(path.join(dir, '00000000-0000-4000-8000-000000000000'), 'w');
    await fh.truncate(UPLOAD_QUOTA_BYTES_PER_ORGANISATION);
    await fh.close();
    await writeFile(path.join(dir, '00000000-0000-4000-8000-000000000000.json'), JSON.stringify({ name: 'big.csv', size: UPLOAD_QUOTA_BYTES_PER_ORGANISATION }));
    const cookie = await fixtureCookie(db.auth, org.users.facility_staff.email, '192.0.2.78');
    const res = await POST(new Request('http://localhost/api/imports/uploads?name=more.csv', { method: 'POST', headers: { cookie }, body: 'timestamp;sensor;count\n' }), { params: Promise.resolve({}) } as never);
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error.code).toBe('quota_exceeded');
    expect(body.error.messages.da).toMatch(/uploadkvote på 5 GB er brugt/);
    expect(body.error.details).toEqual({ usedBytes: UPLOAD_QUOTA_BYTES_PER_ORGANISATION, quotaBytes: UPLOAD_QUOTA_BYTES_PER_ORGANISATION });
    expect(body.error.requestId).toEqual(expect.any(String));
    expect(await readdir(dir)).toHaveLength(2);
  });
});
