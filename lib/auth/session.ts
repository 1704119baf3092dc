import type { Pool } from 'pg';
import type { OrganisationRef } from '@/lib/organisations/current';
import type { Auth } from './auth';
import { isBuildingScoped, isRole, type Role } from './roles';

// session cookie → user → membership → organisation. Every authorisation decision starts here.

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
}

export interface AuthContext {
  user: SignedInUser;
  sessionId: string;
  organisation: OrganisationRef;
  role: Role;
  /** Facility staff: the buildings they are assigned to; null for every other role (the whole organisation). */
  assignedBuildingIds: string[] | null;
}

export type AuthResolution =
  | { status: 'anonymous' }
  | { status: 'no_membership'; user: SignedInUser }
  | { status: 'member'; auth: AuthContext };

/** Cookie naming the organisation a user with several memberships works in (chosen in the header). */
export const ORGANISATION_COOKIE = 'areal_org';

interface MembershipRow {
  role: string;
  id: string;
  slug: string;
  name: string;
  isDemo: boolean;
}

/** Resolves the request's session (from its Cookie header) to a user, their role and organisation. */
export async function resolveAuth(auth: Auth, pool: Pool, headers: Headers): Promise<AuthResolution> {
  if (!headers.get('cookie')) return { status: 'anonymous' };
  const session = await auth.api.getSession({ headers }).catch((error: unknown) => {
    console.error('[auth] session lookup failed', error);
    return null;
  });
  if (!session) return { status: 'anonymous' };
  const { rows: users } = await pool.query<{ disabled: boolean }>('SELECT disabled_at IS NOT NULL AS disabled FROM app_user WHERE id = $1', [session.user.id]);
  if (!users[0] || users[0].disabled) return { status: 'anonymous' };
  const user: SignedInUser = { id: session.user.id, email: session.user.email, name: session.user.name };

  const { rows } = await pool.query<MembershipRow>(
    `SELECT m.role, o.id, o.slug, o.name, o.is_demo AS "isDemo"
       FROM membership m JOIN organisation o ON o.id = m.organisation_id
      WHERE m.user_id = $1
      ORDER BY o.slug`,
    [user.id],
  );
  const preferred = readCookie(headers, ORGANISATION_COOKIE);
  const membership = rows.find((r) => r.slug === preferred) ?? rows[0];
  if (!membership || !isRole(membership.role)) return { status: 'no_membership', user };

  const role = membership.role;
  let assignedBuildingIds: string[] | null = null;
  if (isBuildingScoped(role)) {
    const { rows: assigned } = await pool.query<{ building_id: string }>(
      `SELECT a.building_id FROM building_assignment a JOIN building b ON b.id = a.building_id
        WHERE a.user_id = $1 AND b.organisation_id = $2 ORDER BY a.building_id`,
      [user.id, membership.id],
    );
    assignedBuildingIds = assigned.map((a) => a.building_id);
  }
  return {
    status: 'member',
    auth: {
      user,
      sessionId: session.session.id,
      organisation: { id: membership.id, slug: membership.slug, name: membership.name, isDemo: membership.isDemo },
      role,
      assignedBuildingIds,
    },
  };
}

/** Whether the signed-in user may work with this building (facility staff: only assigned ones). */
export function canAccessBuilding(auth: AuthContext, buildingId: string): boolean {
  return auth.assignedBuildingIds === null || auth.assignedBuildingIds.includes(buildingId);
}

function readCookie(headers: Headers, name: string): string | undefined {
  const raw = headers.get('cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
