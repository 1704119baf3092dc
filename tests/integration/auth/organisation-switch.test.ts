// The organisation switcher against a real database: the active organisation lives on the session row, the
// membership is checked when switching and on every request, and each switch is audited in both organisations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { switchOrganisationAction } from '@/app/_components/organisation-actions';
import { runWithRequestContext } from '@/lib/api/request-context';
import type { Auth } from '@/lib/auth/auth';
import { switchActiveOrganisation } from '@/lib/auth/organisation-switch';
import { resolveAuth, type AuthContext } from '@/lib/auth/session';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { removeMembership, setMembership } from '@/lib/auth/users';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, PASSWORD, type OrgFixture } from './fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let auth: Auth;
let a: OrgFixture;
let b: OrgFixture;
let c: OrgFixture;

async function signIn(email: string, ip: string): Promise<Headers> {
  const r = await signInWithPassword(auth, { email, password: PASSWORD }, new Headers({ 'x-forwarded-for': ip }));
  if (!r.ok) throw new Error(`sign-in failed: ${r.code}`);
  return new Headers({ cookie: r.setCookie.map((s) => s.split(';')[0]).join('; ') });
}

async function member(headers: Headers): Promise<AuthContext> {
  const r = await resolveAuth(auth, db.pool, headers);
  if (r.status !== 'member') throw new Error(`not a member: ${r.status}`);
  return r.auth;
}

beforeAll(async () => {
  db = await createRouteTestDb();
  auth = db.auth;
  a = await createOrgFixture(db.pool, 'switch-a');
  b = await createOrgFixture(db.pool, 'switch-b');
  c = await createOrgFixture(db.pool, 'switch-c');
  // A's administrator is also a viewer in B (like the demo administrator in demo-nabo); not a member of C.
  await setMembership(db.pool, a.users.admin.id, b.id, 'viewer');
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe('switching the active organisation', () => {
  it('lists both memberships; starts in the first; a switch changes organisation and role for this session only', async () => {
    const first = await signIn(a.users.admin.email, '10.3.0.1');
    const other = await signIn(a.users.admin.email, '10.3.0.2'); // a second browser of the same user
    const before = await member(first);
    expect(before.organisation.id).toBe(a.id);
    expect(before.role).toBe('admin');
    expect(before.memberships.map((m) => [m.slug, m.role])).toEqual([['switch-a', 'admin'], ['switch-b', 'viewer']]);

    expect(await switchActiveOrganisation(db.pool, before, b.id)).toBe('switched');
    const after = await member(first);
    expect(after.organisation.id).toBe(b.id);
    expect(after.role).toBe('viewer');
    expect((await member(other)).organisation.id).toBe(a.id);

    // Audited in both organisations, each naming only itself.
    const { rows } = await db.pool.query(
      `SELECT organisation_id, before, after FROM audit_log WHERE action = 'session.switch_organisation' AND user_id = $1 ORDER BY id`,
      [a.users.admin.id],
    );
    expect(rows).toEqual([
      { organisation_id: a.id, before: { active: true, role: 'admin' }, after: { active: false, role: 'admin' } },
      { organisation_id: b.id, before: { active: false, role: 'viewer' }, after: { active: true, role: 'viewer' } },
    ]);
    for (const r of rows) expect(JSON.stringify(r.before) + JSON.stringify(r.after)).not.toMatch(/switch-|[0-9a-f]{8}-/);

    expect(await switchActiveOrganisation(db.pool, after, b.id)).toBe('unchanged');
    expect(await switchActiveOrganisation(db.pool, after, a.id)).toBe('switched');
    expect((await member(first)).role).toBe('admin');
  });

  it('refuses an organisation the user is not a member of, and changes nothing', async () => {
    const h = await signIn(a.users.admin.email, '10.3.0.3');
    const ctx = await member(h);
    const audits = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'session.switch_organisation'`)).rows[0].n;
    const n = await audits();
    expect(await switchActiveOrganisation(db.pool, ctx, c.id)).toBe('not_a_member');
    expect((await member(h)).organisation.id).toBe(a.id);
    expect(await audits()).toBe(n);
  });

  it('a membership removed after the switch: the next request falls back to the remaining one', async () => {
    const h = await signIn(a.users.admin.email, '10.3.0.4');
    expect(await switchActiveOrganisation(db.pool, await member(h), b.id)).toBe('switched');
    await removeMembership(db.pool, a.users.admin.id, b.id);
    const ctx = await member(h);
    expect(ctx.organisation.id).toBe(a.id);
    expect(ctx.role).toBe('admin');
    expect(ctx.memberships).toHaveLength(1);
    await setMembership(db.pool, a.users.admin.id, b.id, 'viewer');
  });

  it('the header action switches through the one wrapper and ignores organisations the user is not in', async () => {
    const h = await signIn(a.users.admin.email, '10.3.0.5');
    const run = async (organisationId: string) => {
      const form = new FormData();
      form.set('organisationId', organisationId);
      try {
        await runWithRequestContext({ requestId: 'test', headers: h }, () => switchOrganisationAction(form));
      } catch (error) {
        // redirect() throws NEXT_REDIRECT; after a switch, revalidatePath() needs Next's request store first.
        return (error as { digest?: string }).digest ?? String(error);
      }
      return 'no redirect';
    };
    expect(await run(c.id)).toContain('/?organisation=refused');
    expect((await member(h)).organisation.id).toBe(a.id);
    expect(await run('not-a-uuid')).toContain('/?organisation=refused');
    const switched = await run(b.id);
    expect(switched).not.toContain('refused');
    expect((await member(h)).organisation.id).toBe(b.id);
  });
});
