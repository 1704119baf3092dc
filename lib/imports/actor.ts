// Who is importing, and for which organisation: the ONE rule the upload routes and page share, read from what the
// auth wrapper (withAuth) or the page guard (requirePageAuth) resolved — both have refused everyone else already.
import type { AuthContext } from '@/lib/auth/types';
import { isBuildingScoped } from '@/lib/auth/roles';

export interface ImportActor {
  organisationId: string;
  organisationSlug: string;
  userId: string;
  /** Facility staff: the only buildings they may import for; null = every building of the organisation. */
  buildingIds: string[] | null;
  /** Facility staff see only their own uploads and import jobs (this user's id); null = all of the organisation's. */
  ownerScope: string | null;
}

/** The importing user and organisation of a resolved request. */
export function importActorOf(auth: AuthContext): ImportActor {
  return {
    organisationId: auth.organisation.id, organisationSlug: auth.organisation.slug, userId: auth.user.id, buildingIds: auth.assignedBuildingIds,
    ownerScope: isBuildingScoped(auth.role) ? auth.user.id : null,
  };
}
