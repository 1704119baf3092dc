// npm run db:restore -- <file> [--into <postgresql-url>] [--create <database-name>] [--force]
//   <file> alone      restores into the configured DATABASE_URL; refuses when it already has tables, unless --force
//                     (then objects in the dump are dropped and recreated: --clean --if-exists).
//   --create <name>   creates an empty database <name> on the same server and restores into it.
//   --into <url>      restores into that (empty) database.
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { env } from '@/lib/config/env';

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

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { into: { type: 'string' }, create: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new Error('usage: npm run db:restore -- <file.dump> [--into <url> | --create <name>] [--force]');
  const url = values.create ? await createEmptyDatabase(env().DATABASE_URL, values.create) : (values.into ?? env().DATABASE_URL);
  const started = Date.now();
  await restoreDatabase({ file, url, force: values.force });
  console.log(`[db:restore] ${file} → ${new URL(url).pathname.slice(1)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`[db:restore] ${(error as Error).message}`);
    process.exit(1);
  });
}
