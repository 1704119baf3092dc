import { describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/auth/rate-limit';

// The token buckets themselves live in PostgreSQL: tests/integration/auth/rate-limit.test.ts.
describe('client address', () => {
  it('reads the client address from X-Forwarded-For as the HTTP hook leaves it', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '192.0.2.1, 10.0.0.1' }))).toBe('192.0.2.1');
    // X-Real-IP is not believed (any client can send it; the HTTP hook removes it).
    expect(clientAddress(new Headers({ 'x-real-ip': '192.0.2.9' }))).toBe('unknown');
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});
