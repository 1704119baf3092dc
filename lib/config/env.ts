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
  /** The organisation scripts work in when none is named (slug). */
  AREAL_DEFAULT_ORG: z.string().min(1).default('demo'),
  /** scripts/db/maintain.ts: drop raw-reading months older than this many months (rollups stay); unset = never. */
  AREAL_READING_RETENTION_MONTHS: z.string().regex(/^\d+$/, 'a whole number of months').optional(),
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

// The settings that do not need the database, read through here too: the only reader of process.env besides
// proxy.ts and lib/api/security-headers.ts, which the proxy imports and which therefore stay free of Node modules. Read on every call, not cached: some are read once at module load anyway (bcrypt cost, demo
// password), and tests set them before importing.
const runtimeSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The public origin (https://…): secure cookies, CSRF origins, the PDF brief's links. */
  AREAL_BASE_URL: z.string().url().optional(),
  /** The session-signing secret (≥ 32 characters); BETTER_AUTH_SECRET is accepted too. */
  AREAL_AUTH_SECRET: z.string().optional(),
  BETTER_AUTH_SECRET: z.string().optional(),
  AREAL_BASEMAP_STYLE_URL: z.string().url().optional(),
  /** A PMTiles base-map archive the app serves itself (lib/basemap/serve-archive.ts, docs/map.md). */
  AREAL_BASEMAP_PMTILES: z.string().min(1).optional(),
  AREAL_DEMO_PASSWORD: z.string().min(1).optional(),
  /** bcrypt cost factor (tests use 4). */
  AREAL_BCRYPT_COST: z.string().regex(/^\d+$/).optional(),
  /** The Chromium the PDF brief is rendered with. */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  AREAL_DEFAULT_ORG: z.string().min(1).default('demo'),
  // Operations (docs/operations.md): logs, the web server's and the worker's stop, the queue, uploads, backups.
  /** pino level; unset = info (warn under tests). */
  AREAL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** `pretty` = readable lines for a terminal (the demo); anything else = JSON lines. */
  AREAL_LOG_FORMAT: z.string().optional(),
  /** Which process a log line comes from (set by scripts/web.ts and scripts/worker.ts). */
  AREAL_PROCESS: z.string().min(1).default('web'),
  NO_COLOR: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default('0.0.0.0'),
  /** Seconds /api/ready answers 503 before the web server stops accepting connections. */
  AREAL_WEB_UNREADY_SECONDS: z.coerce.number().min(0).default(5),
  /** Seconds the web server lets requests in flight finish. */
  AREAL_WEB_DRAIN_SECONDS: z.coerce.number().min(0).default(30),
  /** Seconds the worker lets running jobs finish on SIGTERM before it releases them. */
  AREAL_WORKER_DRAIN_SECONDS: z.coerce.number().min(0).default(60),
  /** Seconds after which a worker without a heartbeat counts as gone (at least 2). */
  AREAL_WORKER_STALE_SECONDS: z.coerce.number().min(2).default(20),
  /** pg-boss's schema (tests use their own). */
  AREAL_QUEUE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier').default('pgboss'),
  /** Where uploads are kept until the worker has imported them; unset = the OS temp folder. */
  AREAL_UPLOAD_DIR: z.string().optional(),
  AREAL_BACKUP_DIR: z.string().min(1).default('backups'),
  AREAL_BACKUP_KEEP: z.coerce.number().int().min(1).default(14),
  /** Drop raw-reading months older than this many months (rollups stay); unset = never. */
  AREAL_READING_RETENTION_MONTHS: z.coerce.number().int().min(1).optional(),
});

export type RuntimeEnv = z.infer<typeof runtimeSchema>;

/** The validated runtime settings (no DATABASE_URL needed); throws a readable error when one is malformed. */
export function runtimeEnv(): RuntimeEnv {
  const parsed = runtimeSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** An upkeep task's cron from AREAL_UPKEEP_CRON_<TASK> (e.g. AREAL_UPKEEP_CRON_RESTORE_CHECK), if set. */
export function upkeepCronSetting(task: string): string | undefined {
  const v = process.env[`AREAL_UPKEEP_CRON_${task.toUpperCase().replace(/-/g, '_')}`];
  return v && v.trim() !== '' ? v : undefined;
}

/**
 * The raw environment as a record, for the few functions that take one as a parameter so tests can pass their
 * own (secureCookies, oidcConfig: the OIDC provider's many variables are validated there).
 */
export function rawEnv(): Record<string, string | undefined> {
  return process.env;
}
