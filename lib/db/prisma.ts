import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type ClientBase } from 'pg';
import { PrismaClient, type Prisma } from '@/lib/db/generated/client';
import { DB_TRANSACTION_MAX_WAIT_MS, DB_TRANSACTION_TIMEOUT_MS } from '@/lib/config/limits';
import { getPool } from '@/lib/db/pool';

export { Prisma } from '@/lib/db/generated/client';

// The Prisma client runs on the app's own pg Pool through @prisma/adapter-pg: one pool, one connection bound
// (DB_POOL_MAX in lib/config/limits.ts), shared by typed model queries and the raw SQL beside them.

/** A Prisma client, or the transaction client inside `$transaction` — what the data-access functions take. */
export type PrismaDb = PrismaClient | Prisma.TransactionClient;
/** What a data-access function on Prisma accepts: a pg pool (its Prisma client is used) or a Prisma client. */
export type Database = Pool | PrismaDb;
/** Anything pg can query: a pool, a pooled client or a client. */
export type PgQueryable = Pick<ClientBase, 'query'>;

// One client per pool, never closed by Prisma (the pool's owner ends it); a WeakMap so a test's pool and its
// client go together.
const clients = new WeakMap<Pool, PrismaClient>();
// Every client made here (not their transaction clients, which also carry a $transaction at run time).
const roots = new WeakSet<PrismaClient>();

/**
 * The schema a pool's connections see first (`-c search_path=<schema>,public` in its options: a test's schema),
 * or undefined for the default. Prisma qualifies table names itself, so it must be told.
 */
function poolSchema(pool: Pool): string | undefined {
  const options = (pool.options as { options?: string }).options;
  return options?.match(/search_path=([A-Za-z_][A-Za-z0-9_]*)/)?.[1];
}

/** The Prisma client over a pg pool (created once per pool). */
export function prismaFor(pool: Pool): PrismaClient {
  let client = clients.get(pool);
  if (!client) {
    const schema = poolSchema(pool);
    client = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
    clients.set(pool, client);
    roots.add(client);
  }
  return client;
}

/** The process-wide Prisma client, on the process-wide pool (getPool()). */
export function prisma(): PrismaClient {
  return prismaFor(getPool());
}

const isPrisma = (db: unknown): db is PrismaDb => typeof (db as PrismaDb).$queryRaw === 'function';

/**
 * Whether db is one pg connection (a PoolClient or Client) rather than a pool or a Prisma client: a set-based unit
 * (scoring, an import) that holds its connection and transaction — a read it makes belongs on that connection.
 */
export function isPgConnection(db: Database | PgQueryable): db is PgQueryable {
  return !isPrisma(db) && !(db instanceof Pool);
}

/** The Prisma client for what a data-access function was given. */
export function prismaOf(db: Database): PrismaDb {
  return isPrisma(db) ? db : prismaFor(db);
}

/**
 * Runs fn in one Prisma transaction — or inside the caller's, when db already is a transaction client (a unit
 * made of several data-access calls, e.g. a change and its audit row).
 */
export async function inTransaction<T>(db: Database, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  const p = prismaOf(db);
  return roots.has(p as PrismaClient) ? (p as PrismaClient).$transaction(fn, { maxWait: DB_TRANSACTION_MAX_WAIT_MS, timeout: DB_TRANSACTION_TIMEOUT_MS }) : fn(p);
}

/** A Prisma client on its own connection string (scripts and tests that have no pg pool). */
export function createPrisma(connectionString: string, schema?: string): PrismaClient {
  const adapter = schema
    ? new PrismaPg({ connectionString, options: `-c search_path=${schema},public` }, { schema })
    : new PrismaPg({ connectionString });
  const client = new PrismaClient({ adapter });
  roots.add(client);
  return client;
}
