// Sign-in against a real database: right and wrong passwords, unknown users, the rate limit, expiry, sign-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '@/lib/auth/auth';
import { SIGN_IN_PER_ACCOUNT } from '@/lib/auth/rate-limit';
import { resolveAuth } from '@/lib/auth/session';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { setAccountDisabled } from '@/lib/auth/users';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';
import { createOrgFixture, PASSWORD, type OrgFixture } from './fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: TestDb;
let auth: Auth;
let org: OrgFixture;

function headersFrom(ip: string, cookies: string[] = []): Headers {
  const h = new Headers({ 'x-forwarded-for': ip, 'user-agent': 'vitest' });
  if (cookies.length) h.set('cookie', cookies.map((c) => c.split(';')[0]).join('; '));
  return h;
}

beforeAll(async () => {
  db = await createTestDb();
  auth = createAuth({ pool: db.pool, baseURL: 'http://localhost:3000' });
  org = await createOrgFixture(db.pool, 'signin');
});
afterAll(async () => db.drop());

describe('password sign-in', () => {
  it('the right password gives an HTTP-only session cookie that resolves to the user, role and organisation', async () => {
    const result = await signInWithPassword(auth, { email: org.users.property_manager.email, password: PASSWORD }, headersFrom('10.0.0.1'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const session = result.setCookie.find((c) => c.startsWith('areal.session_token='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const resolved = await resolveAuth(auth, db.pool, headersFrom('10.0.0.1', result.setCookie));
    expect(resolved.status).toBe('member');
    if (resolved.status !== 'member') return;
    expect(resolved.auth.user.email).toBe(org.users.property_manager.email);
    expect(resolved.auth.role).toBe('property_manager');
    expect(resolved.auth.organisation.slug).toBe('signin');
    expect(resolved.auth.assignedBuildingIds).toBeNull();
  });

  it('e-mail is case-insensitive and facility staff get their assigned buildings', async () => {
    const result = await signInWithPassword(auth, { email: org.users.facility_staff.email.toUpperCase(), password: PASSWORD }, headersFrom('10.0.0.2'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const resolved = await resolveAuth(auth, db.pool, headersFrom('10.0.0.2', result.setCookie));
    expect(resolved.status === 'member' && resolved.auth.assignedBuildingIds).toEqual([org.buildings[0]]);
  });

  it('a wrong password and an unknown user get the same refusal and no cookie', async () => {
    const wrong = await signInWithPassword(auth, { email: org.users.admin.email, password: 'not-the-password' }, headersFrom('10.0.0.3'));
    const unknown = await signInWithPassword(auth, { email: 'nobody@signin.test', password: PASSWORD }, headersFrom('10.0.0.3'));
    expect(wrong).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(unknown).toEqual({ ok: false, code: 'invalid_credentials' });
  });

  it('the sixth attempt on one account right after five wrong ones must wait (back-off), even with the right password', async () => {
    const email = org.users.viewer.email;
    for (let i = 0; i < SIGN_IN_PER_ACCOUNT.freeAttempts; i++) {
      const r = await signInWithPassword(auth, { email, password: `wrong-${i}` }, headersFrom(`10.1.0.${i}`), 1_000_000);
      expect(r).toEqual({ ok: false, code: 'invalid_credentials' });
    }
    const limited = await signInWithPassword(auth, { email, password: PASSWORD }, headersFrom('10.1.0.99'), 1_000_000);
    expect(limited).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(limited.ok === false && limited.retryAfterSeconds).toBeGreaterThan(0);
    // The first delay is the back-off's base.
    const later = await signInWithPassword(auth, { email, password: PASSWORD }, headersFrom('10.1.0.99'), 1_000_000 + SIGN_IN_PER_ACCOUNT.baseDelaySeconds * 1000);
    expect(later.ok).toBe(true);
  });

  it('a successful sign-in clears the account\'s attempts; wrong passwords after it count from zero', async () => {
    const email = org.users.property_manager.email;
    const at = 2_000_000;
    for (let i = 0; i < SIGN_IN_PER_ACCOUNT.freeAttempts + 3; i++) {
      const r = await signInWithPassword(auth, { email, password: PASSWORD }, headersFrom(`10.2.0.${i}`), at);
      expect(r.ok).toBe(true);
    }
    for (let i = 0; i < SIGN_IN_PER_ACCOUNT.freeAttempts; i++) {
      const r = await signInWithPassword(auth, { email, password: `wrong-${i}` }, headersFrom(`10.2.1.${i}`), at);
      expect(r).toEqual({ ok: false, code: 'invalid_credentials' });
    }
    const limited = await signInWithPassword(auth, { email, password: PASSWORD }, headersFrom('10.2.1.99'), at);
    expect(limited).toMatchObject({ ok: false, code: 'rate_limited' });
  });

  it('an expired session no longer signs anyone in', async () => {
    const result = await signInWithPassword(auth, { email: org.users.admin.email, password: PASSWORD }, headersFrom('10.0.0.4'));
    if (!result.ok) throw new Error('sign-in failed');
    const h = headersFrom('10.0.0.4', result.setCookie);
    expect((await resolveAuth(auth, db.pool, h)).status).toBe('member');
    await db.pool.query(`UPDATE auth_session SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [org.users.admin.id]);
    expect((await resolveAuth(auth, db.pool, h)).status).toBe('anonymous');
  });

  it('signing out deletes the session; a forged or missing cookie is anonymous', async () => {
    const result = await signInWithPassword(auth, { email: org.users.viewer.email, password: PASSWORD }, headersFrom('10.0.0.5'));
    if (!result.ok) throw new Error('sign-in failed');
    const h = headersFrom('10.0.0.5', result.setCookie);
    await auth.api.signOut({ headers: h });
    expect((await resolveAuth(auth, db.pool, h)).status).toBe('anonymous');
    expect((await resolveAuth(auth, db.pool, new Headers({ cookie: 'areal.session_token=forged.value' }))).status).toBe('anonymous');
    expect((await resolveAuth(auth, db.pool, new Headers())).status).toBe('anonymous');
  });

  it('a disabled user cannot sign in and loses existing sessions', async () => {
    const result = await signInWithPassword(auth, { email: org.users.facility_staff.email, password: PASSWORD }, headersFrom('10.0.0.6'));
    if (!result.ok) throw new Error('sign-in failed');
    await setAccountDisabled(db.pool, org.users.facility_staff.id, true);
    expect((await resolveAuth(auth, db.pool, headersFrom('10.0.0.6', result.setCookie))).status).toBe('anonymous');
    const again = await signInWithPassword(auth, { email: org.users.facility_staff.email, password: PASSWORD }, headersFrom('10.0.0.6'));
    expect(again.ok).toBe(false);
    await setAccountDisabled(db.pool, org.users.facility_staff.id, false);
  });

  it('self-service sign-up is off', async () => {
    const res = await auth.api.signUpEmail({ body: { email: 'new@signin.test', password: 'long-enough-password', name: 'New' }, asResponse: true });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const { rowCount } = await db.pool.query(`SELECT 1 FROM app_user WHERE email = 'new@signin.test'`);
    expect(rowCount).toBe(0);
  });
});
