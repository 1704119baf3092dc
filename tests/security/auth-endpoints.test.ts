// Issue 15 item 11: /api/auth/get-session handed the raw session token to page JavaScript, and better-auth's
// /api/auth/* responses carried none of the security headers every other response has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET, POST } from '@/app/api/auth/[...all]/route';
import { API_CSP } from '@/lib/api/security-headers';
import { createRouteTestDb, type RouteTestDb } from '../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../integration/auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let org: OrgFixture;
let cookie: string;

beforeAll(async () => {
  db = await createRouteTestDb();
  org = await createOrgFixture(db.pool, 'auth-endpoints');
  cookie = await fixtureCookie(db.auth, org.users.viewer.email, '192.0.2.80');
});
afterAll(async () => {
  await db?.drop();
});

const headersOf = (res: Response) => Object.fromEntries(['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy'].map((h) => [h, res.headers.get(h)]));
const EXPECTED = { 'content-security-policy': API_CSP, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'strict-origin-when-cross-origin', 'cross-origin-opener-policy': 'same-origin' };

describe('better-auth endpoints', () => {
  it('get-session answers who is signed in, but never the session token', async () => {
    const { rows: [session] } = await db.pool.query<{ token: string }>('SELECT token FROM auth_session WHERE user_id = $1', [org.users.viewer.id]);
    const res = await GET(new Request('http://localhost:3000/api/auth/get-session', { headers: { cookie } }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(session.token);
    const body = JSON.parse(text);
    expect(body.user.email).toBe(org.users.viewer.email);
    expect(body.session).toBeDefined();
    expect(body.session).not.toHaveProperty('token');
    expect(headersOf(res)).toEqual(EXPECTED);
  });

  it('every /api/auth answer carries the security headers: session lookup without a session, errors, sign-out, refusals', async () => {
    const answers = [
      await GET(new Request('http://localhost:3000/api/auth/get-session')),
      await GET(new Request('http://localhost:3000/api/auth/error?error=x')),
      await GET(new Request('http://localhost:3000/api/auth/callback/oidc?state=forged&code=x')),
      await POST(new Request('http://localhost:3000/api/auth/sign-in/email', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })),
      await POST(new Request('http://localhost:3000/api/auth/sign-out', { method: 'POST', headers: { cookie, origin: 'http://localhost:3000', 'content-type': 'application/json' }, body: '{}' })),
    ];
    for (const res of answers) expect(headersOf(res), `${res.status} ${res.url}`).toEqual(EXPECTED);
    // Sign-out still signs out (its Set-Cookie survived the copy) and deleted the session.
    expect(answers[4].headers.getSetCookie().join(';')).toMatch(/session_token=;/);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM auth_session WHERE user_id = $1', [org.users.viewer.id])).rows[0].n).toBe(0);
  });
});
