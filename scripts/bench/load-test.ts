// Load test: 50 concurrent connections against the production build (`next start`) on 127.0.0.1 only,
// mixing map tiles, building panels, score lists and a scenario simulation, for 60 s — bounded in time
// (duration) and count (maxOverallRequests), 10 s timeout per request.
//   npx tsx scripts/bench/load-test.ts [--connections 50] [--duration 60] [--max-requests 200000] [--buildings 10000]
// Routes are found from app/**/route.ts (and the pages) when the test starts, so it measures what exists;
// the mix and the routes used are written to the result file. AREAL_BASE_URL reuses a running server.
import { readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { benchFlags, numberFlag } from './lib/args';
import { ensureBenchDatabase } from './lib/bench-db';
import { ensureBenchOrg } from './lib/bench-org';
import { machineInfo } from './lib/machine';
import { writeResult, type Metric } from './lib/results';
import { benchCookie } from './lib/bench-session';
import { startServer } from './lib/server';
import { percentile, round } from './lib/stats';

type Kind = 'tiles' | 'building panel' | 'score list' | 'scenario simulation' | 'page';

interface Endpoint {
  kind: Kind;
  /** Route file or page it was derived from. */
  source: string;
  method: 'GET' | 'POST';
  /** Returns a fresh path (and body) for each request. */
  make: () => { path: string; body?: string };
}

interface Sample {
  buildingIds: string[];
  scenarioIds: string[];
  /** Tile coordinates at zoom 14/12/10 around buildings. */
  tiles: [number, number, number][];
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

function tileOf(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [z, x, y];
}

/** Every app/**\/route.ts as its URL pattern, e.g. /api/tiles/[z]/[x]/[y]. */
function findRoutes(appDir = 'app'): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(name)) out.push(full);
    }
  };
  walk(appDir);
  return out.map((f) =>
    `/${path.relative(appDir, path.dirname(f))}`
      .split('/')
      .filter((seg) => !/^\(.*\)$/.test(seg)) // route groups do not appear in the URL
      .join('/'),
  );
}

/** Builds the request mix from the routes that exist; weights: tiles 4, panels 2, scores 1, simulation 1. */
function buildEndpoints(routes: string[], sample: Sample): Endpoint[] {
  const fill = (pattern: string, values: Record<string, () => string>) =>
    pattern.replace(/\[\.{0,3}([^\]]+)\]/g, (_, k: string) => (values[k] ? values[k]() : pick(sample.buildingIds)));
  const endpoints: Endpoint[] = [];
  for (const r of routes) {
    const lower = r.toLowerCase();
    if (/tiles?/.test(lower) && r.includes('[z]')) {
      for (let i = 0; i < 4; i++) {
        endpoints.push({
          kind: 'tiles', source: r, method: 'GET',
          make: () => {
            const [z, x, y] = pick(sample.tiles);
            return { path: fill(r, { z: () => String(z), x: () => String(x), y: () => String(y) }) };
          },
        });
      }
    } else if (/buildings?\/\[/.test(lower) && !/scenario/.test(lower)) {
      for (let i = 0; i < 2; i++) endpoints.push({ kind: 'building panel', source: r, method: 'GET', make: () => ({ path: fill(r, {}) }) });
    } else if (/scor|ranking/.test(lower) && !r.includes('[')) {
      endpoints.push({ kind: 'score list', source: r, method: 'GET', make: () => ({ path: r }) });
    } else if (/scenario/.test(lower) && /simulat|preview|evaluate/.test(lower)) {
      endpoints.push({
        kind: 'scenario simulation', source: r, method: 'POST',
        make: () => {
          // Two different buildings: a building with two actions is (rightly) a 400.
          const first = pick(sample.buildingIds);
          let second = pick(sample.buildingIds);
          while (second === first && sample.buildingIds.length > 1) second = pick(sample.buildingIds);
          const closing = [first, second];
          return {
            path: fill(r, { id: () => pick(sample.scenarioIds.length ? sample.scenarioIds : sample.buildingIds), scenarioId: () => pick(sample.scenarioIds) }),
            body: JSON.stringify({ actions: closing.map((buildingId) => ({ buildingId, action: 'close' })) }),
          };
        },
      });
    }
  }
  // Each connection walks this list from the start, one request at a time: interleave the kinds (round robin,
  // weights kept) so that a slow run, in which a connection gets through only a few entries, still sends every
  // kind instead of only the first routes found.
  const byKind = new Map<Kind, Endpoint[]>();
  for (const e of endpoints) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
  const interleaved: Endpoint[] = [];
  while (interleaved.length < endpoints.length) for (const list of byKind.values()) if (list.length) interleaved.push(list.shift()!);
  endpoints.splice(0, endpoints.length, ...interleaved);
  if (!endpoints.length) {
    for (const p of ['/', '/map', '/ranking', '/scenarios']) endpoints.push({ kind: 'page', source: `app${p === '/' ? '' : p}/page.tsx`, method: 'GET', make: () => ({ path: p }) });
  }
  return endpoints;
}

