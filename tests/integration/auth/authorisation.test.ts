// Every route handler under app/api and every server action, read from the file system, against every actor:
// anonymous, each role of organisation A, and an administrator of organisation B. A route or action missing from
// the expectation table fails the test, so nothing new can ship unauthorised.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ActionAuthError } from '@/lib/auth/current';
import { ROLES, type Role } from '@/lib/auth/roles';
import { resolveAuth } from '@/lib/auth/session';
import { runWithRequestContext } from '@/lib/api/request-context';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from './fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';
// Outside a Next.js render revalidatePath has no cache to clear (and throws); the actions' redirects still tell.
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const ROOT = process.cwd();
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

const PORTFOLIO: Role[] = ['admin', 'property_manager', 'viewer'];
const SCENARIO_READ: Role[] = ['admin', 'property_manager', 'viewer'];
const SCENARIO_WRITE: Role[] = ['admin', 'property_manager'];
const IMPORT: Role[] = ['admin', 'property_manager', 'facility_staff'];
const ADMIN: Role[] = ['admin'];
const AUDIT: Role[] = ['admin', 'property_manager'];

/** Who may call what. 'public' = no session needed (better-auth's own endpoints); 'token' = ingest bearer token. */
const ROUTES: Record<string, Role[] | 'public' | 'token'> = {
  'GET /api/auth/[...all]': 'public',
  'POST /api/auth/[...all]': 'public',
  'GET /api/health': 'public',
  'GET /api/ready': 'public',
  'GET /api/buildings/[id]/panel': PORTFOLIO,
  'GET /api/buildings/[id]/scores': PORTFOLIO,
  'GET /api/buildings/search': PORTFOLIO,
  'PUT /api/demand/areas/[id]': SCENARIO_WRITE,
  'PUT /api/demand/settings': ADMIN,
  'GET /api/portfolio/view': PORTFOLIO,
  'GET /api/scores': PORTFOLIO,
  'GET /api/scores/weights': PORTFOLIO,
  'PUT /api/scores/weights': PORTFOLIO,
  'DELETE /api/scores/weights': PORTFOLIO,
  'GET /api/basemap/archive': PORTFOLIO,
  'GET /api/tiles/buildings/[z]/[x]/[y]': PORTFOLIO,
  'GET /api/tiles/districts/[z]/[x]/[y]': PORTFOLIO,
  'GET /api/scenarios': SCENARIO_READ,
  'POST /api/scenarios': SCENARIO_WRITE,
  'GET /api/scenarios/[id]': SCENARIO_READ,
  'PATCH /api/scenarios/[id]': SCENARIO_WRITE,
  'DELETE /api/scenarios/[id]': SCENARIO_WRITE,
  'GET /api/scenarios/[id]/export': SCENARIO_READ,
  'GET /api/scenarios/[id]/pdf': SCENARIO_READ,
  'POST /api/scenarios/[id]/buildings': SCENARIO_WRITE,
  'GET /api/scenarios/[id]/map': SCENARIO_READ,
  'POST /api/scenarios/optimise': SCENARIO_WRITE,
  'POST /api/scenarios/simulate': SCENARIO_WRITE,
  'GET /api/imports/jobs/[id]/errors': IMPORT,
  'GET /api/imports/jobs/[id]': IMPORT,
  'POST /api/imports/jobs': IMPORT,
  'POST /api/imports/preview': IMPORT,
  'POST /api/imports/uploads': IMPORT,
  'POST /api/ingest/occupancy': 'token',
  'GET /api/audit/export': AUDIT,
};

/** Server actions by file and export. */
const ACTIONS: Record<string, Role[] | 'public'> = {
  'app/signin/actions.ts#signInAction': 'public',
  'app/signin/actions.ts#signInWithOidcAction': 'public',
  'app/signout/actions.ts#signOutAction': 'public',
  'app/_components/organisation-actions.ts#switchOrganisationAction': [...ROLES],
  'app/invitations/actions.ts#acceptInvitationAction': [...ROLES],
  'app/invitations/actions.ts#declineInvitationAction': [...ROLES],
  'app/admin/users/actions.ts#createUserAction': ADMIN,
  'app/admin/users/actions.ts#changeRoleAction': ADMIN,
  'app/admin/users/actions.ts#removeMemberAction': ADMIN,
  'app/admin/users/actions.ts#setDisabledAction': ADMIN,
  'app/admin/users/actions.ts#setAssignmentsAction': ADMIN,
  'app/admin/tokens/actions.ts#createTokenAction': ADMIN,
  'app/admin/tokens/actions.ts#revokeTokenAction': ADMIN,
  'app/admin/settings/actions.ts#saveSettingsAction': ADMIN,
};

