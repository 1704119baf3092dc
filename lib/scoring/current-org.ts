// THE one place the scoring API asks "which organisation is this request for?". Until the auth helper lands this is
// the default (demo) organisation; the auth wrapper replaces this function with the signed-in user's organisation.
import { currentOrganisation, type OrganisationRef } from '@/lib/organisations/current';

/** The organisation a scoring request works in, or null when none exists (not seeded yet). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the auth wrapper will read the session from it
export async function scoringOrganisation(request?: Request): Promise<OrganisationRef | null> {
  return currentOrganisation();
}
