import { describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/auth/rate-limit';

// The token buckets themselves live in PostgreSQL: tests/integration/auth/rate-limit.test.ts.
describe('client address', () => {
  it('reads the client address from the first X-Forwarded-For hop', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '192.0.2.1, 10.0.0.1' }))).toBe('192.0.2.1');
    expect(clientAddress(new Headers({ 'x-real-ip': '192.0.2.9' }))).toBe('192.0.2.9');
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});
