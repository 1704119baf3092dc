// GET /api/scores pages kept in the server process as their serialised JSON, per organisation, data version and
// query. Everything a page is made of — building_score rows, the buildings' names, areas and use codes, districts,
// and the organisation's settings (default weights) — is covered by the triggers behind mapDataVersion
// (lib/map/data-version.ts), so a page cached under the current version is exactly what the database would give.
import type { Pool } from 'pg';
import { AsyncLru, type LruStats } from '@/lib/cache/lru';
import { mapDataVersion } from '@/lib/map/data-version';

/** At most this many pages and about this many bytes (a default page of 100 is ~230 KB, compact ~40 KB). */
export const SCORE_PAGE_CACHE_MAX_ENTRIES = 500;
export const SCORE_PAGE_CACHE_MAX_BYTES = 64 * 1024 * 1024;

const pages = new AsyncLru<Buffer>({ maxEntries: SCORE_PAGE_CACHE_MAX_ENTRIES, maxBytes: SCORE_PAGE_CACHE_MAX_BYTES, sizeOf: (b) => b.length });

/**
 * The JSON body of one score page: from the cache when this organisation's page was built for the same query at the
 * current data version, else `build()` (whose result is kept). The version is read BEFORE the data it tags, so a
 * cached page is never older than its key; a failed build (e.g. invalid weights) is not kept.
 */
export async function cachedScorePage(pool: Pool, organisationId: string, query: Record<string, unknown>, build: () => Promise<unknown>): Promise<Buffer> {
  const version = await mapDataVersion(pool, organisationId);
  const key = `${organisationId}/${version}/${JSON.stringify(query, Object.keys(query).sort())}`;
  return pages.get(key, async () => Buffer.from(JSON.stringify(await build())));
}

/** Hits, misses and size since the process started (diagnostics, tests). */
export function scorePageCacheStats(): LruStats {
  return pages.stats();
}

/** Empties the cache (tests). */
export function clearScorePageCache(): void {
  pages.clear();
}
