import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import type { Auth } from './auth';
import { SESSION_ABSOLUTE_MAX_SECONDS } from '@/lib/config/limits';
import { isBuildingScoped, isRole, type Role } from './roles';
import type { AuthContext, MembershipRef, SignedInUser } from './types';

export type { AuthContext, MembershipRef, SignedInUser } from './types';

// session cookie → user → membership → organisation. Every authorisation decision starts here.

export type AuthResolution =
  | { status: 'anonymous' }
  | { status: 'no_membership'; user: SignedInUser; pendingInvitations: number }
  | { status: 'member'; auth: AuthContext };

interface MembershipRow {
  role: string;
  id: string;
  slug: string;
  name: string;
  isDemo: boolean;
}

/**
 * Resolves the request's session (from its Cookie header) to a user, their role and organisation.
 *
 * The common case — a validly signed session cookie whose session is neither expired nor due for its hourly
 * refresh — is answered by ONE query (session + user + memberships + assignments, {@link resolveInOneQuery}); every
 * other case (no such session row is answered at once as anonymous) goes through better-auth's getSession as before,
 * which deletes expired rows and extends sessions. Either way the session, user, membership and assignment rows are
 * read from the database on every request: signing out, disabling a user or removing a membership takes effect on
 * the next request (no cache).
 */
export async function resolveAuth(auth: Auth, pool: Pool, headers: Headers): Promise<AuthResolution> {
  const cookie = headers.get('cookie');
  if (!cookie) return { status: 'anonymous' };
  const fast = await resolveInOneQuery(auth, pool, cookie);
  if (fast) return fast;
  return resolveThroughBetterAuth(auth, pool, headers);
}

/** Cookie names, secret and session timing of a better-auth instance (read once per instance). */
interface SessionSettings {
  sessionCookie: string;
  /** Cookies whose presence sends the request down better-auth's own path (it handles them). */
  delegateCookies: string[];
  secret: string;
  expiresInMs: number;
  updateAgeMs: number;
}

const settingsOf = new WeakMap<Auth, Promise<SessionSettings>>();

function sessionSettings(auth: Auth): Promise<SessionSettings> {
  let s = settingsOf.get(auth);
  if (!s) {
    s = auth.$context.then((ctx) => ({
      sessionCookie: ctx.authCookies.sessionToken.name,
      delegateCookies: [ctx.authCookies.dontRememberToken.name, ctx.authCookies.sessionData.name],
      secret: ctx.secret,
      expiresInMs: ctx.sessionConfig.expiresIn * 1000,
      updateAgeMs: ctx.sessionConfig.updateAge * 1000,
    }));
    settingsOf.set(auth, s);
  }
  return s;
}

/** The Cookie header as name → value, the way better-call parses it (first occurrence wins, values URI-decoded). */
export function parseCookieHeader(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || out.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.charCodeAt(0) === 34) value = value.slice(1, -1);
    try {
      value = value.includes('%') ? decodeURIComponent(value) : value;
    } catch {
      /* kept as sent, as better-call does */
    }
    out.set(name, value);
  }
  return out;
}

/**
 * The session token of a signed cookie value (`token.base64(HMAC-SHA256(secret, token))`, better-call's format), or
 * null when the signature does not match — checked with node:crypto synchronously instead of a WebCrypto key import
 * and verify per request.
 */
export function verifySignedCookie(value: string, secret: string): string | null {
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith('=')) return null;
  const expected = createHmac('sha256', secret).update(token).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

interface OneQueryRow {
  sessionId: string;
  expiresAt: Date;
  createdAt: Date;
  userId: string;
  email: string;
  name: string;
  disabled: boolean;
  activeOrganisationId: string | null;
  memberships: MembershipRow[];
  pendingInvitations: number;
  assignments: { buildingId: string; organisationId: string }[];
}

/**
 * Session → user → memberships → facility-staff assignments in one round trip. Null = not decided here: the caller
 * asks better-auth (cookies it handles itself, an expired session it deletes, a session due for refresh it extends).
 */
async function resolveInOneQuery(auth: Auth, pool: Pool, cookieHeader: string): Promise<AuthResolution | null> {
  const settings = await sessionSettings(auth);
  const cookies = parseCookieHeader(cookieHeader);
  if (settings.delegateCookies.some((name) => cookies.has(name))) return null;
  const value = cookies.get(settings.sessionCookie);
  if (!value) return { status: 'anonymous' };
  const token = verifySignedCookie(value, settings.secret);
  if (!token) return { status: 'anonymous' };
  const { rows } = await pool.query<OneQueryRow>({
    name: 'areal_resolve_auth',
    text: `SELECT s.id AS "sessionId", s.expires_at AS "expiresAt", s.created_at AS "createdAt", u.id AS "userId", u.email, u.name,
                  u.disabled_at IS NOT NULL AS disabled, s.active_organisation_id AS "activeOrganisationId",
                  coalesce((SELECT json_agg(json_build_object('role', m.role, 'id', o.id, 'slug', o.slug, 'name', o.name, 'isDemo', o.is_demo) ORDER BY o.slug)
                              FROM membership m JOIN organisation o ON o.id = m.organisation_id
                             WHERE m.user_id = u.id AND m.accepted_at IS NOT NULL AND m.disabled_at IS NULL), '[]') AS memberships,
                  (SELECT count(*)::int FROM membership m WHERE m.user_id = u.id AND m.accepted_at IS NULL) AS "pendingInvitations",
                  coalesce((SELECT json_agg(json_build_object('buildingId', a.building_id, 'organisationId', b.organisation_id) ORDER BY a.building_id)
                              FROM building_assignment a JOIN building b ON b.id = a.building_id WHERE a.user_id = u.id), '[]') AS assignments
             FROM auth_session s JOIN app_user u ON u.id = s.user_id
            WHERE s.token = $1`,
    values: [token],
  });
  const r = rows[0];
  if (!r) return { status: 'anonymous' };
  if (await endedByAbsoluteLifetime(pool, r.sessionId, r.createdAt)) return { status: 'anonymous' };
  const now = Date.now();
  const expires = r.expiresAt.getTime();
  // Expired (better-auth deletes the row) or due for its refresh (better-auth extends it): its path decides.
  if (expires < now || expires - settings.expiresInMs + settings.updateAgeMs <= now) return null;
  if (r.disabled) return { status: 'anonymous' };
  const user: SignedInUser = { id: r.userId, email: r.email, name: r.name };
  return memberOf(user, r.sessionId, r.activeOrganisationId, r.memberships, r.pendingInvitations, async (organisationId) =>
    r.assignments.filter((a) => a.organisationId === organisationId).map((a) => a.buildingId));
}

