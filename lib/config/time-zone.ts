// The organisation's time zone: the one default, and the check of an IANA name. Every local-time computation —
// timestamps in files, opening hours, the daily rollups, the scoring period, the heatmap — takes the zone of the
// organisation's settings (`settings.timeZone`, lib/organisations/settings.ts); this is only what it defaults to.

/** The time zone an organisation's settings default to (Danish municipalities). */
export const DEFAULT_TIME_ZONE = 'Europe/Copenhagen';

/** Whether `zone` is an IANA time zone name this runtime knows (PostgreSQL's tz database has the same names). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone !== zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
