// Rate limits in PostgreSQL (lib/auth/rate-limit.ts): two limiter instances on two independent pools stand for
// two Next.js servers behind a load balancer; they must count together, refill over time and be pruned.
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '@/lib/auth/auth';
import { createRateLimiter, INGEST_FAILED_PER_CLIENT, pruneRateLimits, SIGN_IN_PER_ACCOUNT } from '@/lib/auth/rate-limit';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { env } from '@/lib/config/env';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';
import { createOrgFixture, PASSWORD, type OrgFixture } from './fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: TestDb;
let otherPool: Pool; // a second, independent pool on the same schema: "the other server"
let org: OrgFixture;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

beforeAll(async () => {
  db = await createTestDb();
  otherPool = new Pool({ connectionString: env().DATABASE_URL, options: `-c search_path=${db.schema},public`, max: 4 });
  org = await createOrgFixture(db.pool, 'ratelimit');
});
afterAll(async () => {
  await otherPool?.end();
  await db?.drop();
});

describe('token buckets shared through PostgreSQL', () => {
  it('a burst of `capacity` across two instances, then refused with a retry time; refills over time', async () => {
    const rule = { capacity: 3, refillPerSecond: 0.5 };
    const a = createRateLimiter(db.pool, 'test:burst', rule);
    const b = createRateLimiter(otherPool, 'test:burst', rule);
    expect((await a.take('k', T0)).allowed).toBe(true);
    expect((await b.take('k', T0)).allowed).toBe(true);
    expect(await a.take('k', T0)).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: 0 });
    expect(await b.take('k', T0)).toEqual({ allowed: false, retryAfterSeconds: 2, remaining: 0 });
    expect((await a.take('k', T0 + 1_000)).allowed).toBe(false); // half a token back
    expect((await b.take('k', T0 + 2_000)).allowed).toBe(true); // one token back
    // Other keys and other limiters are independent.
    expect((await b.take('other', T0)).allowed).toBe(true);
    expect((await createRateLimiter(otherPool, 'test:another', rule).take('k', T0)).allowed).toBe(true);
  });

  it('concurrent takes from both pools never grant more than the bucket holds', async () => {
    const rule = { capacity: 5, refillPerSecond: 0.001 };
    const a = createRateLimiter(db.pool, 'test:race', rule);
    const b = createRateLimiter(otherPool, 'test:race', rule);
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).take('k', T0)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('the window expires: a full bucket again after capacity ÷ refill seconds, and its row is pruned', async () => {
    const rule = { capacity: 2, refillPerSecond: 1 / 10 };
    const a = createRateLimiter(db.pool, 'test:window', rule);
    const b = createRateLimiter(otherPool, 'test:window', rule);
    await a.take('k', T0);
    await b.take('k', T0);
    expect((await a.take('k', T0)).allowed).toBe(false);
    const { rows } = await db.pool.query(`SELECT expires_at FROM rate_limit_bucket WHERE limiter = 'test:window' AND key = 'k'`);
    expect(new Date(rows[0].expires_at).getTime()).toBe(T0 + 20_000); // 2 tokens × 10 s
    const windowRows = async () => (await db.pool.query(`SELECT 1 FROM rate_limit_bucket WHERE limiter = 'test:window'`)).rowCount;
    await pruneRateLimits(db.pool, T0 + 19_000); // inside the window: kept
    expect(await windowRows()).toBe(1);
    // Long past the window the bucket never holds more than its capacity.
    expect(await b.take('k', T0 + 3_600_000)).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: 1 });
    await pruneRateLimits(db.pool, T0 + 3_600_000 + 9_000); // one token short of full: kept
    expect(await windowRows()).toBe(1);
    expect(await pruneRateLimits(db.pool, T0 + 3_600_000 + 10_000)).toBeGreaterThanOrEqual(1);
    expect(await windowRows()).toBe(0);
  });

  it('a request whose clock is behind the bucket gets no refill (time never runs backwards)', async () => {
    const rule = { capacity: 1, refillPerSecond: 1 };
    const a = createRateLimiter(db.pool, 'test:skew', rule);
    expect((await a.take('k', T0 + 5_000)).allowed).toBe(true);
    expect((await a.take('k', T0)).allowed).toBe(false);
    expect((await a.take('k', T0 + 6_000)).allowed).toBe(true);
  });

  it('without a clock from the caller the database clock counts', async () => {
    const a = createRateLimiter(db.pool, 'test:dbclock', { capacity: 1, refillPerSecond: 1 / 3600 });
    expect((await a.take('k')).allowed).toBe(true);
    const refused = await a.take('k');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(3500);
  });
});

describe('sign-in limit across two server instances', () => {
  it('five failed attempts spread over two instances make the account wait on both, even with the right password', async () => {
    const serverA = createAuth({ pool: db.pool, baseURL: 'http://localhost:3000' });
    const serverB = createAuth({ pool: otherPool, baseURL: 'http://localhost:3000' });
    const email = org.users.viewer.email;
    for (let i = 0; i < SIGN_IN_PER_ACCOUNT.freeAttempts; i++) {
      const r = await signInWithPassword(i % 2 ? serverA : serverB, { email, password: `wrong-${i}` }, new Headers({ 'x-forwarded-for': `10.9.0.${i}` }), T0);
      expect(r).toEqual({ ok: false, code: 'invalid_credentials' });
    }
    for (const server of [serverA, serverB]) {
      const limited = await signInWithPassword(server, { email, password: PASSWORD }, new Headers({ 'x-forwarded-for': '10.9.1.1' }), T0 + 500);
      expect(limited).toEqual({ ok: false, code: 'rate_limited', retryAfterSeconds: 1 });
    }
    const later = await signInWithPassword(serverB, { email, password: PASSWORD }, new Headers({ 'x-forwarded-for': '10.9.1.1' }), T0 + 1_000);
    expect(later.ok).toBe(true);
  });
});

describe('ingest API limits across two server instances', () => {
  it('failed token attempts from one address, alternating between the two pools, end in 429 + Retry-After', async () => {
    const { POST } = await import('@/app/api/ingest/occupancy/route');
    const attempt = (pool: Pool) => {
      globalThis.arealPool = pool; // the route's getPool(): which "server" answers
      return POST(new Request('http://localhost/api/ingest/occupancy', {
        method: 'POST',
        headers: { authorization: 'Bearer areal_not-a-real-token', 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
        body: '{"readings":[]}',
      }));
    };
    try {
      const statuses: number[] = [];
      for (let i = 0; i < INGEST_FAILED_PER_CLIENT.capacity; i++) statuses.push((await attempt(i % 2 ? db.pool : otherPool)).status);
      expect(statuses).toEqual(Array(INGEST_FAILED_PER_CLIENT.capacity).fill(401));
      const limited = await attempt(db.pool);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await limited.json()).error.code).toBe('rate_limited');
      const limitedToo = await attempt(otherPool);
      expect(limitedToo.status).toBe(429);
    } finally {
      globalThis.arealPool = undefined;
    }
  });
});