/** Pages that need no session; every other page.tsx must call requirePageAuth. */
const PUBLIC_PAGES = new Set(['app/signin/page.tsx', 'app/signin/forbidden/page.tsx']);

function walk(dir: string, match: (file: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : walk(full, match);
    return match(full) ? [path.relative(ROOT, full)] : [];
  });
}

const routeFiles = walk(path.join(ROOT, 'app', 'api'), (f) => f.endsWith(`${path.sep}route.ts`)).sort();
const actionFiles = [...walk(path.join(ROOT, 'app'), (f) => /\.tsx?$/.test(f)), ...walk(path.join(ROOT, 'lib'), (f) => /\.tsx?$/.test(f))]
  .filter((f) => /^\s*(\/\/[^\n]*\n\s*)*['"]use server['"]/.test(readFileSync(f, 'utf8')))
  .sort();
const pageFiles = walk(path.join(ROOT, 'app'), (f) => f.endsWith(`${path.sep}page.tsx`)).sort();

type Actor = 'anonymous' | Role | 'other_org_admin';
const ACTORS: Actor[] = ['anonymous', ...ROLES, 'other_org_admin'];

let db: RouteTestDb;
let a: OrgFixture;
let b: OrgFixture;
const cookies = new Map<Actor, string>();

function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { z: String(z), x: String(Math.floor(((lon + 180) / 360) * n)), y: String(Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)) };
}

/** Route params: organisation A's real ids (B's administrator must not reach them). */
function paramsFor(route: string, method: Method, actor: Actor): Record<string, string> {
  if (route.includes('[...all]')) return { all: 'get-session' } as Record<string, string>;
  if (route.includes('/tiles/')) return tileOf(8.97, 56.13, 12);
  if (route.startsWith('/api/buildings/')) return { id: a.buildings[0] };
  if (route.startsWith('/api/scenarios/')) {
    // A's own members delete and edit a scenario that does not exist, so the real draft survives for the others.
    if ((method === 'DELETE' || method === 'PATCH') && actor !== 'other_org_admin') return { id: '00000000-0000-4000-8000-000000000000' };
    // The PDF is printed by Chromium from a running server, which this test has not: A's members ask for a scenario
    // that does not exist (404 after authorisation); B's administrator still asks for A's real draft.
    if (route === '/api/scenarios/[id]/pdf' && actor !== 'other_org_admin') return { id: '00000000-0000-4000-8000-000000000000' };
    return { id: a.scenarios.draft };
  }
  return { id: '00000000-0000-4000-8000-000000000001' };
}

function urlFor(route: string, params: Record<string, string>): string {
  let p = route;
  for (const [k, v] of Object.entries(params)) p = p.replace(`[${k}]`, v).replace(`[...${k}]`, v);
  const query = route === '/api/buildings/search' ? '?q=Bygning' : route === '/api/imports/uploads' ? '?name=x.csv' : '';
  return `http://localhost${p}${query}`;
}

async function call(file: string, method: Method, actor: Actor): Promise<{ status: number; text: string }> {
  const route = '/' + path.dirname(file).replace(/^app\//, '').split(path.sep).join('/');
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (r: Request, c: unknown) => Promise<Response>>;
  const params = paramsFor(route, method, actor);
  const headers = new Headers({ 'x-forwarded-for': '192.0.2.10' });
  const cookie = cookies.get(actor);
  if (cookie) headers.set('cookie', cookie);
  // Deliberately invalid bodies: an authorised caller gets 400/404/422, never a change.
  const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ name: 1, status: 5, uploadId: 5, kind: 5, actions: 'x', targetMin: 'x', readings: 'x' });
  if (body) headers.set('content-type', 'application/json');
  const res = await mod[method](new Request(urlFor(route, params), { method, headers, body }), { params: Promise.resolve(params) });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, text: buf.toString('latin1') };
}

