// The demand inputs (districts, service buildings with their places, forecast cells: 0.3–0.5 s to load for the demo
// municipality) kept in the server process per organisation, year and data version, so the simulation, the building
// panel, the comparison and the brief do not read them again on every request. Everything they are made of is
// covered by the triggers behind mapDataVersion (lib/map/data-version.ts): buildings (places), districts, the
// organisation (settings: services, horizon, norms), and — since migration 20261205000006 — forecast areas and
// figures. The version is read BEFORE the data it tags, so an entry is never older than its key; another instance's
// commit moves the version in the shared database, so no instance serves stale inputs.
import type { Pool } from 'pg';
import { AsyncLru, type LruStats } from '@/lib/cache/lru';
import { mapDataVersion } from '@/lib/map/data-version';
import type { DemandInputs } from './demand-report';
import { loadDemandInputs } from './load-demand-inputs';

/** At most this many organisation × year entries and about this many bytes (the demo's inputs are ~1.5 MB). */
export const DEMAND_CACHE_MAX_ENTRIES = 32;
export const DEMAND_CACHE_MAX_BYTES = 128 * 1024 * 1024;

/** Approximate bytes: a forecast cell ~120, a building ~300, a district ~150. */
function approximateBytes(inputs: DemandInputs): number {
  const cells = Object.values(inputs.cells).reduce((n, c) => n + (c?.length ?? 0), 0);
  return 1024 + cells * 120 + inputs.buildings.length * 300 + inputs.districts.length * 150;
}

const inputsCache = new AsyncLru<DemandInputs>({ maxEntries: DEMAND_CACHE_MAX_ENTRIES, maxBytes: DEMAND_CACHE_MAX_BYTES, sizeOf: approximateBytes });

/** Freezes the inputs and their arrays: callers share one object and must not change it. */
function frozen(inputs: DemandInputs): DemandInputs {
  for (const list of [inputs.districts, inputs.buildings, ...Object.values(inputs.cells)]) {
    if (!list) continue;
    for (const item of list) Object.freeze(item);
    Object.freeze(list);
  }
  Object.freeze(inputs.cells);
  return Object.freeze(inputs);
}

/** loadDemandInputs, cached per (organisation, year, data version); a failed load is not kept. */
export async function cachedDemandInputs(pool: Pool, organisationId: string, fromYear: number): Promise<DemandInputs> {
  const version = await mapDataVersion(pool, organisationId);
  return inputsCache.get(`${organisationId}/${fromYear}/${version}`, async () => frozen(await loadDemandInputs(pool, organisationId, fromYear)));
}

/** Hits, misses and size since the process started (diagnostics, tests). */
export function demandInputsCacheStats(): LruStats {
  return inputsCache.stats();
}

/** Empties the cache (tests, measurements). */
export function clearDemandInputsCache(): void {
  inputsCache.clear();
}
