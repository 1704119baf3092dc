import type { Pool } from 'pg';

// Token buckets kept in PostgreSQL (table rate_limit_bucket, migration 20261123700000_rate_limit), so every
// Next.js instance behind the load balancer (docs/scaling.md) takes from the same bucket. One take is one atomic
// INSERT … ON CONFLICT DO UPDATE: concurrent takes on one key serialise on its row lock and never over-grant.
// Rows whose bucket would be full again (expires_at) mean the same as no row and are pruned now and then.

export interface BucketRule {
  /** Tokens the bucket holds when full (the burst). */
  capacity: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Seconds until one token is back (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  /**
   * Takes `cost` tokens from key's bucket. nowMs (ms since epoch) is for tests; without it the database clock
   * decides, so instances with slightly different clocks still agree.
   */
  take(key: string, nowMs?: number, cost?: number): Promise<TakeResult>;
  /** Forgets key's bucket (full again), e.g. an account's attempts once its password has been proven. */
  clear(key: string): Promise<void>;
}

/** How often one limiter instance deletes expired rows (at most). */
const PRUNE_EVERY_MS = 60_000;

// $1 limiter, $2 key, $3 now (ms, or null = clock_timestamp()), $4 capacity, $5 refill per second, $6 cost.
// In DO UPDATE, EXCLUDED.updated_at is "now"; the bucket's time never goes backwards (GREATEST) so a request
// from an instance with a slower clock gets no refill rather than a negative one.
const REFILLED = `LEAST($4::float8, b.tokens + GREATEST(0, extract(epoch FROM EXCLUDED.updated_at - b.updated_at)) * $5::float8)`;
const TAKE_SQL = `
INSERT INTO rate_limit_bucket AS b (limiter, key, tokens, granted, updated_at, expires_at)
SELECT $1, $2, $4::float8 - $6::float8, true, n.t, n.t + make_interval(secs => $6::float8 / $5::float8)
FROM (SELECT COALESCE(to_timestamp($3::float8 / 1000), clock_timestamp()) AS t) n
ON CONFLICT (limiter, key) DO UPDATE SET
  granted    = ${REFILLED} >= $6::float8,
  tokens     = ${REFILLED} - CASE WHEN ${REFILLED} >= $6::float8 THEN $6::float8 ELSE 0 END,
  updated_at = GREATEST(b.updated_at, EXCLUDED.updated_at),
  expires_at = GREATEST(b.updated_at, EXCLUDED.updated_at)
               + make_interval(secs => ($4::float8 - (${REFILLED} - CASE WHEN ${REFILLED} >= $6::float8 THEN $6::float8 ELSE 0 END)) / $5::float8)
RETURNING tokens, granted`;

/** A limiter named `name` (the bucket family) with `rule`, counting in the database behind `pool`. */
export function createRateLimiter(pool: Pool, name: string, rule: BucketRule): RateLimiter {
  if (!(rule.capacity > 0 && rule.refillPerSecond > 0)) throw new Error(`rate limit ${name}: capacity and refill must be positive`);
  let lastPruneMs = 0;
  return {
    async take(key, nowMs, cost = 1) {
      if (!(cost > 0 && cost <= rule.capacity)) throw new Error(`rate limit ${name}: cost ${cost} outside (0, ${rule.capacity}]`);
      const { rows } = await pool.query<{ tokens: number; granted: boolean }>(TAKE_SQL, [
        name, key, nowMs ?? null, rule.capacity, rule.refillPerSecond, cost,
      ]);
      const { tokens, granted } = rows[0];
      const clock = nowMs ?? Date.now();
      if (clock - lastPruneMs >= PRUNE_EVERY_MS) {
        lastPruneMs = clock;
        await pruneRateLimits(pool, nowMs);
      }
      if (granted) return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(tokens + 1e-9) };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - tokens) / rule.refillPerSecond - 1e-9)), remaining: 0 };
    },
    async clear(key) {
      await pool.query('DELETE FROM rate_limit_bucket WHERE limiter = $1 AND key = $2', [name, key]);
    },
  };
}

const limiters = new WeakMap<Pool, Map<string, RateLimiter>>();

/** The process's limiter `name` on `pool` (one per pool and name, so pruning stays occasional). */
export function sharedLimiter(pool: Pool, name: string, rule: BucketRule): RateLimiter {
  let byName = limiters.get(pool);
  if (!byName) limiters.set(pool, (byName = new Map()));
  let limiter = byName.get(name);
  if (!limiter) byName.set(name, (limiter = createRateLimiter(pool, name, rule)));
  return limiter;
}

/** Deletes buckets that are full again (they mean the same as no row); returns how many. */
export async function pruneRateLimits(pool: Pool, nowMs?: number): Promise<number> {
  const { rowCount } = await pool.query(
    'DELETE FROM rate_limit_bucket WHERE expires_at <= COALESCE(to_timestamp($1::float8 / 1000), clock_timestamp())',
    [nowMs ?? null],
  );
  return rowCount ?? 0;
}

// Sign-in: 5 attempts per e-mail address, then one more every 30 s; 30 per client address, then one every 2 s.
export const SIGN_IN_PER_ACCOUNT: BucketRule = { capacity: 5, refillPerSecond: 1 / 30 };
export const SIGN_IN_PER_CLIENT: BucketRule = { capacity: 30, refillPerSecond: 1 / 2 };
// Ingest API: per token, bursts of 20 requests then 2 per second; 10 failed attempts per client address then 1 per 6 s.
export const INGEST_PER_TOKEN: BucketRule = { capacity: 20, refillPerSecond: 2 };
export const INGEST_FAILED_PER_CLIENT: BucketRule = { capacity: 10, refillPerSecond: 1 / 6 };

/** The client's address as the server saw it (first X-Forwarded-For hop, else X-Real-IP), or 'unknown'. */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || headers.get('x-real-ip')?.trim() || 'unknown';
}
