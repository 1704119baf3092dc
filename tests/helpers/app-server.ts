// Starts the production build (`next start`) on a free loopback port for the browser tests, and a worker
// (`npm run worker`) beside it: uploads are imported by the worker from the job queue, as in production.
// Builds first when there is no build yet (scripts/test.sh builds before running the suite).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:net';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node';
import { buildDemoBasemap } from '@/lib/basemap/demo-archive';
import { env } from '@/lib/config/env';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

let server: ChildProcess | undefined;
let worker: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  if (process.env.AREAL_BASE_URL) {
    project.provide('baseURL', process.env.AREAL_BASE_URL);
    return;
  }
  if (!existsSync('.next/BUILD_ID')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  // Sign-in rate limits live in PostgreSQL (lib/auth/rate-limit.ts) and outlive a server; the browser tests sign in
  // the demo accounts many times from 127.0.0.1, so each run starts with empty counters, as a fresh server used to.
  const db = new Client({ connectionString: env().DATABASE_URL });
  await db.connect();
  await db.query(`DELETE FROM rate_limit_bucket WHERE limiter LIKE 'sign-in:%'`).finally(() => db.end());
  // The map's base map: the demo archive (lib/basemap/demo-archive.ts), unless the run configures one.
  if (!process.env.AREAL_BASEMAP_PMTILES) {
    const file = path.resolve('.data/basemap/demo.pmtiles');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, buildDemoBasemap());
    process.env.AREAL_BASEMAP_PMTILES = file;
  }
  const port = await freePort();
  server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
    detached: true,
  });
  worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, AREAL_LOG_LEVEL: 'warn' },
    detached: true,
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(baseURL);
      if (res.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('next start did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 300));
  }
  project.provide('baseURL', baseURL);
  return async () => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    if (worker?.pid && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      process.kill(-worker.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
  };
}
