import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// Scripts run outside Next.js, which would otherwise load .env for us.
const envFile = path.join(process.cwd(), '.env');
if (!process.env.DATABASE_URL && existsSync(envFile)) process.loadEnvFile(envFile);

const envSchema = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgresql:// URL; run `npm run db:up`' }),
  AREAL_BASEMAP_STYLE_URL: z.string().url().optional(),
  /** A PMTiles base map on this server's disk, served by /api/basemap/archive (docs/map.md). */
  AREAL_BASEMAP_PMTILES: z.string().min(1).optional(),
  /** Proxies whose X-Forwarded-For is believed (addresses / CIDR ranges, comma-separated); unset = none (lib/net/client-address.ts). */
  AREAL_TRUSTED_PROXIES: z.string().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** The validated environment; throws a readable error when a variable is missing or malformed. */
export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid environment: ${issues}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/**
 * AREAL_TRUSTED_PROXIES alone, for the HTTP server hook that runs before anything else (instrumentation.ts):
 * it must not depend on the database settings being valid yet.
 */
export function trustedProxiesSetting(): string | undefined {
  return envSchema.shape.AREAL_TRUSTED_PROXIES.parse(process.env.AREAL_TRUSTED_PROXIES);
}
