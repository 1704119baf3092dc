// Who is importing, and for which organisation. The ONE place the upload routes and page ask this: until
// sign-in lands it is the default organisation (AREAL_DEFAULT_ORG, "demo") and no user; the auth layer
// replaces the body of this function with the signed-in user and their organisation.
import { currentOrganisation } from '@/lib/organisations/current';

export interface ImportActor {
  organisationId: string;
  organisationSlug: string;
  userId: string | null;
}

/** The importing user and organisation for this request, or null when there is none. */
export async function importActor(_request?: Request): Promise<ImportActor | null> {
  const org = await currentOrganisation();
  return org ? { organisationId: org.id, organisationSlug: org.slug, userId: null } : null;
}
