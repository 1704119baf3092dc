// Load test: 50 concurrent connections against the production build (`next start`) on 127.0.0.1 only,
// mixing map tiles, building panels, score lists and a scenario simulation, for 60 s — bounded in time
// (duration) and count (maxOverallRequests), 10 s timeout per request.
//   npx tsx scripts/bench/load-test.ts [--connections 50] [--duration 60] [--max-requests 200000] [--buildings 10000]
// Routes are found from app/**/route.ts (and the pages) when the test starts, so it measures what exists;
// the mix and the routes used are written to the result file. AREAL_BASE_URL reuses a running server.
import { cpus, loadavg } from 'node:os';
import { benchFlags, numberFlag } from './lib/args';
import { ensureBenchDatabase } from './lib/bench-db';
import { ensureBenchOrg } from './lib/bench-org';
import { machineInfo } from './lib/machine';
import { writeResult, type Metric } from './lib/results';
import { benchCookie } from './lib/bench-session';
import { buildEndpoints, findRoutes, loadSample, runLoad, type Kind, type LoadRun } from './lib/load-mix';
import { startServer } from './lib/server';
import { percentile, round } from './lib/stats';

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
  let run: LoadRun;
  try {
    run = await runLoad(server.baseURL, headers, endpoints, { connections, duration, maxRequests });
  } finally {
    await server.stop();
  }
  const { result, perKind, errorSamples } = run;
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
