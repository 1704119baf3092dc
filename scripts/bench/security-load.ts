// Oversized inputs under load (issue 15): the production build (`next start`) on 127.0.0.1 against this checkout's
// database with the demo organisation, a light autocannon load of other users' reads (score list, building panels),
// first alone (idle), then while the attacks of tests/security are fired at the same server one after another:
// a chunked 100 MB JSON body, a 60 MB GeoJSON upload + preview (and the same as facility staff), a 40 MB CSV with an
// unterminated quote and a CSV of 200 distinct years as dry runs, an ingest batch dated 1000…9999, six parallel PDF
// briefs. Reports the server's RSS (its node processes; Chromium children excluded) and the load's p95 per phase.
//   npx tsx scripts/bench/security-load.ts [--seconds 30] [--connections 4]
// Needs a build (`npm run build`) and the demo data (npm run demo / scripts/seed.ts + demo-users.ts).
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { env } from '@/lib/config/env';
import { createIngestToken, revokeIngestToken } from '@/lib/imports/ingest-token';
import { sessionCookie } from '../../tests/helpers/sign-in';
import { benchFlags, numberFlag } from './lib/args';
import { startServer } from './lib/server';
import { percentile, round } from './lib/stats';

const flags = benchFlags('npx tsx scripts/bench/security-load.ts [--seconds 30] [--connections 4]', { seconds: { type: 'string' }, connections: { type: 'string' } });
const SECONDS = numberFlag(flags, 'seconds', 30);
const CONNECTIONS = numberFlag(flags, 'connections', 4);

