// The separate benchmark database (default: `areal_bench` next to the main one). Benchmarks never write
// into the main database, so the `demo` organisation and the tests' schemas stay untouched.
import { Client } from 'pg';
import { env } from '@/lib/config/env';
import { migrate } from '@/lib/db/migrate';

/** URL of the bench database: BENCH_DATABASE_URL, else DATABASE_URL with the database renamed areal_bench. */
export function benchDatabaseUrl(): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const url = new URL(env().DATABASE_URL);
  url.pathname = '/areal_bench';
  return url.toString();
}

/** URL of the bench database with search_path set to one schema (plus public for PostGIS). */
export function schemaUrl(baseUrl: string, schema: string): string {
  // encodeURIComponent, not URLSearchParams: libpq does not read '+' as a space.
  const options = `options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
  return `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}${options}`;
}

/** Creates the bench database (with PostGIS) when missing and applies every migration; returns its URL. */
export async function ensureBenchDatabase(): Promise<string> {
  return ensureDatabase(benchDatabaseUrl());
}

/** Creates the database at `url` (with PostGIS) when missing and applies every migration; returns the URL. */
export async function ensureDatabase(url: string): Promise<string> {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const a = new Client({ connectionString: admin.toString() });
  await a.connect();
  try {
    const { rowCount } = await a.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (!rowCount) await a.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
  } finally {
    await a.end();
  }
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SET client_min_messages = warning');
    await c.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await migrate(c);
  } finally {
    await c.end();
  }
  return url;
}

/** Creates (or empties) a migrated schema in the bench database for one benchmark; returns its URL. */
export async function freshBenchSchema(baseUrl: string, schema: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const c = new Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query('SET client_min_messages = warning');
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await c.end();
  }
  const url = schemaUrl(baseUrl, schema);
  const m = new Client({ connectionString: url });
  await m.connect();
  try {
    await migrate(m);
  } finally {
    await m.end();
  }
  return url;
}

/** The bench database's URL with another database name (a scratch database next to it). */
export function siblingDatabaseUrl(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const url = new URL(benchDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the database at `url` (connections to it are closed first). */
export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name === 'areal' || name === 'postgres') throw new Error(`refusing to drop ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const a = new Client({ connectionString: admin.toString() });
  await a.connect();
  try {
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await a.end();
  }
}
