import { Pool, type PoolClient } from 'pg';
import { env } from '@/lib/config/env';
import { DB_POOL_MAX } from '@/lib/config/limits';

declare global {
  // One pool per process, surviving Next.js dev-mode module reloads.
  var arealPool: Pool | undefined;
}

/** The process-wide pg pool (PostGIS through node-postgres); the Prisma client (lib/db/prisma.ts) runs on it too. */
export function getPool(): Pool {
  if (!globalThis.arealPool) {
    globalThis.arealPool = new Pool({ connectionString: env().DATABASE_URL, max: DB_POOL_MAX });
  }
  return globalThis.arealPool;
}

/** Runs fn inside one transaction on one connection; rolls back on any error. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
