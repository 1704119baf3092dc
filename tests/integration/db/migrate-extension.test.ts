// `npm run db:migrate` against an existing server (DATABASE_URL) must not need db:up first: the migrations
// create PostGIS themselves.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '@/lib/config/env';
import { migrate } from '@/lib/db/migrate';

const base = env().DATABASE_URL;
const name = `areal_fresh_${randomBytes(4).toString('hex')}`;
const urlOf = (db: string) => { const u = new URL(base); u.pathname = `/${db}`; return u.toString(); };

describe('migrations on a fresh database', () => {
  beforeAll(async () => {
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('creates the PostGIS extension and the whole schema on a database that has neither', async () => {
    const c = new Client({ connectionString: urlOf(name) });
    await c.connect();
    try {
      expect((await c.query(`SELECT 1 FROM pg_extension WHERE extname = 'postgis'`)).rowCount).toBe(0);
      const ran = await migrate(c);
      expect(ran.length).toBeGreaterThan(5);
      expect((await c.query(`SELECT extnamespace::regnamespace::text AS s FROM pg_extension WHERE extname = 'postgis'`)).rows).toEqual([{ s: 'public' }]);
      expect((await c.query(`SELECT ST_AsText(ST_Point(1, 2)) AS p`)).rows[0].p).toBe('POINT(1 2)');
      expect(await migrate(c)).toEqual([]);
    } finally {
      await c.end();
    }
  });
});
