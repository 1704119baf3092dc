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
  const auth = createAuth({ pool: db.pool });
  globalThis.arealAuth = auth;
  return {
    ...db,
    auth,
    async drop() {
      globalThis.arealPool = undefined;
      globalThis.arealAuth = undefined;
      await db.drop();
    },
  };
}
