// Two web instances (`next start` on two ports) and one worker against one database, as behind a load balancer:
// a session made on one is valid on the other, an upload sent through one is imported by the worker and its job
// read through the other, rate limits count across both, and what one instance saves the other serves at once — also
// from its in-process caches (score pages, demand inputs), which are keyed by the data version in the database.
// (The worker is the one tests/helpers/app-server.ts starts beside the suite's own server.)
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookie } from '../helpers/sign-in';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

async function startWeb(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production', AREAL_LOG_LEVEL: 'warn' }, detached: true });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await fetch(`${url}/api/health`).catch(() => null);
    if (res?.ok) return { url, child };
    if (Date.now() > deadline) throw new Error(`next start on ${port} did not answer`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('two web instances and one worker on one database', () => {
  let a: { url: string; child: ChildProcess };
  let b: { url: string; child: ChildProcess };
  let cookie: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([startWeb(), startWeb()]);
    cookie = await sessionCookie(a.url, 'property_manager');
  });
  afterAll(async () => {
    for (const s of [a, b]) if (s?.child.pid) process.kill(-s.child.pid, 'SIGTERM');
  });

  it('signs in on one, uploads through the other, and the worker finishes the job', async () => {
    expect((await fetch(`${b.url}/api/scores/weights`, { headers: { cookie } })).status).toBe(200);
    const csv = readFileSync('public/templates/registry.csv');
    const up = await fetch(`${b.url}/api/imports/uploads?name=registry.csv`, { method: 'POST', headers: { cookie }, body: csv });
    expect(up.status).toBe(200);
    const { uploadId } = await up.json();
    // A dry run: the worker runs the whole import and rolls it back, so the demo data stay as they are.
    const started = await fetch(`${b.url}/api/imports/jobs`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ uploadId, kind: 'registry', dryRun: true }) });
    expect(started.status).toBe(202);
    const { jobId } = await started.json();
    let job: { status: string; dryRun: boolean; rowsTotal: number; attempts: number } = { status: 'running', dryRun: true, rowsTotal: 0, attempts: 0 };
    const deadline = Date.now() + 60_000;
    while (job.status === 'running' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      job = await (await fetch(`${a.url}/api/imports/jobs/${jobId}`, { headers: { cookie } })).json();
    }
    expect(job).toMatchObject({ status: 'succeeded', dryRun: true, attempts: 1 });
    expect(job.rowsTotal).toBeGreaterThan(0);
    const ready = await (await fetch(`${a.url}/api/ready`)).json();
    expect(ready).toMatchObject({ status: 'ready', worker: { ok: true } });
  });

  it('counts rate limits across both instances', async () => {
    // 10 failed ingest attempts per client address, then refused: 6 through each instance.
    const client = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      for (const s of [a, b]) {
        statuses.push((await fetch(`${s.url}/api/ingest/occupancy`, { method: 'POST', headers: { authorization: 'Bearer not-a-token', 'x-forwarded-for': client, 'content-type': 'application/json' }, body: '{}' })).status);
      }
    }
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(11);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
  });

  it('a forecast area mapped on one instance changes the demand figures the other serves from its cache', async () => {
    const pressure = async (s: { url: string }) => (await (await fetch(`${s.url}/api/demand/pressure`, { headers: { cookie } })).json()) as {
      pressure: { services: Array<{ category: string; statuses: Record<string, unknown[]> }> };
      districts: { features: Array<{ id: string; properties: { name: string } }> };
    };
    // Both instances have the demand inputs cached (lib/demand/cached-demand-inputs.ts).
    const [pa, pb] = await Promise.all([pressure(a), pressure(b)]);
    expect(pb).toEqual(pa);
    const centrum = pa.districts.features.find((f) => f.properties.name === 'Centrum')!.id;
    expect(pa.pressure.services[0].statuses[centrum]).toBeDefined();
    const { Client } = await import('pg');
    const { env } = await import('@/lib/config/env');
    const db = new Client({ connectionString: env().DATABASE_URL });
    await db.connect();
    const areas = (await db.query<{ id: string }>(`SELECT id FROM forecast_area WHERE district_id = $1`, [centrum])).rows.map((r) => r.id);
    await db.end();
    expect(areas.length).toBeGreaterThan(0);
    const map = (id: string, districtId: string | null) =>
      fetch(`${a.url}/api/demand/areas/${id}`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ districtId }) });
    try {
      // Unmapped through instance a: Centrum has no figures any more — at once on instance b too.
      for (const id of areas) expect((await map(id, null)).status).toBe(200);
      expect((await pressure(b)).pressure.services[0].statuses[centrum]).toBeUndefined();
    } finally {
      for (const id of areas) await map(id, centrum);
    }
    expect(await pressure(b)).toEqual(pa);
  });

  it('serves on one instance what the other just saved', async () => {
    const put = await fetch(`${a.url}/api/scores/weights`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ utilisation: 0.7, cost: 0.2, condition: 0.1 }) });
    expect(put.status).toBe(200);
    try {
      expect(await (await fetch(`${b.url}/api/scores/weights`, { headers: { cookie } })).json()).toMatchObject({ saved: true, weights: { utilisation: 0.7, cost: 0.2, condition: 0.1 } });
      const [ra, rb] = await Promise.all([a, b].map(async (s) => (await fetch(`${s.url}/api/scores?limit=5`, { headers: { cookie } })).json()));
      expect(rb).toEqual(ra);
    } finally {
      await fetch(`${b.url}/api/scores/weights`, { method: 'DELETE', headers: { cookie } });
    }
    expect(await (await fetch(`${a.url}/api/scores/weights`, { headers: { cookie } })).json()).toMatchObject({ saved: false });
  });
});
