// resolveAuth's one-query path (session + user + memberships + assignments in one round trip) against better-auth's
// getSession path it short-cuts: the same answer in every state, one query for a signed-in request, and the cases it
// must leave to better-auth (expiry clean-up, the hourly refresh) still handled by it.
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, SESSION_MAX_AGE_SECONDS, type Auth } from '@/lib/auth/auth';
import { parseCookieHeader, resolveAuth, resolveThroughBetterAuth, verifySignedCookie } from '@/lib/auth/session';
import { removeMembership, setMembership, setAccountDisabled } from '@/lib/auth/users';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from './fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: TestDb;
let auth: Auth;
let a: OrgFixture;
let b: OrgFixture;

/** The pool with a count of the queries sent through it (real queries on the real database). */
function counting(pool: Pool): { pool: Pool; count: () => number } {
  let n = 0;
  const wrapped = new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'query') return (...args: Parameters<Pool['query']>) => { n++; return (target.query as (...a: unknown[]) => unknown)(...args); };
      return Reflect.get(target, prop, receiver);
    },
  });
  return { pool: wrapped, count: () => n };
}

async function both(cookie: string) {
  const h = new Headers({ cookie });
  return { fast: await resolveAuth(auth, db.pool, h), slow: await resolveThroughBetterAuth(auth, db.pool, h) };
}

beforeAll(async () => {
  db = await createTestDb();
  auth = createAuth({ pool: db.pool, baseURL: 'http://localhost:3000' });
  a = await createOrgFixture(db.pool, 'onequery-a');
  b = await createOrgFixture(db.pool, 'onequery-b');
});
afterAll(async () => db.drop());