/** Summed VmRSS (MB) of the node processes in the server's process group. */
async function serverRssMb(pgid: number): Promise<number> {
  let kb = 0;
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const pgrp = Number(stat.slice(close + 2).split(' ')[2]);
      if (pgrp !== pgid || !/node|next/i.test(comm)) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

async function main() {
  const databaseUrl = env().DATABASE_URL;
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const org = (await pool.query<{ id: string }>("SELECT id FROM organisation WHERE slug = 'demo'")).rows[0];
  if (!org) throw new Error('no demo organisation: run `npm run demo` (or scripts/seed.ts and scripts/demo-users.ts) first');
  const buildings = (await pool.query<{ id: string }>('SELECT id FROM building WHERE organisation_id = $1 LIMIT 200', [org.id])).rows.map((r) => r.id);
  const scenario = (await pool.query<{ id: string }>("SELECT id FROM scenario WHERE organisation_id = $1 AND status IN ('proposed', 'approved') LIMIT 1", [org.id])).rows[0];
  const partitionsBefore = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'occupancy_reading'::regclass")).rows[0].n;

  const server = await startServer({ databaseUrl });
  const dir = await mkdtemp(path.join(tmpdir(), 'areal-security-load-'));
  const { token, id: tokenId } = await createIngestToken(pool, org.id, 'security-load');
  try {
    const pm = await sessionCookie(server.baseURL, 'property_manager');
    const staff = await sessionCookie(server.baseURL, 'facility_staff');
    const viewer = await sessionCookie(server.baseURL, 'viewer');
    const files = await makeFiles(dir);

    // RSS sampled every 250 ms, per phase.
    let phase: 'idle' | 'attack' = 'idle';
    const rss: Record<string, number[]> = { idle: [], attack: [] };
    const sampler = setInterval(() => {
      if (server.pid) void serverRssMb(server.pid).then((mb) => rss[phase].push(mb));
    }, 250);

    const load = async () => {
      const times: number[] = [];
      let non2xx = 0;
      const instance = autocannon({
        url: server.baseURL, connections: CONNECTIONS, duration: SECONDS, timeout: 10, headers: { cookie: pm },
        requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', path: Math.random() < 0.5 ? '/api/scores?limit=50' : `/api/buildings/${buildings[Math.floor(Math.random() * buildings.length)]}/panel` }) }],
      });
      instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
        times.push(ms);
        if (status >= 300) non2xx += 1;
      });
      const result = await instance;
      return { requests: times.length, p50: round(percentile(times, 50), 3), p95: round(percentile(times, 95), 3), non2xx, errors: result.errors };
    };

    const idle = await load();
    phase = 'attack';
    const attacks: Array<{ name: string; status: string; ms: number }> = [];
    const loadDone = load();
    let running = true;
    void loadDone.then(() => (running = false));
    while (running) {
      for (const [name, attack] of Object.entries(attackList(server.baseURL, { pm, staff, viewer, token, files, scenarioId: scenario?.id }))) {
        if (!running) break;
        const started = performance.now();
        const status = await attack().catch((e: Error) => `error: ${e.message}`);
        attacks.push({ name, status, ms: Math.round(performance.now() - started) });
      }
    }
    const attacked = await loadDone;
    clearInterval(sampler);
    const partitionsAfter = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'occupancy_reading'::regclass")).rows[0].n;
    const result = {
      date: new Date().toISOString(),
      seconds: SECONDS, connections: CONNECTIONS,
      idle: { ...idle, rssMaxMb: Math.round(Math.max(...rss.idle)) },
      attack: { ...attacked, rssMaxMb: Math.round(Math.max(...rss.attack)) },
      partitions: { before: partitionsBefore, after: partitionsAfter },
      attacks: summarise(attacks),
    };
    console.log(JSON.stringify(result, null, 2));
    await writeFile(path.join(process.cwd(), 'bench', 'results', 'security-load.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await revokeIngestToken(pool, org.id, tokenId).catch(() => undefined);
    await server.stop();
    await pool.end();
    await rm(dir, { recursive: true, force: true });
  }
}

function summarise(attacks: Array<{ name: string; status: string; ms: number }>) {
  const by = new Map<string, { runs: number; statuses: Set<string>; maxMs: number }>();
  for (const a of attacks) {
    const e = by.get(a.name) ?? { runs: 0, statuses: new Set<string>(), maxMs: 0 };
    e.runs += 1;
    e.statuses.add(a.status);
    e.maxMs = Math.max(e.maxMs, a.ms);
    by.set(a.name, e);
  }
  return Object.fromEntries([...by].map(([k, v]) => [k, { runs: v.runs, outcomes: [...v.statuses], maxMs: v.maxMs }]));
}

interface Files { geojson: string; unterminated: string; years: string }

async function makeFiles(dir: string): Promise<Files> {
  const write = async (name: string, parts: () => Generator<string>) => {
    const p = path.join(dir, name);
    const out = createWriteStream(p);
    for (const s of parts()) if (!out.write(s)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise((r) => out.end(r));
    return p;
  };
  const ring = Array.from({ length: 40 }, (_, i) => `[${600000 + i},${6200000 + i}]`).join(',');
  const geojson = await write('big.geojson', function* () {
    yield '{"type":"FeatureCollection","features":[';
    for (let i = 0, size = 0; size < 60e6; i++) {
      const f = `${i ? ',' : ''}{"type":"Feature","properties":{"id_lokalid":"b-${i}"},"geometry":{"type":"Polygon","coordinates":[[${ring}]]}}`;
      size += f.length;
      yield f;
    }
    yield ']}';
  });
  const unterminated = await write('unterminated.csv', function* () {
    yield 'timestamp;sensor_id;count\n2026-03-02T08:00:00Z;"S-1;3\n';
    const filler = '2026-03-02T09:15:00Z;S-1;3\n'.repeat(10_000);
    for (let i = 0; i < 150; i++) yield filler; // 150 × 270 KB ≈ 40 MB
  });
  const years = await write('years.csv', function* () {
    yield 'timestamp;sensor_id;count\n';
    for (let y = 1800; y < 1900; y++) yield `01-06-${y} 08:00;S-1;1\n`;
    for (let y = 2100; y < 2200; y++) yield `${y}-06-01 08:00;S-1;1\n`;
  });
  return { geojson, unterminated, years };
}

function attackList(base: string, s: { pm: string; staff: string; viewer: string; token: string; files: Files; scenarioId?: string }): Record<string, () => Promise<string>> {
  const upload = async (cookie: string, file: string) => {
    const { createReadStream } = await import('node:fs');
    const { Readable } = await import('node:stream');
    const res = await fetch(`${base}/api/imports/uploads?name=${path.basename(file)}`, {
      method: 'POST', headers: { cookie }, body: Readable.toWeb(createReadStream(file)) as ReadableStream, duplex: 'half',
    } as RequestInit);
    return (await res.json()) as { uploadId: string };
  };
  const post = (cookie: string, url: string, body: unknown) =>
    fetch(`${base}${url}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const dryRun = async (file: string) => {
    const { uploadId } = await upload(s.pm, file);
    const { jobId } = (await (await post(s.pm, '/api/imports/jobs', { uploadId, kind: 'occupancy', dryRun: true })).json()) as { jobId: string };
    for (let i = 0; i < 120; i++) {
      const job = (await (await fetch(`${base}/api/imports/jobs/${jobId}`, { headers: { cookie: s.pm } })).json()) as { status?: string; errors?: Array<{ code: string }> };
      if (job.status && job.status !== 'running') return `${job.status} ${job.errors?.[0]?.code ?? ''}`.trim();
      await new Promise((r) => setTimeout(r, 250));
    }
    return 'still running';
  };
  return {
    'chunked 100 MB JSON body': async () => {
      let sent = 0;
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      const body = new ReadableStream<Uint8Array>({ pull: (c) => (sent >= 100 * 1024 * 1024 ? c.close() : ((sent += chunk.length), c.enqueue(chunk))) });
      const res = await fetch(`${base}/api/scores/weights`, { method: 'PUT', headers: { cookie: s.pm, 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
      return String(res.status);
    },
    '60 MB GeoJSON upload + preview': async () => {
      const { uploadId } = await upload(s.pm, s.files.geojson);
      const res = await post(s.pm, '/api/imports/preview', { uploadId, kind: 'footprints' });
      const staffRes = await post(s.staff, '/api/imports/preview', { uploadId: (await upload(s.staff, s.files.geojson)).uploadId, kind: 'footprints' });
      return `${res.status} (facility staff ${staffRes.status})`;
    },
    '40 MB CSV, unterminated quote (dry run)': () => dryRun(s.files.unterminated),
    'CSV of 200 distinct years (dry run)': () => dryRun(s.files.years),
    'ingest batch dated 1000…9999': async () => {
      const readings = ['1000-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '2099-01-01T00:00:00Z', '9999-12-31T00:00:00Z'].map((ts) => ({ sensor: 'x', ts, value: 1 }));
      const res = await fetch(`${base}/api/ingest/occupancy`, { method: 'POST', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ readings }) });
      return String(res.status);
    },
    'six parallel PDF briefs': async () => {
      if (!s.scenarioId) return 'no scenario';
      const statuses = await Promise.all([s.viewer, s.viewer, s.viewer, s.pm, s.pm, s.pm].map(async (cookie) => (await fetch(`${base}/api/scenarios/${s.scenarioId}/pdf`, { headers: { cookie } })).status));
      return statuses.sort().join(',');
    },
  };
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
