// The production web server (scripts/web.ts) stops gracefully: after SIGTERM it answers /api/ready with 503, an
// upload that was being streamed when the signal came is still received and stored, and the process exits 0.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sessionCookie } from '../helpers/sign-in';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

describe('the web server on SIGTERM', () => {
  it('drains: unready at once, the upload in flight completes, exit 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/web.ts'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOSTNAME: '127.0.0.1', AREAL_WEB_UNREADY_SECONDS: '1', AREAL_WEB_DRAIN_SECONDS: '20', AREAL_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    while (!(await fetch(`${url}/api/health`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error('scripts/web.ts did not answer');
      await new Promise((r) => setTimeout(r, 300));
    }
    const cookie = await sessionCookie(url, 'property_manager');

    // A chunked upload: the header row now, the rest after the signal.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${url}/api/imports/uploads?name=drain.csv`, { method: 'POST', headers: { cookie, 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('bygnings_id;navn;anvendelse;areal\n');
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(async () => {
          const ready = await fetch(`${url}/api/ready`).then(async (r) => ({ status: r.status, body: await r.json() }), (e: Error) => ({ status: 0, body: e.message }));
          expect(ready).toEqual({ status: 503, body: { status: 'draining' } });
          for (let i = 0; i < 20; i++) req.write(`D-${i};Drænet ${i};321;100\n`);
          setTimeout(() => req.end('D-99;Sidst;321;100\n'), 1500);
        }, 300);
      }, 300);
    });
    const { status, body } = await response;
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ name: 'drain.csv' });
    expect(JSON.parse(body).size).toBeGreaterThan(400);
    expect(await exited).toBe(0);
  });
});
