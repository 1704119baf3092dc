// pg_restore of the database: used by `npm run db:restore` and by the scheduled upkeep (lib/jobs/upkeep.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Client } from 'pg';

export interface RestoreOptions {
  file: string;
  /** Target database URL. */
  url: string;
  /** Replace what is there (pg_restore --clean --if-exists) instead of refusing a non-empty database. */
  force?: boolean;
}

/** The URL of another database on the same server. */
export function databaseUrl(baseUrl: string, database: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${database}`;
  u.search = '';
  return u.toString();
}

/** Creates an empty database with PostGIS on the server of baseUrl; returns its URL. */
export async function createEmptyDatabase(baseUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name "${name}" (lower-case letters, digits, _)`);
  const admin = new Client({ connectionString: databaseUrl(baseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(baseUrl, name);
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis');
  } finally {
    await c.end();
  }
  return url;
}

/** Number of tables outside the system schemas (and PostGIS' spatial_ref_sys). */
export async function countUserTables(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'tiger', 'tiger_data', 'topology')
          AND tablename <> 'spatial_ref_sys'`,
    );
    return rows[0].n;
  } finally {
    await c.end();
  }
}

/** Runs pg_restore of a custom-format dump into the database. */
export async function restoreDatabase({ file, url, force = false }: RestoreOptions): Promise<void> {
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  if (!force && (await countUserTables(url)) > 0) {
    throw new Error('the target database already has tables; use --force to replace them, or --create <name> for a new database');
  }
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', ...(force ? ['--clean', '--if-exists'] : []), '--dbname', url, file];
  const result = spawnSync('pg_restore', args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.error) throw new Error(`pg_restore could not run (${result.error.message}); install the PostgreSQL client tools`);
  if (result.status !== 0) throw new Error(`pg_restore failed: ${result.stderr.trim()}`);
}

