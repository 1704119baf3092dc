import { describe, expect, it } from 'vitest';
import { clientAddress, createRateLimiter } from '@/lib/auth/rate-limit';

describe('token bucket', () => {
  it('lets a burst of `capacity` through, refuses the next with a retry time, refills over time', () => {
    const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 0.5 });
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('a', t0).allowed)).toEqual([true, true, true]);
    const refused = limiter.take('a', t0);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 2, remaining: 0 });
    expect(limiter.take('a', t0 + 1_000).allowed).toBe(false); // half a token back
    expect(limiter.take('a', t0 + 2_000).allowed).toBe(true); // one token back
  });

  it('keys are independent and never exceed capacity after a long pause', () => {
    const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 1 });
    limiter.take('a', 0);
    limiter.take('a', 0);
    expect(limiter.take('b', 0).allowed).toBe(true);
    expect(limiter.take('a', 3_600_000).remaining).toBe(1);
  });

  it('evicts the least recently used key beyond maxKeys', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 0.001 }, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0); // evicts a
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('c', 0).allowed).toBe(false);
  });

  it('reads the client address from the first X-Forwarded-For hop', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '192.0.2.1, 10.0.0.1' }))).toBe('192.0.2.1');
    expect(clientAddress(new Headers({ 'x-real-ip': '192.0.2.9' }))).toBe('192.0.2.9');
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});
