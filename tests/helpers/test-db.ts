import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { env } from '@/lib/config/env';
import { migrate } from '@/lib/db/migrate';

export interface TestDb {
  /** A pool whose connections see only this test file's schema (plus PostGIS in public). */
  pool: Pool;
  schema: string;
  /** Connection URL with the schema in its search_path, for child processes. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated schema in the real PostGIS database for one test file — no mocks.
 * Call drop() in afterAll.
 */
export async function createTestDb(): Promise<TestDb> {
  const base = env().DATABASE_URL;
  const schema = `t_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();

  const options = `-c search_path=${schema},public`;
  const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(options)}`;
  const migrator = new Client({ connectionString: base, options });
  await migrator.connect();
  await migrate(migrator);
  await migrator.end();

  const pool = new Pool({ connectionString: base, options, max: 4 });
  return {
    pool,
    schema,
    url,
    async drop() {
      await pool.end();
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
