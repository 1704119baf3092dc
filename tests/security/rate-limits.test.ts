// Issue 15 item 7. The limits keyed on the first X-Forwarded-For hop, which any client writes: rotating it, 0 of 40
// wrong sign-ins were limited. And the per-account limit was a lock a stranger could keep shut. Now the address
// comes from the socket (or from a configured proxy), and the per-account limit is a back-off capped at a minute.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '@/lib/auth/auth';
import { SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_CLIENT } from '@/lib/auth/rate-limit';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { installClientAddressHook, parseTrustedProxies, resolveClientAddress } from '@/lib/net/client-address';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../integration/auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: TestDb;
let auth: Auth;
let org: OrgFixture;
let server: http.Server;
let base: string;
const T0 = Date.UTC(2026, 5, 1, 9, 0, 0);

beforeAll(async () => {
  db = await createTestDb();
  auth = createAuth({ pool: db.pool, baseURL: 'http://localhost:3000' });
  org = await createOrgFixture(db.pool, 'xff');
  // The same hook instrumentation.ts installs in the Next.js server, with no trusted proxies (the default).
  installClientAddressHook(parseTrustedProxies(undefined));
  server = http.createServer(async (req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const body = JSON.parse(decodeURIComponent(req.url!.slice(1)));
    const r = await signInWithPassword(auth, body, headers, T0);
    res.end(JSON.stringify({ ...r, seenAs: headers.get('x-forwarded-for') }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.drop();
});

async function attempt(email: string, password: string, headers: Record<string, string>) {
  const res = await fetch(`${base}/${encodeURIComponent(JSON.stringify({ email, password }))}`, { headers });
  return (await res.json()) as { ok: boolean; code?: string; seenAs: string };
}

describe('the client address cannot be chosen by the client', () => {
  it('40 wrong sign-ins with a new X-Forwarded-For (and X-Real-IP) each: the per-address limit still counts them all as one client', async () => {
    const sessionsBefore = (await db.pool.query('SELECT count(*)::int AS n FROM auth_session')).rows[0].n;
    const results = [];
    for (let i = 0; i < 40; i++) {
      // A different e-mail each time as well, so only the per-address limit can stop this.
      results.push(await attempt(`guess-${i}@xff.test`, 'wrong-password', { 'x-forwarded-for': `203.0.113.${i}, 10.0.0.1`, 'x-real-ip': `198.51.100.${i}` }));
    }
    expect(new Set(results.map((r) => r.seenAs))).toEqual(new Set(['127.0.0.1']));
    const limited = results.filter((r) => r.code === 'rate_limited').length;
    expect(limited).toBe(40 - SIGN_IN_PER_CLIENT.capacity);
    // Refused attempts made no session.
    expect((await db.pool.query('SELECT count(*)::int AS n FROM auth_session')).rows[0].n).toBe(sessionsBefore);
  });

  it('behind a configured proxy the client is the right-most hop the proxies did not add', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 192.0.2.1, fd00::/8');
    expect(resolveClientAddress('10.1.2.3', '203.0.113.9', trusted)).toBe('203.0.113.9');
    // The client wrote a fake first hop; its proxy appended the real address.
    expect(resolveClientAddress('10.1.2.3', '198.51.100.66, 203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(resolveClientAddress('::ffff:192.0.2.1', '203.0.113.9, 10.0.0.7', trusted)).toBe('203.0.113.9');
    expect(resolveClientAddress('fd00::1', ['203.0.113.9'], trusted)).toBe('203.0.113.9');
    // Not from a trusted proxy: the header is ignored.
    expect(resolveClientAddress('198.51.100.1', '203.0.113.9', trusted)).toBe('198.51.100.1');
    expect(resolveClientAddress('10.1.2.3', 'not-an-ip, 203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.1.2.3', '203.0.113.9, garbage', trusted)).toBe('10.1.2.3');
    expect(() => parseTrustedProxies('proxy.internal')).toThrow(/not an IP address/);
  });
});

describe('the per-account limit is a back-off, not a lock a stranger can impose', () => {
  it('a stranger hammering a colleague\'s e-mail keeps them waiting at most a minute, and refused attempts do not lengthen it', async () => {
    const email = org.users.viewer.email;
    const wrong = (ms: number, i: number) => signInWithPassword(auth, { email, password: 'wrong' }, new Headers({ 'x-forwarded-for': `192.0.2.${i % 250}` }), T0 + ms);
    // The stranger tries every 250 ms for ten minutes; count the attempts that were even checked.
    let counted = 0;
    let lastCountedMs = 0;
    for (let ms = 0, i = 0; ms < 10 * 60_000; ms += 250, i++) {
      const r = await wrong(ms, i);
      if (r.ok === false && r.code === 'invalid_credentials') {
        counted++;
        lastCountedMs = ms;
      }
    }
    // Back-off: 5 free, then 1, 2, 4 … 60 s apart — about 15 guesses in ten minutes instead of 2,400.
    expect(counted).toBeGreaterThanOrEqual(SIGN_IN_PER_ACCOUNT.freeAttempts + 6);
    expect(counted).toBeLessThanOrEqual(SIGN_IN_PER_ACCOUNT.freeAttempts + 16);
    // The real user, right after the stranger stops, waits no more than the cap from the last counted attempt.
    const tooSoon = await signInWithPassword(auth, { email, password: PASSWORD }, new Headers({ 'x-forwarded-for': '198.51.100.200' }), T0 + 10 * 60_000);
    expect(tooSoon).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(tooSoon.ok === false && tooSoon.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_PER_ACCOUNT.maxDelaySeconds);
    const inTime = await signInWithPassword(auth, { email, password: PASSWORD }, new Headers({ 'x-forwarded-for': '198.51.100.200' }), T0 + lastCountedMs + SIGN_IN_PER_ACCOUNT.maxDelaySeconds * 1000);
    expect(inTime.ok).toBe(true);
  });
});
