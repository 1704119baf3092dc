import { cache } from 'react';
import { currentAuth } from '@/lib/auth/current';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';
import { getPool } from '@/lib/db/pool';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';

/**
 * The time zone the current request's pages show times in: the signed-in member's organisation's
 * (settings.timeZone, as its data is computed in), else the default (the sign-in page). Memoised per render.
 */
export const requestTimeZone = cache(async (): Promise<string> => {
  const auth = await currentAuth();
  if (!auth) return DEFAULT_TIME_ZONE;
  return (await loadOrganisationSettings(getPool(), auth.organisation.id)).timeZone;
});
