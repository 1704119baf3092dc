// Attack (issue 15, item 3): the upload preview read a whole JSON file into memory with no size or role check — a
// 60 MB JSON previewed as footprints by facility staff took the server from 317 to 866 MB and stalled it. Now the
// preview passes the import's own admission check (role, kind, size) and reads JSON as a stream, stopping after the
// rows it shows, so memory and time stay bounded whatever the file.
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/imports/preview/route';
import { JSON_FILE_MAX_BYTES, PREVIEW_ROWS } from '@/lib/config/limits';
import { saveUpload } from '@/lib/imports/uploads';
import { createRouteTestDb, type RouteTestDb } from '../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../integration/auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

describe('POST /api/imports/preview', () => {
  let db: RouteTestDb;
  let org: OrgFixture;
  const cookies: Record<string, string> = {};
  let big: string;
  const upload = async (name: string, text: string) => (await saveUpload(org.id, name, new Blob([text]).stream())).id;
  const preview = async (who: string, uploadId: string, kind: string) => {
    const res = await POST(new Request('http://localhost/api/imports/preview', {
      method: 'POST', headers: { cookie: `${cookies[who]}; NEXT_LOCALE=da`, 'content-type': 'application/json' }, body: JSON.stringify({ uploadId, kind }),
    }), { params: Promise.resolve({}) } as never);
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    db = await createRouteTestDb();
    org = await createOrgFixture(db.pool, 'preview-bounds');
    for (const who of ['facility_staff', 'property_manager'] as const) cookies[who] = await fixtureCookie(db.auth, org.users[who].email, '192.0.2.81');
    // 60 MB of GeoJSON footprints, stored as an upload of the organisation.
    const dir = path.join(tmpdir(), 'areal-uploads', org.id);
    // Uploaded by the facility-staff member (who may preview only their own uploads, issue 15 item 14).
    const stored = await saveUpload(org.id, 'big.geojson', new Blob(['']).stream(), undefined, undefined, org.users.facility_staff.id);
    big = stored.id;
    const out = createWriteStream(path.join(dir, big));
    out.write('{"type":"FeatureCollection","features":[');
    const ring = Array.from({ length: 40 }, (_, i) => `[${600000 + i},${6200000 + i}]`).join(',');
    const feature = (i: number) => `{"type":"Feature","properties":{"id_lokalid":"b-${i}"},"geometry":{"type":"Polygon","coordinates":[[${ring}]]}}`;
    let size = 0;
    for (let i = 0; size < 60e6; i++) {
      const f = `${i ? ',' : ''}${feature(i)}`;
      out.write(f);
      size += f.length;
    }
    await new Promise((r) => out.end(']}', () => r(null)));
  }, 120_000);
  afterAll(async () => {
    await rm(path.join(tmpdir(), 'areal-uploads', org.id), { recursive: true, force: true });
    await db?.drop();
  });

  it('refuses facility staff a registry or footprint preview, as the import would (403, Danish message)', async () => {
    for (const kind of ['footprints', 'registry']) {
      const r = await preview('facility_staff', big, kind);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('kind_not_permitted');
      expect(r.body.error.messages.da).toMatch(/Driftspersonale/);
    }
  });

  it('shows a 60 MB GeoJSON to a property manager from its first features, in bounded memory and time', async () => {
    global.gc?.();
    const heap = process.memoryUsage().heapUsed;
    const started = performance.now();
    const r = await preview('property_manager', big, 'footprints');
    expect(r.status).toBe(200);
    expect(r.body.preview.rows).toHaveLength(PREVIEW_ROWS);
    expect(r.body.preview.header).toEqual(['id_lokalid', 'geometry']);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(30 * 1024 * 1024);
  });

  it('refuses a JSON file beyond the size limit before parsing a byte (413)', async () => {
    const id = await upload('huge.json', '[');
    const fh = await open(path.join(tmpdir(), 'areal-uploads', org.id, id), 'r+');
    await fh.truncate(JSON_FILE_MAX_BYTES + 1);
    await fh.close();
    const r = await preview('property_manager', id, 'registry');
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('file_too_large');
  });

  it('says a broken JSON file is not JSON (422) instead of showing nothing', async () => {
    const r = await preview('property_manager', await upload('broken.json', '[{"id": 1}, {"id": '), 'registry');
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('unreadable_file');
    expect(r.body.error.details.issue.code).toBe('invalid_json');
  });
});
