// A test database the app itself uses: route handlers, server actions and the auth wrapper reach the database
// through getPool() and getAuth(), which read globalThis.arealPool / arealAuth — set here to this test's schema
// and cleared again by drop(). For integration tests that call route handlers directly.
import { createAuth, type Auth } from '@/lib/auth/auth';
import { createTestDb, type TestDb } from './test-db';

export interface RouteTestDb extends TestDb {
  auth: Auth;
}

export async function createRouteTestDb(): Promise<RouteTestDb> {
  const db = await createTestDb();
  globalThis.arealPool = db.pool;
  // Jobs a route queues go to this test's own queue schema, dropped with it.
  const queueSchema = `${db.schema}_q`;
  process.env.AREAL_QUEUE_SCHEMA = queueSchema;
  const auth = createAuth({ pool: db.pool });
  globalThis.arealAuth = auth;
  return {
    ...db,
    auth,
    async drop() {
      // A route that queued a job started the process's pg-boss on this pool (lib/jobs/boss.ts).
      const boss = globalThis.arealBoss;
      globalThis.arealBoss = undefined;
      if (boss) await (await boss.catch(() => null))?.stop({ graceful: false, close: false }).catch(() => undefined);
      await db.pool.query(`DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`).catch(() => undefined);
      globalThis.arealPool = undefined;
      globalThis.arealAuth = undefined;
      await db.drop();
    },
  };
}
