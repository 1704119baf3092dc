import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/db/generated/client';
import { env } from '@/lib/config/env';

export { Prisma } from '@/lib/db/generated/client';

declare global {
  var arealPrisma: PrismaClient | undefined;
}

/**
 * A Prisma client over node-postgres (no engine binary needed at run time). With `schema`, both model
 * queries and raw Prisma.sql queries (through search_path) go to that schema — used by the tests.
 */
export function createPrisma(connectionString: string, schema?: string): PrismaClient {
  const adapter = schema
    ? new PrismaPg({ connectionString, options: `-c search_path=${schema},public` }, { schema })
    : new PrismaPg({ connectionString });
  return new PrismaClient({ adapter });
}

/** The process-wide Prisma client. */
export function prisma(): PrismaClient {
  if (!globalThis.arealPrisma) globalThis.arealPrisma = createPrisma(env().DATABASE_URL);
  return globalThis.arealPrisma;
}
