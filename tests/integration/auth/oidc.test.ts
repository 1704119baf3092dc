// OpenID Connect sign-in for real: a real identity provider (oidc-provider, tests/helpers/oidc-idp.ts) runs in
// this process; the test plays the browser with fetch, through the app's own /api/auth route handler and
// better-auth's generic-oauth plugin: discovery, authorisation code with PKCE (the IdP requires it), state, token
// exchange, RS256 id token checked against the IdP's JWKS, callback, user created or linked by e-mail, membership
// in the organisation configured by AREAL_OIDC_ORGANISATION with AREAL_OIDC_DEFAULT_ROLE, session cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '@/lib/auth/auth';
import { resolveAuth } from '@/lib/auth/session';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';
import { startTestIdp, type IdpAccount, type TestIdp } from '@/tests/helpers/oidc-idp';
import { createOrgFixture, type OrgFixture } from './fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

const APP = 'http://localhost:3000';
const CALLBACK = `${APP}/api/auth/callback/oidc`;
const ENV_KEYS = ['AREAL_OIDC_ISSUER', 'AREAL_OIDC_CLIENT_ID', 'AREAL_OIDC_CLIENT_SECRET', 'AREAL_OIDC_NAME', 'AREAL_OIDC_ORGANISATION', 'AREAL_OIDC_DEFAULT_ROLE'] as const;

let db: TestDb;
let idp: TestIdp;
let auth: Auth;
let org: OrgFixture;
let route: (request: Request) => Promise<Response>;
const savedEnv: Record<string, string | undefined> = {};

/** A browser's cookies for one origin (names → values; expired ones dropped). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  names(): string[] {
    return [...this.cookies.keys()];
  }
}

interface Outcome {
  /** Where the app sent the browser after the callback. */
  location: string;
  app: CookieJar;
  callbackStatus: number;
  /** The callback URL the IdP sent the browser to (code and state). */
  callbackUrl: string;
}

/** Clicks "sign in with the municipality's login" and follows the redirects like a browser would. */
async function signInThroughIdp(account: IdpAccount): Promise<Outcome> {
  idp.loginAs(account);
  const app = new CookieJar();
  const idpJar = new CookieJar();
  const start = await route(new Request(`${APP}/api/auth/sign-in/social`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: APP },
    body: JSON.stringify({ provider: 'oidc', callbackURL: '/map', errorCallbackURL: '/signin?error=oidc_failed' }),
  }));
  expect(start.status).toBe(200);
  app.store(start);
  let url = ((await start.json()) as { url: string }).url;
  expect(url.startsWith(`${idp.issuer}/`)).toBe(true);
  for (let hop = 0; hop < 10 && !url.startsWith(`${APP}/`); hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: idpJar.header() } });
    idpJar.store(res);
    const location = res.headers.get('location');
    if (!location) throw new Error(`IdP answered ${res.status} at ${url}: ${(await res.text()).slice(0, 300)}`);
    url = new URL(location, url).toString();
  }
  expect(url.startsWith(CALLBACK)).toBe(true);
  const callback = await route(new Request(url, { headers: { cookie: app.header() } }));
  app.store(callback);
  return { location: callback.headers.get('location') ?? '', app, callbackStatus: callback.status, callbackUrl: url };
}

beforeAll(async () => {
  db = await createTestDb();
  org = await createOrgFixture(db.pool, 'oidc-kommune');
  idp = await startTestIdp({ redirectUri: CALLBACK });
  for (const k of ENV_KEYS) savedEnv[k] = process.env[k];
  Object.assign(process.env, {
    AREAL_OIDC_ISSUER: idp.issuer,
    AREAL_OIDC_CLIENT_ID: idp.clientId,
    AREAL_OIDC_CLIENT_SECRET: idp.clientSecret,
    AREAL_OIDC_NAME: 'Kommunens login',
    AREAL_OIDC_ORGANISATION: 'oidc-kommune',
    AREAL_OIDC_DEFAULT_ROLE: 'facility_staff',
  });
  globalThis.arealPool = db.pool;
  auth = createAuth({ pool: db.pool, baseURL: APP });
  globalThis.arealAuth = auth;
  const mod = await import('@/app/api/auth/[...all]/route');
  route = mod.GET;
}, 120_000);
afterAll(async () => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  globalThis.arealPool = undefined;
  globalThis.arealAuth = undefined;
  await idp?.close();
  await db?.drop();
});

