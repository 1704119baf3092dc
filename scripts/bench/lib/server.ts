// Starts the production build (`next start`) on a free loopback port against a chosen database, for the
// pages bench and the load test. Reuses AREAL_BASE_URL when a server is already running.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export interface RunningServer {
  baseURL: string;
  /** The `next start` process (the leader of its process group); undefined when AREAL_BASE_URL was reused. */
  pid?: number;
  stop(): Promise<void>;
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

/** Builds when there is no production build (or `build` is true) — `next build` takes minutes on 2 cores. */
export function ensureBuild(build = false): void {
  if (build || !existsSync('.next/BUILD_ID')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}

/**
 * `next start` on 127.0.0.1 only, with DATABASE_URL set to the bench database. The organisation comes from the
 * signed-in session (scripts/bench/lib/bench-session.ts): the app no longer reads AREAL_DEFAULT_ORG.
 */
export async function startServer(opts: { databaseUrl: string; env?: Record<string, string> }): Promise<RunningServer> {
  if (process.env.AREAL_BASE_URL) return { baseURL: process.env.AREAL_BASE_URL, stop: async () => undefined };
  ensureBuild();
  const port = await freePort();
  const child: ChildProcess = spawn('node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...opts.env, NODE_ENV: 'production', DATABASE_URL: opts.databaseUrl },
    detached: true,
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(baseURL);
      if (res.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error('next start did not answer within 90 s');
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { baseURL, pid: child.pid, stop };
}
