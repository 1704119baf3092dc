// Who is signed in and where, as every layer refers to it (the request context, the auth wrapper, pages). Types
// only, below lib/auth/session.ts and lib/api/request-context.ts, so neither has to import the other's module.
import type { OrganisationRef } from '@/lib/organisations/types';
import type { Role } from './roles';

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
  /** Invitations into further organisations the account has not answered yet (they give no access until accepted). */
  pendingInvitations: number;
}

export interface MembershipRef {
  organisationId: string;
  slug: string;
  name: string;
  role: Role;
}
