// Who is importing, and for which organisation. The ONE place the upload routes and page ask this: the signed-in
// user and their organisation (lib/auth; the routes are wrapped by withAuth, which already refused everyone else).
import { currentAuth } from '@/lib/auth/current';
import { isBuildingScoped } from '@/lib/auth/roles';

export interface ImportActor {
  organisationId: string;
  organisationSlug: string;
  userId: string | null;
  /** Facility staff: the only buildings they may import for; null = every building of the organisation. */
  buildingIds: string[] | null;
  /** Facility staff see only their own uploads and import jobs (this user's id); null = all of the organisation's. */
  ownerScope: string | null;
}

/** The importing user and organisation for this request, or null when there is none. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- kept so callers may pass the request
export async function importActor(_request?: Request): Promise<ImportActor | null> {
  const auth = await currentAuth();
  return auth
    ? {
        organisationId: auth.organisation.id, organisationSlug: auth.organisation.slug, userId: auth.user.id, buildingIds: auth.assignedBuildingIds,
        ownerScope: isBuildingScoped(auth.role) ? auth.user.id : null,
      }
    : null;
}
