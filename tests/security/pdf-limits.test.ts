// Attack (issue 15, item 12): PDF briefs were rendered one at a time behind an unbounded promise chain — six parallel
// requests and the last waited 8 s; a hundred would hold a hundred requests open and nobody would get a PDF. Now
// renderings run in a bounded queue (one running, three waiting, the rest 503 with Retry-After at once) and each user
// has a rate limit (429 with Retry-After). A refused request records no export. Renderings are queue jobs a worker
// runs (lib/scenarios/pdf-job.ts): the bound is on the queue, shared by every web instance; a worker runs here in
// the test process, as `npm run worker` would beside the web server.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedQueue, QueueFull } from '@/lib/api/bounded-queue';
import { PDF_MAX_QUEUED, PDF_PER_USER } from '@/lib/config/limits';
import { getBoss, queueSchema } from '@/lib/jobs/boss';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { createLogger } from '@/lib/log/logger';
import { createRouteTestDb, type RouteTestDb } from '../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../integration/auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

describe('the bounded queue', () => {
  it('runs one task at a time, lets three wait and refuses the rest at once', async () => {
    const q = boundedQueue({ concurrency: 1, maxQueued: 3, retryAfterSeconds: 5 });
    let active = 0;
    let most = 0;
    const task = async () => {
      active += 1;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 50));
      active -= 1;
      return 'ok';
    };
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => q.run(task)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    const refused = results[4] as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(QueueFull);
    expect(refused.reason.retryAfterSeconds).toBe(5);
    expect(most).toBe(1);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(q.stats()).toEqual({ running: 0, queued: 0 });
  });
});

describe('GET /api/scenarios/{id}/pdf', () => {
  let db: RouteTestDb;
  let org: OrgFixture;
  let dir: string;
  let GET: (r: Request, c: never) => Promise<Response>;
  let worker: RunningWorker | undefined;
  const cookies: Record<string, string> = {};
  const exports = async () => (await db.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'scenario.export'")).rows[0].n as number;
  const call = (who: string) =>
    GET(new Request(`http://localhost/api/scenarios/${org.scenarios.proposed}/pdf`, { headers: { cookie: cookies[who] } }), { params: Promise.resolve({ id: org.scenarios.proposed }) } as never);

  beforeAll(async () => {
    db = await createRouteTestDb();
    org = await createOrgFixture(db.pool, 'pdf-limits');
    for (const who of ['viewer', 'property_manager', 'admin'] as const) cookies[who] = await fixtureCookie(db.auth, org.users[who].email, '192.0.2.80');
    // A "browser" that takes a second and then fails to start: each rendering holds its slot for about a second.
    dir = await mkdtemp(path.join(tmpdir(), 'areal-pdf-'));
    const fake = path.join(dir, 'slow-chromium');
    await writeFile(fake, '#!/bin/sh\nsleep 1\nexit 1\n');
    await chmod(fake, 0o755);
    process.env.CHROMIUM_PATH = fake;
    ({ GET } = (await import('@/app/api/scenarios/[id]/pdf/route')) as never);
    worker = await startWorker({ pool: db.pool, boss: await getBoss(), schema: queueSchema(), log: createLogger({ process: 'worker' }), drainMs: 2000 });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    delete process.env.CHROMIUM_PATH;
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('answers a burst beyond the queue with 503 and Retry-After at once, and records no export', async () => {
    const before = await exports();
    const started = performance.now();
    const who = ['viewer', 'viewer', 'property_manager', 'property_manager', 'admin', 'admin'];
    const timed = await Promise.all(who.map(async (w) => {
      const res = await call(w);
      return { status: res.status, retry: res.headers.get('retry-after'), code: (await res.json()).error?.code, ms: performance.now() - started };
    }));
    const busy = timed.filter((t) => t.code === 'busy');
    expect(busy).toHaveLength(who.length - 1 - PDF_MAX_QUEUED);
    for (const b of busy) {
      expect(b.status).toBe(503);
      expect(Number(b.retry)).toBeGreaterThan(0);
      expect(b.ms).toBeLessThan(1_000); // refused at once, not after waiting
    }
    expect(timed.filter((t) => t.code === 'pdf_unavailable')).toHaveLength(1 + PDF_MAX_QUEUED);
    expect(await exports()).toBe(before);
  });

  it('limits each user: past the burst, 429 with Retry-After before any rendering', async () => {
    const before = await exports();
    const statuses: number[] = [];
    let retry: string | null = null;
    for (let i = 0; i < PDF_PER_USER.capacity + 1; i++) {
      const res = await call('viewer');
      statuses.push(res.status);
      if (res.status === 429) retry = res.headers.get('retry-after');
    }
    // The first test took two of the viewer's tokens already.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retry)).toBeGreaterThan(0);
    expect(await exports()).toBe(before);
  }, 60_000);
});
