// Issue 15 item 15: server actions refused for CSRF answered 500 (Next.js's own origin check throws), and a session
// refreshed hourly lived for ever. Now a cross-site POST to a page is refused with 403 before any action runs, and a
// session ends SESSION_ABSOLUTE_MAX_SECONDS after sign-in however recently it was refreshed.
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ABSOLUTE_MAX_SECONDS } from '@/lib/config/limits';
import { resolveAuth } from '@/lib/auth/session';
import { proxy } from '@/proxy';
import { createRouteTestDb, type RouteTestDb } from '../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../integration/auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

describe('server actions from another site', () => {
  const action = (headers: Record<string, string>) =>
    proxy(new NextRequest('http://127.0.0.1:3000/admin/users', {
      method: 'POST',
      headers: { host: '127.0.0.1:3000', 'next-action': '7f00aa', cookie: 'areal.session_token=abc.def', 'content-type': 'text/plain;charset=UTF-8', ...headers },
      body: '[]',
    }));

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['a sibling site', { 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:9999' }],
    ['Origin null (sandboxed frame)', { origin: 'null' }],
  ])('%s: 403 csrf_rejected with the security headers, not 500', async (_name, headers) => {
    const res = await action(headers);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf_rejected');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-middleware-next')).toBeNull(); // the request goes no further
  });

  it('the same action from this site passes on to Next.js', async () => {
    const res = await action({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-middleware-next')).toBe('1');
  });
});

describe('absolute session lifetime', () => {
  let db: RouteTestDb;
  let org: OrgFixture;
  beforeAll(async () => {
    db = await createRouteTestDb();
    org = await createOrgFixture(db.pool, 'abs-session');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const session = async () => (await db.pool.query('SELECT id FROM auth_session WHERE user_id = $1', [org.users.viewer.id])).rows;
  /** Signs in, then makes the session `ageHours` old since sign-in; `refreshDue` = expiry such that it is due for its hourly refresh. */
  const signedInFor = async (ageHours: number, refreshDue: boolean) => {
    await db.pool.query('DELETE FROM auth_session WHERE user_id = $1', [org.users.viewer.id]);
    const cookie = await fixtureCookie(db.auth, org.users.viewer.email, '192.0.2.95');
    // Refreshed a minute ago (expires 8 h from then), or due for refresh (last extended over an hour ago).
    await db.pool.query(
      `UPDATE auth_session SET created_at = now() - make_interval(hours => $2), expires_at = now() + ($3)::interval WHERE user_id = $1`,
      [org.users.viewer.id, ageHours, refreshDue ? '6 hours' : '7 hours 59 minutes'],
    );
    return new Headers({ cookie });
  };

  it.each([false, true])('a session signed in 13 h ago is refused and deleted though just refreshed (refresh due: %s)', async (refreshDue) => {
    expect(SESSION_ABSOLUTE_MAX_SECONDS).toBe(12 * 3600);
    const headers = await signedInFor(13, refreshDue);
    expect((await resolveAuth(db.auth, db.pool, headers)).status).toBe('anonymous');
    expect(await session()).toEqual([]);
  });

  it('an 11-hour-old session still works', async () => {
    for (const refreshDue of [false, true]) {
      const headers = await signedInFor(11, refreshDue);
      expect((await resolveAuth(db.auth, db.pool, headers)).status).toBe('member');
      expect(await session()).toHaveLength(1);
    }
  });
});
