import { useTimeZone } from 'next-intl';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';

/**
 * The time zone a client component shows times in: the organisation's, which the root layout hands next-intl's
 * provider (lib/i18n/request.ts); the default only where no provider set one.
 */
export function useDisplayTimeZone(): string {
  return useTimeZone() ?? DEFAULT_TIME_ZONE;
}
