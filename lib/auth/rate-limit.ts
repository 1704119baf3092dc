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

export interface BackoffRule {
  /** Failed attempts allowed back to back before any delay. */
  freeAttempts: number;
  /** The delay after the first attempt past the free ones; it doubles with each further attempt. */
  baseDelaySeconds: number;
  /** The delay never grows past this (so nobody can lock an account for long). */
  maxDelaySeconds: number;
  /** Attempts are forgotten this long after the last counted one. */
  forgetAfterSeconds: number;
}

// A back-off in the same table: tokens = attempts counted, updated_at = the last counted attempt, expires_at =
// when they are forgotten. An attempt is counted (and allowed) when the delay its count demands has passed since
// the last counted one; a refused attempt changes nothing, so hammering a locked account does not lengthen it.
// $1 limiter, $2 key, $3 now (ms or null), $4 free attempts, $5 base delay s, $6 max delay s, $7 forget after s.
const BACKOFF_DELAY = `LEAST($6::float8, $5::float8 * power(2, GREATEST(0, b.tokens - $4::float8)))`;
const BACKOFF_OPEN = `(b.expires_at <= EXCLUDED.updated_at OR b.tokens < $4::float8 OR EXCLUDED.updated_at >= b.updated_at + make_interval(secs => ${BACKOFF_DELAY}))`;
const BACKOFF_SQL = `
INSERT INTO rate_limit_bucket AS b (limiter, key, tokens, granted, updated_at, expires_at)
SELECT $1, $2, 1, true, n.t, n.t + make_interval(secs => $7::float8)
FROM (SELECT COALESCE(to_timestamp($3::float8 / 1000), clock_timestamp()) AS t) n
ON CONFLICT (limiter, key) DO UPDATE SET
  granted    = ${BACKOFF_OPEN},
  tokens     = CASE WHEN b.expires_at <= EXCLUDED.updated_at THEN 1 WHEN ${BACKOFF_OPEN} THEN b.tokens + 1 ELSE b.tokens END,
  updated_at = CASE WHEN ${BACKOFF_OPEN} THEN GREATEST(b.updated_at, EXCLUDED.updated_at) ELSE b.updated_at END,
  expires_at = CASE WHEN ${BACKOFF_OPEN} THEN GREATEST(b.updated_at, EXCLUDED.updated_at) + make_interval(secs => $7::float8) ELSE b.expires_at END
RETURNING tokens, granted,
  extract(epoch FROM (updated_at + make_interval(secs => LEAST($6::float8, $5::float8 * power(2, GREATEST(0, tokens - $4::float8))))) - COALESCE(to_timestamp($3::float8 / 1000), clock_timestamp()))::float8 AS wait`;

/**
 * A back-off limiter: `freeAttempts` back to back, then each further attempt waits a delay that doubles up to
 * `maxDelaySeconds` (never a long lock), counted from the last allowed attempt. Same interface as a bucket.
 */
export function createBackoffLimiter(pool: Pool, name: string, rule: BackoffRule): RateLimiter {
  if (!(rule.freeAttempts >= 1 && rule.baseDelaySeconds > 0 && rule.maxDelaySeconds >= rule.baseDelaySeconds)) throw new Error(`back-off ${name}: invalid rule`);
  return {
    async take(key, nowMs) {
      const { rows } = await pool.query<{ tokens: number; granted: boolean; wait: number }>(BACKOFF_SQL, [
        name, key, nowMs ?? null, rule.freeAttempts, rule.baseDelaySeconds, rule.maxDelaySeconds, rule.forgetAfterSeconds,
      ]);
      const { granted, wait, tokens } = rows[0];
      if (granted) return { allowed: true, retryAfterSeconds: 0, remaining: Math.max(0, rule.freeAttempts - tokens) };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait - 1e-9)), remaining: 0 };
    },
    async clear(key) {
      await pool.query('DELETE FROM rate_limit_bucket WHERE limiter = $1 AND key = $2', [name, key]);
    },
  };
}

/** The process's back-off limiter `name` on `pool`. */
export function sharedBackoff(pool: Pool, name: string, rule: BackoffRule): RateLimiter {
  let byName = limiters.get(pool);
  if (!byName) limiters.set(pool, (byName = new Map()));
  let limiter = byName.get(name);
  if (!limiter) byName.set(name, (limiter = createBackoffLimiter(pool, name, rule)));
  return limiter;
}

// Sign-in per e-mail address: a back-off, not a lock — 5 attempts, then 1 s, 2 s, 4 s … at most 60 s between
// attempts, forgotten 15 min after the last. Someone who knows a colleague's e-mail can make them wait a minute
// at worst, never lock them out; a guesser gets at most ~60 tries an hour per account. Per client address: 30, then
// one every 2 s (the address is the socket's peer or what a trusted proxy says: lib/net/client-address.ts).
export const SIGN_IN_PER_ACCOUNT: BackoffRule = { freeAttempts: 5, baseDelaySeconds: 1, maxDelaySeconds: 60, forgetAfterSeconds: 15 * 60 };
export const SIGN_IN_PER_CLIENT: BucketRule = { capacity: 30, refillPerSecond: 1 / 2 };
// Ingest API: per token, bursts of 20 requests then 2 per second; 10 failed attempts per client address then 1 per 6 s.
export const INGEST_PER_TOKEN: BucketRule = { capacity: 20, refillPerSecond: 2 };
export const INGEST_FAILED_PER_CLIENT: BucketRule = { capacity: 10, refillPerSecond: 1 / 6 };

/**
 * The client's address: X-Forwarded-For as the server's HTTP hook leaves it — one address, decided from the
 * socket and AREAL_TRUSTED_PROXIES (lib/net/client-address.ts). Requests that do not come through the HTTP server
 * (tests, scripts) carry whatever they set; 'unknown' without it.
 */
export function clientAddress(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
