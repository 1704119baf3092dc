// Issue 15 item 14: facility staff could read any import job and preview any upload of their organisation. Now
// they see only their own (someone else's answers exactly like an unknown id: 404); property managers and
// administrators still see all of the organisation's.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getJobRoute } from '@/app/api/imports/jobs/[id]/route';
import { GET as getJobErrors } from '@/app/api/imports/jobs/[id]/errors/route';
import { POST as startJob } from '@/app/api/imports/jobs/route';
import { POST as previewRoute } from '@/app/api/imports/preview/route';
import { setBuildingAssignments, setMembership, upsertLocalUser } from '@/lib/auth/users';
import { createJob } from '@/lib/imports/job';
import { saveUpload } from '@/lib/imports/uploads';
import { createRouteTestDb, type RouteTestDb } from '../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, PASSWORD, type OrgFixture } from '../integration/auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let org: OrgFixture;
const cookies: Record<string, string> = {};
let colleagueId: string;
const uploads: Record<string, string> = {};
const jobs: Record<string, string> = {};
const CSV = 'timestamp;sensor_id;count\n2026-03-02 09:00;s-1;4\n';

beforeAll(async () => {
  db = await createRouteTestDb();
  org = await createOrgFixture(db.pool, 'owner-scope');
  // A second facility-staff member, assigned to the same building.
  colleagueId = await upsertLocalUser(db.pool, { email: 'colleague@owner-scope.test', name: 'Colleague', password: PASSWORD });
  await setMembership(db.pool, colleagueId, org.id, 'facility_staff');
  await setBuildingAssignments(db.pool, colleagueId, org.id, [org.buildings[0]]);
  cookies.staff = await fixtureCookie(db.auth, org.users.facility_staff.email, '192.0.2.91');
  cookies.colleague = await fixtureCookie(db.auth, 'colleague@owner-scope.test', '192.0.2.91');
  cookies.manager = await fixtureCookie(db.auth, org.users.property_manager.email, '192.0.2.91');
  const owners = { staff: org.users.facility_staff.id, colleague: colleagueId, manager: org.users.property_manager.id };
  for (const [who, userId] of Object.entries(owners)) {
    uploads[who] = (await saveUpload(org.id, `${who}.csv`, new Blob([CSV]).stream(), undefined, undefined, userId)).id;
    jobs[who] = await createJob(db.pool, { organisationId: org.id, userId, kind: 'occupancy', source: 'web', fileName: `${who}.csv`, dryRun: true });
  }
});
afterAll(async () => {
  if (org) await rm(path.join(tmpdir(), 'areal-uploads', org.id), { recursive: true, force: true });
  await db?.drop();
});

const headers = (who: string) => ({ cookie: cookies[who], 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.91' });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) }) as never;
const jobStatus = async (who: string, id: string) => (await getJobRoute(new Request(`http://localhost/api/imports/jobs/${id}`, { headers: headers(who) }), ctx(id))).status;
const errorsStatus = async (who: string, id: string) => (await getJobErrors(new Request(`http://localhost/api/imports/jobs/${id}/errors`, { headers: headers(who) }), ctx(id))).status;
const previewStatus = async (who: string, uploadId: string) =>
  (await previewRoute(new Request('http://localhost/api/imports/preview', { method: 'POST', headers: headers(who), body: JSON.stringify({ uploadId, kind: 'occupancy' }) }), ctx(''))).status;
const jobCount = async () => (await db.pool.query('SELECT count(*)::int AS n FROM import_job')).rows[0].n;

describe('facility staff see only their own uploads and import jobs', () => {
  it("a colleague's or a manager's job answers 404, like an unknown one; their own 200", async () => {
    expect(await jobStatus('staff', jobs.staff)).toBe(200);
    expect(await errorsStatus('staff', jobs.staff)).toBe(200);
    for (const other of [jobs.colleague, jobs.manager, '00000000-0000-4000-8000-000000000000']) {
      expect(await jobStatus('staff', other)).toBe(404);
      expect(await errorsStatus('staff', other)).toBe(404);
    }
  });

  it("a colleague's upload cannot be previewed or imported (404, no job created); their own can be previewed", async () => {
    expect(await previewStatus('staff', uploads.staff)).toBe(200);
    const before = await jobCount();
    for (const other of [uploads.colleague, uploads.manager]) {
      expect(await previewStatus('staff', other)).toBe(404);
      const started = await startJob(new Request('http://localhost/api/imports/jobs', { method: 'POST', headers: headers('staff'), body: JSON.stringify({ uploadId: other, kind: 'occupancy', dryRun: true }) }), ctx(''));
      expect(started.status).toBe(404);
    }
    expect(await jobCount()).toBe(before);
  });

  it("a property manager sees every job and upload of the organisation", async () => {
    for (const who of ['staff', 'colleague', 'manager']) {
      expect(await jobStatus('manager', jobs[who])).toBe(200);
      expect(await previewStatus('manager', uploads[who])).toBe(200);
    }
  });
});