describe('resolveAuth in one query', () => {
  it('answers a signed-in request with one query, exactly as better-auth\'s path does', async () => {
    const cookie = await fixtureCookie(auth, a.users.property_manager.email, '10.9.0.1');
    const { pool, count } = counting(db.pool);
    const fast = await resolveAuth(auth, pool, new Headers({ cookie }));
    expect(count()).toBe(1);
    expect(fast.status).toBe('member');
    expect(fast).toEqual(await resolveThroughBetterAuth(auth, db.pool, new Headers({ cookie })));
  });

  it('facility staff get the same assigned buildings; a member of two organisations the active one', async () => {
    const staff = await both(await fixtureCookie(auth, a.users.facility_staff.email, '10.9.0.2'));
    expect(staff.fast).toEqual(staff.slow);
    expect(staff.fast.status === 'member' && staff.fast.auth.assignedBuildingIds).toEqual([a.buildings[0]]);

    // The viewer of A also becomes facility staff in B (assigned B's second building) and switches to B.
    await setMembership(db.pool, a.users.viewer.id, b.id, 'facility_staff');
    await db.pool.query('INSERT INTO building_assignment (user_id, building_id) VALUES ($1, $2)', [a.users.viewer.id, b.buildings[1]]);
    const cookie = await fixtureCookie(auth, a.users.viewer.email, '10.9.0.3');
    await db.pool.query('UPDATE auth_session SET active_organisation_id = $1 WHERE user_id = $2', [b.id, a.users.viewer.id]);
    const two = await both(cookie);
    expect(two.fast).toEqual(two.slow);
    expect(two.fast.status === 'member' && [two.fast.auth.organisation.id, two.fast.auth.role, two.fast.auth.assignedBuildingIds]).toEqual([b.id, 'facility_staff', [b.buildings[1]]]);
    expect(two.fast.status === 'member' && two.fast.auth.memberships.map((m) => m.organisationId).sort()).toEqual([a.id, b.id].sort());
  });

  it('a removed membership, a disabled user, a signed-out session and a forged signature stop working at once', async () => {
    const cookie = await fixtureCookie(auth, a.users.admin.email, '10.9.0.4');
    expect((await resolveAuth(auth, db.pool, new Headers({ cookie }))).status).toBe('member');

    await removeMembership(db.pool, a.users.admin.id, a.id);
    const removed = await both(cookie);
    expect(removed.fast).toEqual(removed.slow);
    expect(removed.fast.status).toBe('no_membership');
    await setMembership(db.pool, a.users.admin.id, a.id, 'admin');

    // disabled_at alone (setAccountDisabled also deletes the sessions) is enough.
    await db.pool.query('UPDATE app_user SET disabled_at = now() WHERE id = $1', [a.users.admin.id]);
    const disabled = await both(cookie);
    expect([disabled.fast.status, disabled.slow.status]).toEqual(['anonymous', 'anonymous']);
    await db.pool.query('UPDATE app_user SET disabled_at = NULL WHERE id = $1', [a.users.admin.id]);
    expect((await resolveAuth(auth, db.pool, new Headers({ cookie }))).status).toBe('member');
    await setAccountDisabled(db.pool, a.users.admin.id, true);
    expect((await resolveAuth(auth, db.pool, new Headers({ cookie }))).status).toBe('anonymous');
    await setAccountDisabled(db.pool, a.users.admin.id, false);
    const cookie2 = await fixtureCookie(auth, a.users.admin.email, '10.9.0.7');

    const value = parseCookieHeader(cookie2).get('areal.session_token')!;
    const forged = `areal.session_token=${encodeURIComponent(`${value.slice(0, value.lastIndexOf('.'))}x.${value.slice(value.lastIndexOf('.') + 1)}`)}`;
    expect((await resolveAuth(auth, db.pool, new Headers({ cookie: forged }))).status).toBe('anonymous');

    expect((await resolveAuth(auth, db.pool, new Headers({ cookie: cookie2 }))).status).toBe('member');
    await auth.api.signOut({ headers: new Headers({ cookie: cookie2 }) });
    const out = await both(cookie2);
    expect([out.fast.status, out.slow.status]).toEqual(['anonymous', 'anonymous']);
  });

  it('leaves the hourly refresh to better-auth: a session due for it is extended', async () => {
    const cookie = await fixtureCookie(auth, a.users.viewer.email, '10.9.0.5');
    // Last extended 61 minutes ago: expires 8 h after that.
    await db.pool.query(
      `UPDATE auth_session SET expires_at = now() + make_interval(secs => $2) - interval '61 minutes' WHERE user_id = $1`,
      [a.users.viewer.id, SESSION_MAX_AGE_SECONDS],
    );
    const before = (await db.pool.query<{ e: Date }>('SELECT max(expires_at) AS e FROM auth_session WHERE user_id = $1', [a.users.viewer.id])).rows[0].e;
    expect((await resolveAuth(auth, db.pool, new Headers({ cookie }))).status).toBe('member');
    const after = (await db.pool.query<{ e: Date }>('SELECT max(expires_at) AS e FROM auth_session WHERE user_id = $1', [a.users.viewer.id])).rows[0].e;
    expect(after.getTime() - before.getTime()).toBeGreaterThan(55 * 60 * 1000);
  });

  it('leaves an expired session to better-auth, which refuses and deletes it', async () => {
    const cookie = await fixtureCookie(auth, b.users.viewer.email, '10.9.0.6');
    await db.pool.query(`UPDATE auth_session SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [b.users.viewer.id]);
    expect((await resolveAuth(auth, db.pool, new Headers({ cookie }))).status).toBe('anonymous');
    const { rowCount } = await db.pool.query('SELECT 1 FROM auth_session WHERE user_id = $1', [b.users.viewer.id]);
    expect(rowCount).toBe(0);
  });

  it('reads cookies the way better-call does and checks the signature with the instance\'s secret', async () => {
    expect([...parseCookieHeader('a=1; b="two"; a=3; c=%41%42; d=%zz').entries()]).toEqual([['a', '1'], ['b', 'two'], ['c', 'AB'], ['d', '%zz']]);
    const ctx = await auth.$context;
    const { createHmac } = await import('node:crypto');
    const sig = createHmac('sha256', ctx.secret).update('tok').digest('base64');
    expect(verifySignedCookie(`tok.${sig}`, ctx.secret)).toBe('tok');
    expect(verifySignedCookie(`tok.${sig}`, `${ctx.secret}x`)).toBeNull();
    expect(verifySignedCookie('tok.short=', ctx.secret)).toBeNull();
    expect(verifySignedCookie(`tak.${sig}`, ctx.secret)).toBeNull();
  });
});