/** Every refusal and failure of our own routes is the one error shape of lib/api/errors.ts, request id included. */
function expectOneErrorShape(key: string, status: number, text: string): void {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(text, 'latin1').toString('utf8'));
  } catch {
    throw new Error(`${key} answered ${status} with a body that is not JSON: ${text.slice(0, 120)}`);
  }
  expect(body, `${key} (${status}) must answer in the one error shape`).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String), messages: { da: expect.any(String), en: expect.any(String) }, requestId: expect.stringMatching(/^[A-Za-z0-9-]{8,64}$/) },
  });
}

beforeAll(async () => {
  db = await createRouteTestDb();
  const auth = db.auth;
  a = await createOrgFixture(db.pool, 'authz-a');
  b = await createOrgFixture(db.pool, 'authz-b');
  for (const actor of ACTORS) {
    if (actor === 'anonymous') continue;
    const email = actor === 'other_org_admin' ? b.users.admin.email : a.users[actor].email;
    cookies.set(actor, await fixtureCookie(auth, email, `192.0.2.${cookies.size + 1}`));
  }
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('the expectation table covers the code', () => {
  it('every exported handler of every route.ts is in the table, and every table entry exists', async () => {
    const found: string[] = [];
    for (const file of routeFiles) {
      const route = '/' + path.dirname(file).replace(/^app\//, '').split(path.sep).join('/');
      const mod = await import(/* @vite-ignore */ path.join(ROOT, file));
      for (const m of METHODS) if (typeof mod[m] === 'function') found.push(`${m} ${route}`);
    }
    expect(found.filter((k) => !(k in ROUTES)), 'routes missing from the table').toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !found.includes(k)), 'table entries without a route').toEqual([]);
  });

  it('every exported server action is in the table, and every table entry exists', async () => {
    const found: string[] = [];
    for (const file of actionFiles) {
      const mod = await import(/* @vite-ignore */ path.join(ROOT, file));
      for (const [name, v] of Object.entries(mod)) if (typeof v === 'function') found.push(`${file}#${name}`);
    }
    expect(found.filter((k) => !(k in ACTIONS)), 'actions missing from the table').toEqual([]);
    expect(Object.keys(ACTIONS).filter((k) => !found.includes(k)), 'table entries without an action').toEqual([]);
  });

  it('every page except sign-in calls requirePageAuth', () => {
    expect(pageFiles.length).toBeGreaterThan(5);
    const unguarded = pageFiles.filter((f) => !PUBLIC_PAGES.has(f) && !/requirePageAuth\(|requireSignedInPage\(/.test(readFileSync(f, 'utf8')));
    expect(unguarded).toEqual([]);
  });
});

describe('route handlers', () => {
  const cases = Object.entries(ROUTES).flatMap(([key, allowed]) => ACTORS.map((actor) => ({ key, allowed, actor })));
  it.each(cases)('$key as $actor', async ({ key, allowed, actor }) => {
    const [method, route] = key.split(' ') as [Method, string];
    const file = routeFiles.find((f) => '/' + path.dirname(f).replace(/^app\//, '').split(path.sep).join('/') === route)!;
    const { status, text } = await call(file, method, actor);
    if (allowed === 'public') {
      expect(status).not.toBe(500);
      return;
    }
    if (status >= 400) expectOneErrorShape(key, status, text);
    if (allowed === 'token') {
      expect(status, 'cookies never authenticate the ingest API').toBe(401);
      return;
    }
    if (actor === 'anonymous') return expect(status).toBe(401);
    const role: Role = actor === 'other_org_admin' ? 'admin' : actor;
    if (!allowed.includes(role)) return expect(status).toBe(403);
    expect([401, 403], `${key} must let ${actor} through (got ${status}: ${text.slice(0, 200)})`).not.toContain(status);
    expect(status).toBeLessThan(500);
    if (actor === 'other_org_admin') {
      // Organisation B's administrator sees nothing of organisation A: no id, no name leaks.
      for (const id of [...a.buildings, a.scenarios.draft, a.scenarios.proposed, a.id]) expect(text).not.toContain(id);
      expect(text).not.toContain('authz-a');
    }
  });

  it("B's administrator cannot delete or change A's scenario", async () => {
    const { rows } = await db.pool.query('SELECT status FROM scenario WHERE id = $1', [a.scenarios.draft]);
    expect(rows).toEqual([{ status: 'draft' }]);
  });

  it('a viewer (politician) sees proposed scenarios but not drafts', async () => {
    const list = await call('app/api/scenarios/route.ts', 'GET', 'viewer');
    expect(list.text).toContain(a.scenarios.proposed);
    expect(list.text).not.toContain(a.scenarios.draft);
    const draft = await call('app/api/scenarios/[id]/route.ts', 'GET', 'viewer');
    expect(draft.status).toBe(404);
    const asManager = await call('app/api/scenarios/[id]/route.ts', 'GET', 'property_manager');
    expect(asManager.status).toBe(200);
  });
});

describe('server actions', () => {
  const cases = Object.entries(ACTIONS).flatMap(([key, allowed]) => ACTORS.map((actor) => ({ key, allowed, actor })));
  it.each(cases)('$key as $actor', async ({ key, allowed, actor }) => {
    const [file, name] = key.split('#');
    const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const headers = new Headers();
    const cookie = cookies.get(actor);
    if (cookie) headers.set('cookie', cookie);
    const form = new FormData();
    if (actor === 'other_org_admin') {
      // Aim at organisation A's people and tokens.
      form.set('userId', a.users.viewer.id);
      form.set('role', 'admin');
      form.set('disabled', 'true');
      form.set('tokenId', '00000000-0000-4000-8000-000000000002');
      form.set('organisationId', a.id); // B's administrator tries to make A its active organisation
    }
    const args = name === 'createTokenAction' || name === 'signInAction' || name === 'saveSettingsAction' ? [{ token: null, error: null }, form] : [form];
    let thrown: unknown = null;
    try {
      await runWithRequestContext({ requestId: 'test', headers }, () => mod[name](...args));
    } catch (error) {
      thrown = error;
    }
    const code = thrown instanceof ActionAuthError ? thrown.code : null;
    if (allowed === 'public') return expect(code).toBeNull();
    if (actor === 'anonymous') return expect(code).toBe('unauthorized');
    const role: Role = actor === 'other_org_admin' ? 'admin' : actor;
    expect(code).toBe(allowed.includes(role) ? null : 'forbidden');
  });

  it("B's administrator could not switch into A (not a member); the session stays in B", async () => {
    const { rows } = await db.pool.query(`SELECT active_organisation_id FROM auth_session WHERE user_id = $1`, [b.users.admin.id]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.active_organisation_id).not.toBe(a.id);
  });

  it("B's administrator changed nothing about A's viewer", async () => {
    const { rows } = await db.pool.query(
      `SELECT m.role, u.disabled_at FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.user_id = $1 AND m.organisation_id = $2`,
      [a.users.viewer.id, a.id],
    );
    expect(rows).toEqual([{ role: 'viewer', disabled_at: null }]);
  });
});

describe("an organisation's administrator controls only their own organisation's memberships (issue 15)", () => {
  const viewer = () => a.users.viewer;
  const action = async (file: string, name: string, actor: Actor, fields: Record<string, string>) => {
    const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (form: FormData) => Promise<void>>;
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const headers = new Headers({ cookie: cookies.get(actor)! });
    // Every action ends in a redirect (thrown by next/navigation); its target carries the result.
    const thrown = await runWithRequestContext({ requestId: 'test', headers }, () => mod[name](form)).then(() => null, (e: unknown) => e);
    return String((thrown as { digest?: string } | null)?.digest ?? thrown);
  };
  /** What B's administrator must never be able to change about A's viewer. */
  const accountState = async () => {
    const { rows: [u] } = await db.pool.query(
      `SELECT u.email, u.name, u.disabled_at,
              (SELECT count(*)::int FROM auth_session s WHERE s.user_id = u.id) AS sessions,
              (SELECT password FROM auth_account c WHERE c.user_id = u.id AND c.provider_id = 'credential') AS password,
              (SELECT json_agg(json_build_object('org', m.organisation_id, 'role', m.role, 'accepted', m.accepted_at IS NOT NULL, 'disabled', m.disabled_at IS NOT NULL) ORDER BY m.organisation_id)
                 FROM membership m WHERE m.user_id = u.id) AS memberships
         FROM app_user u WHERE u.id = $1`,
      [viewer().id],
    );
    return u;
  };
  const resolveViewer = () => resolveAuth(db.auth, db.pool, new Headers({ cookie: cookies.get('viewer')! }));
  const logOf = async (organisationId: string | null) =>
    (await db.pool.query(`SELECT action FROM audit_log WHERE organisation_id IS NOT DISTINCT FROM $1 AND entity_id = $2 ORDER BY id`, [organisationId, viewer().id])).rows.map((r) => r.action);

  it("creating a user with an e-mail of another organisation invites it: no access, name and password untouched, noted in the account's own trail", async () => {
    const before = await accountState();
    const aLogBefore = await logOf(a.id);
    const result = await action('app/admin/users/actions.ts', 'createUserAction', 'other_org_admin', { email: viewer().email.toUpperCase(), name: 'Hijacked', password: 'attacker-password-1', role: 'admin' });
    expect(result).toContain('result=invited');
    const after = await accountState();
    expect({ ...after, memberships: undefined }).toEqual({ ...before, memberships: undefined });
    expect(after.memberships).toContainEqual({ org: b.id, role: 'admin', accepted: false, disabled: false });
    // Still exactly what it was in A, and nothing in B until accepted.
    const resolved = await resolveViewer();
    expect(resolved.status).toBe('member');
    if (resolved.status !== 'member') return;
    expect(resolved.auth.organisation.id).toBe(a.id);
    expect(resolved.auth.memberships.map((m) => m.organisationId)).toEqual([a.id]);
    expect(resolved.auth.pendingInvitations).toBe(1);
    // B's admin cannot switch the viewer's session into B either (the switch reads only accepted memberships).
    expect(await logOf(null)).toEqual(['membership.invite']);
    expect(await logOf(b.id)).toContain('membership.invite');
    expect(await logOf(a.id)).toEqual(aLogBefore);
  });

  it("disabling by B's administrator disables only B's membership: the account, its sessions and A are untouched", async () => {
    await db.pool.query('UPDATE membership SET accepted_at = NULL WHERE user_id = $1 AND organisation_id = $2', [viewer().id, b.id]);
    expect(await action('app/invitations/actions.ts', 'acceptInvitationAction', 'viewer', { organisationId: b.id })).toContain('result=accepted');
    let resolved = await resolveViewer();
    expect(resolved.status === 'member' && resolved.auth.memberships.map((m) => m.organisationId).sort()).toEqual([a.id, b.id].sort());
    const before = await accountState();
    expect(await action('app/admin/users/actions.ts', 'setDisabledAction', 'other_org_admin', { userId: viewer().id, disabled: 'true' })).toContain('result=saved');
    const after = await accountState();
    expect(after.disabled_at).toBeNull();
    expect(after.sessions).toBe(before.sessions);
    expect(after.memberships).toContainEqual({ org: a.id, role: 'viewer', accepted: true, disabled: false });
    expect(after.memberships).toContainEqual({ org: b.id, role: 'admin', accepted: true, disabled: true });
    resolved = await resolveViewer();
    expect(resolved.status === 'member' && resolved.auth.memberships.map((m) => m.organisationId)).toEqual([a.id]);
    expect(await logOf(b.id)).toContain('membership.disable');
  });

  it('nobody else can answer an invitation, and an answered one cannot be answered again', async () => {
    await db.pool.query('DELETE FROM membership WHERE user_id = $1 AND organisation_id = $2', [viewer().id, b.id]);
    await action('app/admin/users/actions.ts', 'createUserAction', 'other_org_admin', { email: viewer().email, name: 'x', password: 'attacker-password-1', role: 'viewer' });
    const before = await accountState();
    // A's administrator (not the invited account) tries to accept it; the attacker tries for the account too.
    expect(await action('app/invitations/actions.ts', 'acceptInvitationAction', 'admin', { organisationId: b.id })).toContain('result=gone');
    expect(await action('app/invitations/actions.ts', 'acceptInvitationAction', 'other_org_admin', { organisationId: b.id, userId: viewer().id })).toContain('result=gone');
    expect(await accountState()).toEqual(before);
    expect(await action('app/invitations/actions.ts', 'declineInvitationAction', 'viewer', { organisationId: b.id })).toContain('result=declined');
    const declined = await accountState();
    expect(declined.memberships).toEqual([{ org: a.id, role: 'viewer', accepted: true, disabled: false }]);
    expect(await action('app/invitations/actions.ts', 'acceptInvitationAction', 'viewer', { organisationId: b.id })).toContain('result=gone');
    expect(await accountState()).toEqual(declined);
    expect((await logOf(null)).slice(-2)).toEqual(['membership.invite', 'membership.decline']);
  });
});