describe('OpenID Connect sign-in against a real identity provider', () => {
  it('a new user: code + PKCE, id token verified, user created in the configured organisation with the default role, session cookie set', async () => {
    const out = await signInThroughIdp({ sub: 'idp-user-1', email: 'Ny.Medarbejder@oidc-kommune.test', name: 'Ny Medarbejder' });

    // The authorisation request used PKCE (S256), state and a nonce; the IdP refuses code flows without PKCE.
    const request = idp.authorisationRequests.at(-1)!;
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(request.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.get('state')).toBeTruthy();
    expect(request.get('response_type')).toBe('code');
    expect(request.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));

    expect(out.callbackStatus).toBe(302);
    expect(out.location).toBe('/map');
    expect(out.app.names()).toContain('areal.session_token');
    const resolved = await resolveAuth(auth, db.pool, new Headers({ cookie: out.app.header() }));
    expect(resolved.status).toBe('member');
    if (resolved.status !== 'member') return;
    expect(resolved.auth.user.email).toBe('ny.medarbejder@oidc-kommune.test');
    expect(resolved.auth.user.name).toBe('Ny Medarbejder');
    expect(resolved.auth.organisation.id).toBe(org.id);
    expect(resolved.auth.role).toBe('facility_staff');
    expect(resolved.auth.assignedBuildingIds).toEqual([]); // no buildings until an administrator assigns them

    const { rows: accounts } = await db.pool.query(`SELECT provider_id, account_id, password FROM auth_account WHERE user_id = $1`, [resolved.auth.user.id]);
    expect(accounts).toEqual([{ provider_id: 'oidc', account_id: 'idp-user-1', password: null }]);
    const { rows: audit } = await db.pool.query(`SELECT action, user_id, before, after FROM audit_log WHERE organisation_id = $1 AND entity_id = $2`, [org.id, resolved.auth.user.id]);
    expect(audit).toEqual([{ action: 'membership.role_change', user_id: resolved.auth.user.id, before: null, after: { role: 'facility_staff', via: 'oidc' } }]);
  });

  it('signing in again reuses the user and does not re-add a membership an administrator removed', async () => {
    const { rows: [user] } = await db.pool.query<{ id: string }>(`SELECT id FROM app_user WHERE email = 'ny.medarbejder@oidc-kommune.test'`);
    await db.pool.query('DELETE FROM membership WHERE user_id = $1', [user.id]);
    const out = await signInThroughIdp({ sub: 'idp-user-1', email: 'ny.medarbejder@oidc-kommune.test', name: 'Ny Medarbejder' });
    expect(out.location).toBe('/map');
    const resolved = await resolveAuth(auth, db.pool, new Headers({ cookie: out.app.header() }));
    expect(resolved).toMatchObject({ status: 'no_membership', user: { id: user.id } });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'ny.medarbejder@oidc-kommune.test'`);
    expect(rows[0].n).toBe(1);
  });

  it('an existing local user with the same e-mail is linked, keeping their role and password', async () => {
    const existing = org.users.property_manager;
    const out = await signInThroughIdp({ sub: 'idp-user-2', email: existing.email, name: 'Whatever the IdP says' });
    const resolved = await resolveAuth(auth, db.pool, new Headers({ cookie: out.app.header() }));
    expect(resolved.status).toBe('member');
    if (resolved.status !== 'member') return;
    expect(resolved.auth.user.id).toBe(existing.id);
    expect(resolved.auth.role).toBe('property_manager');
    const { rows } = await db.pool.query(`SELECT provider_id FROM auth_account WHERE user_id = $1 ORDER BY provider_id`, [existing.id]);
    expect(rows.map((r) => r.provider_id)).toEqual(['credential', 'oidc']);
  });

  it('a callback with a forged state or a replayed code gives no session', async () => {
    const forged = await route(new Request(`${CALLBACK}?code=forged&state=forged`, {}));
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toContain('error');
    expect(forged.headers.getSetCookie().some((c) => c.startsWith('areal.session_token=') && !/max-age=0/i.test(c))).toBe(false);

    // A code and state that were already used once (an attacker replaying a leaked callback URL) give nothing either.
    const out = await signInThroughIdp({ sub: 'idp-user-3', email: 'tredje@oidc-kommune.test', name: 'Tredje' });
    expect(out.app.names()).toContain('areal.session_token');
    const replay = await route(new Request(out.callbackUrl, {}));
    expect(replay.headers.get('location')).toContain('error');
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('areal.session_token=') && !/max-age=0/i.test(c))).toBe(false);
  });

  it('an id token signed with a key the provider does not publish is refused: no user, no session', async () => {
    // A fresh app instance (its own JWKS cache) while the IdP's JWKS endpoint publishes another key.
    idp.serveForeignJwks = true;
    const previous = globalThis.arealAuth;
    globalThis.arealAuth = createAuth({ pool: db.pool, baseURL: APP });
    try {
      const out = await signInThroughIdp({ sub: 'idp-user-4', email: 'forfalsket@oidc-kommune.test', name: 'Forfalsket' });
      expect(out.location).toContain('error');
      expect(out.app.names()).not.toContain('areal.session_token');
      const { rowCount } = await db.pool.query(`SELECT 1 FROM app_user WHERE email = 'forfalsket@oidc-kommune.test'`);
      expect(rowCount).toBe(0);
    } finally {
      idp.serveForeignJwks = false;
      globalThis.arealAuth = previous;
    }
  });
});
