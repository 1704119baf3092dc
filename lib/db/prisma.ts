import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/db/generated/client';
import { env } from '@/lib/config/env';

export { Prisma } from '@/lib/db/generated/client';

declare global {
  var arealPrisma: PrismaClient | undefined;
}

/** A Prisma client over node-postgres (no engine binary needed at run time). */
export function createPrisma(connectionString: string, schema?: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString }, schema ? { schema } : undefined);
  return new PrismaClient({ adapter });
}

/** The process-wide Prisma client. */
export function prisma(): PrismaClient {
  if (!globalThis.arealPrisma) globalThis.arealPrisma = createPrisma(env().DATABASE_URL);
  return globalThis.arealPrisma;
}
