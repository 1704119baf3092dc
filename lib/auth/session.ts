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
  /** Every organisation the user is a member of (the header's switcher offers them when there are several). */
  memberships: MembershipRef[];
}

export interface MembershipRef {
  organisationId: string;
  slug: string;
  name: string;
  role: Role;
}

export type AuthResolution =
  | { status: 'anonymous' }
  | { status: 'no_membership'; user: SignedInUser }
  | { status: 'member'; auth: AuthContext };

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
  // The session row also names the organisation this session works in (chosen in the header's switcher).
  const { rows: users } = await pool.query<{ disabled: boolean; activeOrganisationId: string | null }>(
    `SELECT u.disabled_at IS NOT NULL AS disabled, s.active_organisation_id AS "activeOrganisationId"
       FROM app_user u LEFT JOIN auth_session s ON s.id = $2 AND s.user_id = u.id
      WHERE u.id = $1`,
    [session.user.id, session.session.id],
  );
  if (!users[0] || users[0].disabled) return { status: 'anonymous' };
  const user: SignedInUser = { id: session.user.id, email: session.user.email, name: session.user.name };

  const { rows } = await pool.query<MembershipRow>(
    `SELECT m.role, o.id, o.slug, o.name, o.is_demo AS "isDemo"
       FROM membership m JOIN organisation o ON o.id = m.organisation_id
      WHERE m.user_id = $1
      ORDER BY o.slug`,
    [user.id],
  );
  const memberships: MembershipRef[] = rows.flatMap((r) => (isRole(r.role) ? [{ organisationId: r.id, slug: r.slug, name: r.name, role: r.role }] : []));
  // The session's chosen organisation while the user is still a member of it, else the first membership.
  const active = memberships.find((m) => m.organisationId === users[0].activeOrganisationId) ?? memberships[0];
  const membership = active && rows.find((r) => r.id === active.organisationId);
  if (!active || !membership) return { status: 'no_membership', user };

  const role = active.role;
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
      memberships,
    },
  };
}

/** Whether the signed-in user may work with this building (facility staff: only assigned ones). */
export function canAccessBuilding(auth: AuthContext, buildingId: string): boolean {
  return auth.assignedBuildingIds === null || auth.assignedBuildingIds.includes(buildingId);
}
