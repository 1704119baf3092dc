// Every route handler under app/api and every server action, read from the file system, against every actor:
// anonymous, each role of organisation A, and an administrator of organisation B. A route or action missing from
// the expectation table fails the test, so nothing new can ship unauthorised.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionAuthError } from '@/lib/auth/current';
import { ROLES, type Role } from '@/lib/auth/roles';
import { runWithRequestContext } from '@/lib/api/request-context';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from './fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

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
  'GET /api/portfolio/view': PORTFOLIO,
  'GET /api/scores': PORTFOLIO,
  'GET /api/scores/weights': PORTFOLIO,
  'PUT /api/scores/weights': PORTFOLIO,
  'DELETE /api/scores/weights': PORTFOLIO,
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
  'app/admin/users/actions.ts#createUserAction': ADMIN,
  'app/admin/users/actions.ts#changeRoleAction': ADMIN,
  'app/admin/users/actions.ts#removeMemberAction': ADMIN,
  'app/admin/users/actions.ts#setDisabledAction': ADMIN,
  'app/admin/users/actions.ts#setAssignmentsAction': ADMIN,
  'app/admin/tokens/actions.ts#createTokenAction': ADMIN,
  'app/admin/tokens/actions.ts#revokeTokenAction': ADMIN,
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
    const unguarded = pageFiles.filter((f) => !PUBLIC_PAGES.has(f) && !/requirePageAuth\(/.test(readFileSync(f, 'utf8')));
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
    const args = name === 'createTokenAction' || name === 'signInAction' ? [{ token: null, error: null }, form] : [form];
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
