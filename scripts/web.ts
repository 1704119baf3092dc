// npm run start:web — the production web server with a graceful stop. `next start` exits on SIGTERM at once,
// cutting off requests in flight (an upload being streamed, an import being queued); this is the same Next.js
// request handler in a plain node:http server that, on SIGTERM/SIGINT, first answers /api/ready with 503 for
// AREAL_WEB_UNREADY_SECONDS (5: a load balancer polling readiness notices and stops sending), then stops accepting
// connections, lets the requests in flight finish (up to AREAL_WEB_DRAIN_SECONDS, 30) and exits 0.
process.env.AREAL_PROCESS ??= 'web';
import { createServer } from 'node:http';
import next from 'next';
import { runtimeEnv } from '@/lib/config/env';
import { log } from '@/lib/log/logger';
import { markDraining } from '@/lib/ops/draining';

async function main() {
  const { PORT: port, HOSTNAME: hostname } = runtimeEnv();
  const app = next({ dev: false, hostname, port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    res.on('close', () => { inFlight -= 1; });
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000; // above common load balancers' idle timeout (60 s)
  server.listen(port, hostname, () => log().info({ port, hostname }, 'web server listening'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    markDraining();
    const unreadyMs = runtimeEnv().AREAL_WEB_UNREADY_SECONDS * 1000;
    const drainMs = runtimeEnv().AREAL_WEB_DRAIN_SECONDS * 1000;
    log().info({ signal, inFlight, unreadyMs, drainMs }, 'web server draining');
    setTimeout(() => {
      const force = setTimeout(() => {
        log().warn({ inFlight }, 'drain time over; closing the remaining connections');
        server.closeAllConnections();
        process.exit(0);
      }, drainMs);
      server.close(() => {
        clearTimeout(force);
        log().info('web server stopped');
        process.exit(0);
      });
      server.closeIdleConnections();
    }, unreadyMs);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: Error) => {
  log().fatal({ err: e }, 'web server failed to start');
  process.exit(1);
});