async function loadSample(url: string, orgId: string): Promise<Sample> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const b = await c.query<{ id: string; lon: number; lat: number }>(
      `SELECT id, ST_X(point) AS lon, ST_Y(point) AS lat FROM building WHERE organisation_id = $1 ORDER BY id LIMIT 2000`,
      [orgId],
    );
    const s = await c.query<{ id: string }>('SELECT id FROM scenario WHERE organisation_id = $1 LIMIT 100', [orgId]);
    const tiles = b.rows.flatMap((r) => [tileOf(r.lon, r.lat, 14), tileOf(r.lon, r.lat, 12), tileOf(r.lon, r.lat, 10)]);
    return { buildingIds: b.rows.map((r) => r.id), scenarioIds: s.rows.map((r) => r.id), tiles };
  } finally {
    await c.end();
  }
}

async function main() {
  const flags = benchFlags('npx tsx scripts/bench/load-test.ts [--connections 50] [--duration 60] [--max-requests 200000] [--buildings 10000] [--readings 1M]', { connections: { type: 'string' }, duration: { type: 'string' }, 'max-requests': { type: 'string' }, buildings: { type: 'string' }, readings: { type: 'string' } });
  const connections = numberFlag(flags, 'connections', 50);
  const duration = numberFlag(flags, 'duration', 60);
  const maxRequests = numberFlag(flags, 'max-requests', 200_000);
  const buildings = numberFlag(flags, 'buildings', 10_000);
  const log = (m: string) => console.log(`[bench:load-test] ${m}`);

  const base = await ensureBenchDatabase();
  const org = await ensureBenchOrg(base, buildings, numberFlag(flags, 'readings', 1e6), log);
  const sample = await loadSample(base, org.id);
  const endpoints = buildEndpoints(findRoutes(), sample);
  log(`mix: ${endpoints.map((e) => `${e.kind} ${e.method} ${e.source}`).join(' | ')}`);

  const server = await startServer({ databaseUrl: base });
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(server.baseURL)) throw new Error(`refusing to load-test a non-loopback server: ${server.baseURL}`);
  // Every route needs a session (withAuth): the bench user's cookie (BENCH_COOKIE, or a sign-in through /signin).
  const session = await benchCookie(server.baseURL, base, org.id).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  log(`signed in: ${session.source}`);
  // Origin = the server: the scenario simulation is a POST, and state-changing requests must be same-origin (CSRF).
  const headers: Record<string, string> = { 'content-type': 'application/json', cookie: session.cookie, origin: new URL(server.baseURL).origin };
  // The session works before the clock starts: one signed-in request must not be sent to /signin or refused.
  const probe = await fetch(`${server.baseURL}/api/scores`, { headers, redirect: 'manual' }).catch(() => null);
  if (probe?.status !== 200) {
    await server.stop();
    throw new Error(`signed-in probe GET /api/scores answered ${probe?.status ?? 'nothing'}, not 200: the session is not accepted`);
  }

  // Warm every route once (first request compiles/loads the route module), outside the measurement.
  for (const e of endpoints) {
    const req = e.make();
    await fetch(`${server.baseURL}${req.path}`, { method: e.method, body: req.body, headers }).catch(() => undefined);
  }

  const loadBefore = loadavg().map((x) => round(x, 2));
  const perKind = new Map<Kind, { latencies: number[]; non2xx: number; statuses: Record<string, number> }>();
  const clientCounters = new WeakMap<object, number>();
  const errorSamples = new Set<string>();
  let result: autocannon.Result;
  try {
    const instance = autocannon({
      url: server.baseURL,
      connections,
      duration,
      maxOverallRequests: maxRequests,
      timeout: 10,
      headers,
      requests: endpoints.map((e) => ({
        method: e.method,
        setupRequest: (req: autocannon.Request) => {
          const r = e.make();
          // A fresh headers object per request: autocannon writes Content-Length into the object it is given, so a
          // shared one made every GET after the first POST announce a body it never sent — the server then read the
          // connection's next request as that body and the connection stalled (every connection stopped after its
          // third request: the 2.5 req/s and the timeouts of the runs before 23 Nov 11:00 UTC).
          return { ...req, method: e.method, path: r.path, body: r.body, headers: { ...headers } };
        },
      })),
    });
    instance.on('reqError', (error: Error) => {
      if (errorSamples.size < 5) errorSamples.add(error.message);
    });
    // Each connection walks the request list in order, one request in flight, so its n-th response
    // belongs to endpoints[n % length]: per-kind latencies without touching the requests.
    instance.on('response', (client: object, statusCode: number, _bytes: number, responseTime: number) => {
      const n = clientCounters.get(client) ?? 0;
      clientCounters.set(client, n + 1);
      const kind = endpoints[n % endpoints.length].kind;
      const k = perKind.get(kind) ?? { latencies: [], non2xx: 0, statuses: {} };
      k.latencies.push(responseTime);
      if (statusCode < 200 || statusCode > 299) k.non2xx++;
      k.statuses[statusCode] = (k.statuses[statusCode] ?? 0) + 1;
      perKind.set(kind, k);
    });
    result = await instance;
  } finally {
    await server.stop();
  }

  const all = [...perKind.values()].flatMap((k) => k.latencies);
  const p95 = percentile(all, 95);
  // autocannon's `errors` already includes the timeouts (README: "connection errors (including timeouts)").
  const errors = result.errors + result.non2xx;
  const metrics: Metric[] = [
    { name: 'throughput', value: round(result.requests.average, 4), unit: 'req/s' },
    { name: 'latency p95 (all requests)', value: round(p95, 4), unit: 'ms', target: 300, better: 'lower' },
    { name: 'errors (connection incl. timeouts + non-2xx)', value: errors, unit: 'count', target: 0, better: 'lower', note: `${result.timeouts} timeouts (> 10 s), ${result.non2xx} non-2xx` },
  ];
  for (const [kind, k] of perKind) {
    metrics.push({ name: `latency p95 ${kind}`, value: round(percentile(k.latencies, 95), 4), unit: 'ms', note: `${k.latencies.length} requests, statuses ${JSON.stringify(k.statuses)}` });
  }
  const notes: string[] = [...errorSamples].map((m) => `request error: ${m}`);
  notes.push(`load average (1/5/15 min) before / after: ${loadBefore.join(' / ')} → ${loadavg().map((x) => round(x, 2)).join(' / ')} on ${cpus().length} cores shared with other engineers' work (server, autocannon and PostgreSQL on the same machine)`);
  if (endpoints.every((e) => e.kind === 'page')) notes.push('no API routes (tiles, building panel, scores, simulation) existed yet: the mix fell back to server-rendered pages');
  const missing = (['tiles', 'building panel', 'score list', 'scenario simulation'] as Kind[]).filter((k) => !endpoints.some((e) => e.kind === k));
  if (missing.length && missing.length < 4) notes.push(`not in the mix (no matching route yet): ${missing.join(', ')}`);
  writeResult({
    name: 'load-test',
    date: new Date().toISOString(),
    machine: await machineInfo(base),
    dataSize: { buildings: org.buildings, connections, seconds: duration, requests: result.requests.total },
    metrics,
    details: {
      mix: endpoints.map((e) => ({ kind: e.kind, method: e.method, route: e.source })),
      autocannon: { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, latency: result.latency, throughput: result.throughput },
    },
    notes,
  });
}

main().catch((error) => {
  console.error(`[bench:load-test] ${(error as Error).stack ?? error}`);
  process.exit(1);
});