/**
 * A session older than SESSION_ABSOLUTE_MAX_SECONDS since sign-in ends, however recently it was refreshed (the
 * hourly refresh would otherwise keep a cookie alive for ever): its row is deleted and the request is anonymous.
 */
async function endedByAbsoluteLifetime(pool: Pool, sessionId: string, createdAt: Date, nowMs = Date.now()): Promise<boolean> {
  if (nowMs - createdAt.getTime() <= SESSION_ABSOLUTE_MAX_SECONDS * 1000) return false;
  await pool.query('DELETE FROM auth_session WHERE id = $1', [sessionId]);
  return true;
}

/** The role, organisation and assignments of a signed-in user from their membership rows. */
async function memberOf(
  user: SignedInUser,
  sessionId: string,
  activeOrganisationId: string | null,
  rows: MembershipRow[],
  pendingInvitations: number,
  assignedIn: (organisationId: string) => Promise<string[]>,
): Promise<AuthResolution> {
  const memberships: MembershipRef[] = rows.flatMap((r) => (isRole(r.role) ? [{ organisationId: r.id, slug: r.slug, name: r.name, role: r.role }] : []));
  // The session's chosen organisation while the user is still a member of it, else the first membership.
  const active = memberships.find((m) => m.organisationId === activeOrganisationId) ?? memberships[0];
  const membership = active && rows.find((r) => r.id === active.organisationId);
  if (!active || !membership) return { status: 'no_membership', user, pendingInvitations };
  const role = active.role;
  const assignedBuildingIds = isBuildingScoped(role) ? await assignedIn(membership.id) : null;
  return {
    status: 'member',
    auth: {
      user,
      sessionId,
      organisation: { id: membership.id, slug: membership.slug, name: membership.name, isDemo: membership.isDemo },
      role,
      assignedBuildingIds,
      memberships,
      pendingInvitations,
    },
  };
}

/** better-auth's getSession (signature check, expiry, refresh), then the user's state and memberships. */
export async function resolveThroughBetterAuth(auth: Auth, pool: Pool, headers: Headers): Promise<AuthResolution> {
  const session = await auth.api.getSession({ headers }).catch((error: unknown) => {
    console.error('[auth] session lookup failed', error);
    return null;
  });
  if (!session) return { status: 'anonymous' };
  if (await endedByAbsoluteLifetime(pool, session.session.id, new Date(session.session.createdAt))) return { status: 'anonymous' };
  // The session row also names the organisation this session works in (chosen in the header's switcher).
  const { rows: users } = await pool.query<{ disabled: boolean; activeOrganisationId: string | null }>(
    `SELECT u.disabled_at IS NOT NULL AS disabled, s.active_organisation_id AS "activeOrganisationId"
       FROM app_user u LEFT JOIN auth_session s ON s.id = $2 AND s.user_id = u.id
      WHERE u.id = $1`,
    [session.user.id, session.session.id],
  );
  if (!users[0] || users[0].disabled) return { status: 'anonymous' };
  const user: SignedInUser = { id: session.user.id, email: session.user.email, name: session.user.name };

  const { rows } = await pool.query<MembershipRow & { pending: boolean; disabled: boolean }>(
    `SELECT m.role, o.id, o.slug, o.name, o.is_demo AS "isDemo", m.accepted_at IS NULL AS pending, m.disabled_at IS NOT NULL AS disabled
       FROM membership m JOIN organisation o ON o.id = m.organisation_id
      WHERE m.user_id = $1
      ORDER BY o.slug`,
    [user.id],
  );
  // Only accepted, enabled memberships give access; invitations are counted for the banner that offers them.
  const usable = rows.filter((r) => !r.pending && !r.disabled);
  const pending = rows.filter((r) => r.pending).length;
  return memberOf(user, session.session.id, users[0].activeOrganisationId, usable, pending, async (organisationId) => {
    const { rows: assigned } = await pool.query<{ building_id: string }>(
      `SELECT a.building_id FROM building_assignment a JOIN building b ON b.id = a.building_id
        WHERE a.user_id = $1 AND b.organisation_id = $2 ORDER BY a.building_id`,
      [user.id, organisationId],
    );
    return assigned.map((a) => a.building_id);
  });
}

/** Whether the signed-in user may work with this building (facility staff: only assigned ones). */
export function canAccessBuilding(auth: AuthContext, buildingId: string): boolean {
  return auth.assignedBuildingIds === null || auth.assignedBuildingIds.includes(buildingId);
}
