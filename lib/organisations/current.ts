import { currentAuth } from '@/lib/auth/current';

import type { OrganisationRef } from './types';

export type { OrganisationRef } from './types';

/**
 * The organisation the current request works in: the signed-in user's (lib/auth). Null when nobody is signed
 * in or the user has no role yet — pages behind requirePageAuth and routes behind withAuth never see null.
 */
export async function currentOrganisation(): Promise<OrganisationRef | null> {
  return (await currentAuth())?.organisation ?? null;
}
