import type { Pool } from 'pg';
import { AsyncLru } from '@/lib/cache/lru';
import { mapDataVersion } from '@/lib/map/data-version';
import { scoredPeriodSql } from '@/lib/scoring/scored-period';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { type OptimiserDefaults, type ScenarioDefaults } from '@/lib/organisations/settings';
import type { ScenarioBuilding } from './types';

// The portfolio as the scenario core sees it, read from the registry, the building scores of the latest scored
// period (lib/scoring/scored-period.ts: cost, peak utilisation, confidence) and the maintenance plans (backlog = undone work due this year or earlier).
// Peak utilisation is the scoring's KPI (P95 of hourly occupancy ÷ capacity over opening hours, docs/scoring.md), so
// offline sensors and presence sensors are handled once, there. A building that was never scored has no peak (it
// cannot receive users) and no confidence; its operating cost falls back to the sum of its latest cost year before
// `year` (plus the lease when no rent is booked, as the scoring counts it).

/** A building row as read: the registry may lack its area (the portfolio counts it as 0 m²). */
type Row = Omit<ScenarioBuilding, 'grossAreaM2' | 'useCode'> & { grossAreaM2: number | null; useCode: number | null };

/** Every building of the organisation with the figures a scenario needs; `year` decides which work is overdue. */
export async function loadPortfolio(pool: Pool, organisationId: string, year: number): Promise<ScenarioBuilding[]> {
  const { rows } = await pool.query<Row>(
    `SELECT b.id, b.name, b.category, b.gross_area_m2 AS "grossAreaM2", b.users_total AS "usersTotal", b.capacity,
            (s.kpis->>'peakUtilisation')::float8 AS "peakUtilisation",
            COALESCE((s.kpis->>'annualCostDkk')::float8, c.cost) AS "annualOperatingCostDkk",
            COALESCE(m.backlog, 0)::float8 AS "backlogDkk",
            b.tenure, b.annual_lease_dkk AS "annualLeaseDkk", b.energy_kwh_per_year AS "energyKwhPerYear",
            ST_X(b.point) AS lon, ST_Y(b.point) AS lat, s.confidence, b.use_code AS "useCode",
            s.combined_score AS "combinedScore"
       FROM building b
       LEFT JOIN (${scoredPeriodSql('$1')}) latest ON true
       LEFT JOIN building_score s ON s.building_id = b.id AND s.period_from = latest.period_from AND s.period_to = latest.period_to
       LEFT JOIN LATERAL (
         SELECT sum(cr.amount_dkk)
                + CASE WHEN b.tenure = 'leased' AND NOT bool_or(cr.type = 'rent') THEN COALESCE(b.annual_lease_dkk, 0) ELSE 0 END AS cost
           FROM cost_record cr
          WHERE cr.building_id = b.id
            AND cr.year = (SELECT max(year) FROM cost_record y WHERE y.building_id = b.id AND y.year < $2)
       ) c ON true
       LEFT JOIN LATERAL (
         SELECT sum(cost_dkk) AS backlog FROM maintenance_item mi
          WHERE mi.building_id = b.id AND NOT mi.done AND mi.due_year <= $2
       ) m ON true
      WHERE b.organisation_id = $1
      ORDER BY b.name, b.id`,
    [organisationId, year],
  );
  return rows.map((r) => ({ ...r, grossAreaM2: r.grossAreaM2 ?? 0 }));
}

/** Portfolios kept in the server process (organisation × year × data version), least recently used dropped first. */
export const PORTFOLIO_CACHE_MAX = 16;
/** About this many bytes of portfolios at most (a building's row is a few hundred bytes). */
export const PORTFOLIO_CACHE_MAX_BYTES = 64 * 1024 * 1024;
const BYTES_PER_BUILDING = 600;

// The data version is part of the key (as for tiles, lib/map/serve-tile.ts): a change makes the next call a miss at
// once, and the old entry is never asked for again and falls out as least recently used.
const portfolioCache = new AsyncLru<readonly ScenarioBuilding[]>({
  maxEntries: PORTFOLIO_CACHE_MAX, maxBytes: PORTFOLIO_CACHE_MAX_BYTES, sizeOf: (rows) => 100 + rows.length * BYTES_PER_BUILDING,
});

/**
 * loadPortfolio, cached per (organisation, year, data version). The version is the organisation's data-version log
 * (lib/map/data-version.ts; triggers on buildings, scores, districts, the organisation, cost records and maintenance
 * plans append to it), read BEFORE the data it tags, so a cached portfolio is never older than its tag: any committed
 * change gives a new version and the next call reads the database again. Concurrent calls for the same version share
 * one load; a failed load is not kept (lib/cache/lru.ts). The rows are frozen: callers share them and must not change them.
 */
export async function cachedPortfolio(pool: Pool, organisationId: string, year: number): Promise<readonly ScenarioBuilding[]> {
  const version = await mapDataVersion(pool, organisationId);
  return portfolioCache.get(`${organisationId}/${year}/${version}`, async () =>
    Object.freeze((await loadPortfolio(pool, organisationId, year)).map((r) => Object.freeze(r))));
}

/** What the cache holds (tests, diagnostics): `organisation/year/version` keys, least recently used first. */
export function portfolioCacheKeys(): string[] {
  return portfolioCache.keys();
}

/** Empties the cache (tests). */
export function clearPortfolioCache(): void {
  portfolioCache.clear();
}

/** The organisation's scenario assumptions (defaults filled in). */
export async function loadScenarioDefaults(pool: Pool, organisationId: string): Promise<ScenarioDefaults> {
  return (await loadOrganisationSettings(pool, organisationId)).scenarioDefaults;
}

/** The organisation's optimiser defaults (category compatibility), filled in. */
export async function loadOptimiserDefaults(pool: Pool, organisationId: string): Promise<OptimiserDefaults> {
  return (await loadOrganisationSettings(pool, organisationId)).optimiserDefaults;
}
