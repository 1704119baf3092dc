// A signed-in session for the benches that go through the app (pages, load test): every page and API route
// needs one (lib/api/with-auth.ts, requirePageAuth). BENCH_COOKIE wins when set (a Cookie header value);
// otherwise the demo property manager (tests/helpers/sign-in.ts) is made a member of the bench organisation —
// and of no other organisation — in the BENCH database, and signs in through the real /signin form with
// Chromium (sessionCookie). The main database and its demo organisation are never touched.
import { Pool } from 'pg';
import { DEMO_PASSWORD, DEMO_USERS, type DemoAccount } from '@/lib/auth/demo-users';
import { setMembership, upsertLocalUser } from '@/lib/auth/users';
import { inTransaction } from '@/lib/db/prisma';
import { sessionCookie } from '../../../tests/helpers/sign-in';

/** The account the benches act as: property managers read everything and may simulate scenarios. */
export const BENCH_ACCOUNT: DemoAccount = 'property_manager';

/** Makes the demo account a member of exactly the bench organisation in the bench database. */
export async function ensureBenchUser(databaseUrl: string, organisationId: string, account: DemoAccount = BENCH_ACCOUNT): Promise<void> {
  const u = DEMO_USERS[account];
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await inTransaction(pool, async (tx) => {
      const userId = await upsertLocalUser(tx, { email: u.email, name: `${u.name} (bench)`, password: DEMO_PASSWORD });
      await tx.appUser.update({ where: { id: userId }, data: { disabledAt: null } });
      await tx.membership.deleteMany({ where: { userId, organisationId: { not: organisationId } } });
      await setMembership(tx, userId, organisationId, u.role);
    });
  } finally {
    await pool.end();
  }
}

/** A Cookie header value for requests to `baseURL` as the bench user, and where it came from. */
export async function benchCookie(baseURL: string, databaseUrl: string, organisationId: string): Promise<{ cookie: string; source: string }> {
  if (process.env.BENCH_COOKIE) return { cookie: process.env.BENCH_COOKIE, source: 'BENCH_COOKIE' };
  await ensureBenchUser(databaseUrl, organisationId);
  const cookie = await sessionCookie(baseURL, BENCH_ACCOUNT);
  if (!cookie) throw new Error(`signing in as ${DEMO_USERS[BENCH_ACCOUNT].email} at ${baseURL} gave no session cookie`);
  return { cookie, source: `sessionCookie(${BENCH_ACCOUNT}): ${DEMO_USERS[BENCH_ACCOUNT].email}, member of the bench organisation only` };
}

/**
 * The cookie header value as Playwright cookies for `baseURL`. Production cookies carry the `__Secure-` prefix,
 * which Chromium accepts only with the Secure flag (loopback http counts as a secure context).
 */
export function cookiesFor(baseURL: string, cookie: string): Array<{ name: string; value: string; domain: string; path: string; secure: boolean; httpOnly: boolean; sameSite: 'Lax' }> {
  const { hostname } = new URL(baseURL);
  return cookie
    .split(/;\s*/)
    .filter((p) => p.includes('='))
    .map((p) => {
      const name = p.slice(0, p.indexOf('='));
      return { name, value: p.slice(p.indexOf('=') + 1), domain: hostname, path: '/', secure: /^__(Secure|Host)-/.test(name), httpOnly: true, sameSite: 'Lax' as const };
    });
}
