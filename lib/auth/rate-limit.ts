// In-memory token buckets, one map per limiter, per process. Good enough for one Next.js server; behind several
// instances each counts on its own (docs/security.md says so) — a shared store (Redis/PostgreSQL) would replace it.

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

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiter {
  /** Takes `cost` tokens from key's bucket at time nowMs (ms since epoch). */
  take(key: string, nowMs: number, cost?: number): TakeResult;
  reset(key?: string): void;
}

/** A token-bucket limiter; the clock is passed in so the arithmetic is testable. */
export function createRateLimiter(rule: BucketRule, maxKeys = 50_000): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, nowMs, cost = 1) {
      const b = buckets.get(key) ?? { tokens: rule.capacity, at: nowMs };
      const elapsed = Math.max(0, (nowMs - b.at) / 1000);
      b.tokens = Math.min(rule.capacity, b.tokens + elapsed * rule.refillPerSecond);
      b.at = nowMs;
      // Map keeps insertion order: re-inserting moves the key to the end, so the oldest can be evicted first.
      buckets.delete(key);
      buckets.set(key, b);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
      if (b.tokens >= cost) {
        b.tokens -= cost;
        return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(b.tokens) };
      }
      return { allowed: false, retryAfterSeconds: Math.ceil((cost - b.tokens) / rule.refillPerSecond), remaining: 0 };
    },
    reset(key) {
      if (key === undefined) buckets.clear();
      else buckets.delete(key);
    },
  };
}

declare global {
  var arealRateLimiters: Map<string, RateLimiter> | undefined;
}

/** A named process-wide limiter (survives dev-mode module reloads). */
export function namedLimiter(name: string, rule: BucketRule): RateLimiter {
  globalThis.arealRateLimiters ??= new Map();
  let limiter = globalThis.arealRateLimiters.get(name);
  if (!limiter) {
    limiter = createRateLimiter(rule);
    globalThis.arealRateLimiters.set(name, limiter);
  }
  return limiter;
}

// Sign-in: 5 attempts per e-mail address, then one more every 30 s; 30 per client address, then one every 2 s.
export const SIGN_IN_PER_ACCOUNT: BucketRule = { capacity: 5, refillPerSecond: 1 / 30 };
export const SIGN_IN_PER_CLIENT: BucketRule = { capacity: 30, refillPerSecond: 1 / 2 };
// Ingest API: per token, bursts of 20 requests then 2 per second.
export const INGEST_PER_TOKEN: BucketRule = { capacity: 20, refillPerSecond: 2 };

/** The client's address as the server saw it (first X-Forwarded-For hop, else X-Real-IP), or 'unknown'. */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || headers.get('x-real-ip')?.trim() || 'unknown';
}
