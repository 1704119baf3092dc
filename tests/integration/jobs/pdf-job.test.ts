// A PDF brief through the queue, end to end except Chromium itself (replaced by a fake printer that records what it
// was asked): the route queues a render job, the worker takes the caller's cookie out of the job's row, prints, and
// writes the file into the organisation's managed folder; the route returns the bytes, audits the export and removes
// the file. A render not collected within the wait is fetched later with ?job= by the same user only.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getBoss, queueSchema } from '@/lib/jobs/boss';
import { QUEUE } from '@/lib/jobs/queues';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { createLogger } from '@/lib/log/logger';
import { briefPdfResult, requestBriefPdf, waitForBriefPdf } from '@/lib/scenarios/pdf-job';
import { createRouteTestDb, type RouteTestDb } from '../../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';
const printed: Array<{ url: string; cookie: string }> = [];
vi.mock('@/lib/scenarios/brief-pdf', async (original) => ({
  ...(await original<typeof import('@/lib/scenarios/brief-pdf')>()),
  renderBriefPdf: async (url: string, cookie: string) => {
    printed.push({ url, cookie });
    await new Promise((r) => setTimeout(r, 300));
    return Buffer.from(`%PDF-1.4 fake brief of ${url}`);
  },
}));

describe('PDF briefs as queue jobs', () => {
  let db: RouteTestDb;
  let org: OrgFixture;
  let worker: RunningWorker | undefined;
  let GET: (r: Request, c: never) => Promise<Response>;
  let cookie: string;

  beforeAll(async () => {
    db = await createRouteTestDb();
    org = await createOrgFixture(db.pool, 'pdf-job');
    cookie = await fixtureCookie(db.auth, org.users.viewer.email, '192.0.2.81');
    ({ GET } = (await import('@/app/api/scenarios/[id]/pdf/route')) as never);
    worker = await startWorker({ pool: db.pool, boss: await getBoss(), schema: queueSchema(), log: createLogger({ process: 'worker' }), drainMs: 2000 });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await db?.drop();
  });

  it('returns the rendered file, audits the export, and keeps no cookie or file behind', async () => {
    const id = org.scenarios.proposed;
    const res = await GET(new Request(`http://localhost/api/scenarios/${id}/pdf`, { headers: { cookie } }), { params: Promise.resolve({ id }) } as never);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe(`%PDF-1.4 fake brief of http://localhost/scenarios/${id}/brief`);
    expect(printed.at(-1)).toEqual({ url: `http://localhost/scenarios/${id}/brief`, cookie });
    const { rows: audit } = await db.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'scenario.export'");
    expect(audit[0].n).toBe(1);
    const { rows: jobs } = await db.pool.query(`SELECT state, data, output FROM ${queueSchema()}.job WHERE name = $1`, [QUEUE.pdf]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].state).toBe('completed');
    expect(jobs[0].data.cookie).toBeUndefined(); // taken out of the row by the worker
    expect(JSON.stringify(jobs[0])).not.toContain(cookie.split('=')[1].slice(0, 20));
    expect(existsSync(jobs[0].output.file)).toBe(false); // handed out once, then removed
  });

  it('hands a render that outlasted the wait to the same user later, and to no one else', async () => {
    const who = { organisationId: org.id, userId: org.users.viewer.id, scenarioId: org.scenarios.proposed };
    const boss = await getBoss();
    const first = await requestBriefPdf(db.pool, boss, queueSchema(), { ...who, url: 'http://localhost/x', cookie, frame: { municipality: 'M', scenario: 'S', date: 'D', pageOf: '{page}/{total}' } }, 0);
    expect(first.state).toBe('waiting');
    const jobId = (first as { jobId: string }).jobId;
    expect(await briefPdfResult(boss, jobId, { ...who, userId: org.users.admin.id })).toEqual({ state: 'unknown' });
    const later = await waitForBriefPdf(boss, jobId, who, 30_000);
    expect(later.state).toBe('done');
    expect(await briefPdfResult(boss, jobId, who)).toEqual({ state: 'unknown' }); // once only
  });
});
