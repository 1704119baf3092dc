// The load test's request mix and one autocannon run of it, shared by the load test (scripts/bench/load-test.ts)
// and the load test during an import (scripts/bench/load-during-import.ts).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';

export type Kind = 'tiles' | 'building panel' | 'score list' | 'scenario simulation' | 'page';

export interface Endpoint {
  kind: Kind;
  /** Route file or page it was derived from. */
  source: string;
  method: 'GET' | 'POST';
  /** Returns a fresh path (and body) for each request. */
  make: () => { path: string; body?: string };
}

export interface Sample {
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
export function findRoutes(appDir = 'app'): string[] {
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
export function buildEndpoints(routes: string[], sample: Sample): Endpoint[] {
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

export async function loadSample(url: string, orgId: string): Promise<Sample> {
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

export interface KindStats {
  latencies: number[];
  non2xx: number;
  statuses: Record<string, number>;
}

export interface LoadRun {
  result: autocannon.Result;
  perKind: Map<Kind, KindStats>;
  errorSamples: Set<string>;
}

/** One autocannon run of the mix against baseURL: `connections` connections for `duration` s (10 s timeout each). */
export async function runLoad(baseURL: string, headers: Record<string, string>, endpoints: Endpoint[], o: { connections: number; duration: number; maxRequests: number }): Promise<LoadRun> {
  const { connections, duration, maxRequests } = o;
  const perKind = new Map<Kind, KindStats>();
  const clientCounters = new WeakMap<object, number>();
  const errorSamples = new Set<string>();
  const instance = autocannon({
    url: baseURL,
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
  const result = await instance;
  return { result, perKind, errorSamples };
}
