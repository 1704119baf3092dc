// THE one place the scoring API asks "which organisation is this request for?". Until the auth helper lands this is
// the default (demo) organisation; the auth wrapper replaces this function with the signed-in user's organisation.
import { currentOrganisation, type OrganisationRef } from '@/lib/organisations/current';

/** The organisation a scoring request works in, or null when none exists (not seeded yet). */
export async function scoringOrganisation(_request?: Request): Promise<OrganisationRef | null> {
  return currentOrganisation();
}
