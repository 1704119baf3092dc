// The scenario portfolio cache against a real PostGIS: a second call with no change is served from memory (no
// database read of the portfolio), and every kind of change the portfolio depends on — a building, a score, a cost
// record, a maintenance item — gives a new data version, so the next call reads the changed figures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Pool } from 'pg';
import { cachedPortfolio, clearPortfolioCache, loadPortfolio, PORTFOLIO_CACHE_MAX, portfolioCacheKeys } from '@/lib/scenarios/load-portfolio';
import { createTestDb, type TestDb } from '../../helpers/test-db';

const YEAR = 2026;
let db: TestDb;
let orgId: string;
let buildingId: string;

/** A pool wrapper counting the portfolio reads (the big query over building), passing everything through. */
function countingPool(pool: Pool) {
  let portfolioReads = 0;
  const proxy = new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (text: string, ...rest: unknown[]) => {
          if (typeof text === 'string' && text.includes('FROM building b') && text.includes('maintenance_item')) portfolioReads++;
          return (target.query as (...a: unknown[]) => unknown).call(target, text, ...rest);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return { pool: proxy as Pool, reads: () => portfolioReads };
}

beforeAll(async () => {
  db = await createTestDb();
  orgId = (await db.pool.query(`INSERT INTO organisation (slug, name) VALUES ('cache-test', 'Cachekommune') RETURNING id`)).rows[0].id;
  buildingId = (await db.pool.query(
    `INSERT INTO building (organisation_id, registry_id, name, category, gross_area_m2, capacity, point)
     VALUES ($1, 'c1', 'Rådhuset', 'administration', 1000, 50, ST_SetSRID(ST_MakePoint(9, 56), 4326)) RETURNING id`, [orgId],
  )).rows[0].id;
  await db.pool.query(
    `INSERT INTO building (organisation_id, registry_id, name, category, gross_area_m2, point)
     VALUES ($1, 'c2', 'Skolen', 'school', 2000, ST_SetSRID(ST_MakePoint(9.1, 56), 4326))`, [orgId],
  );
  await db.pool.query(`INSERT INTO cost_record (building_id, year, type, amount_dkk) VALUES ($1, 2025, 'energy', 100000)`, [buildingId]);
  await db.pool.query(
    `INSERT INTO maintenance_item (building_id, component, condition_grade, cost_dkk, due_year) VALUES ($1, 'Tag', 3, 50000, 2026)`, [buildingId],
  );
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(() => clearPortfolioCache());

const town = async (pool: Pool) => (await cachedPortfolio(pool, orgId, YEAR)).find((b) => b.id === buildingId)!;

describe('cachedPortfolio', () => {
  it('reads the database once while nothing changes, and gives what loadPortfolio gives', async () => {
    const { pool, reads } = countingPool(db.pool);
    const first = await cachedPortfolio(pool, orgId, YEAR);
    const [second, third] = await Promise.all([cachedPortfolio(pool, orgId, YEAR), cachedPortfolio(pool, orgId, YEAR)]);
    expect(reads()).toBe(1);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(first).toEqual(await loadPortfolio(db.pool, orgId, YEAR));
    // Shared between requests, so it cannot be changed by one of them.
    expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
    // Another year is another portfolio (a different backlog cut-off).
    await cachedPortfolio(pool, orgId, YEAR + 1);
    expect(reads()).toBe(2);
  });

  it('reads again after a change to a building, a score, a cost record or a maintenance item', async () => {
    const { pool, reads } = countingPool(db.pool);
    expect((await town(pool)).annualOperatingCostDkk).toBe(100000);

    await db.pool.query(`UPDATE cost_record SET amount_dkk = 120000 WHERE building_id = $1`, [buildingId]);
    expect((await town(pool)).annualOperatingCostDkk).toBe(120000);
    expect(reads()).toBe(2);

    expect((await town(pool)).backlogDkk).toBe(50000);
    await db.pool.query(`UPDATE maintenance_item SET done = true WHERE building_id = $1`, [buildingId]);
    expect((await town(pool)).backlogDkk).toBe(0);
    await db.pool.query(`DELETE FROM maintenance_item WHERE building_id = $1`, [buildingId]);
    await db.pool.query(
      `INSERT INTO maintenance_item (building_id, component, condition_grade, cost_dkk, due_year) VALUES ($1, 'Facade', 2, 7000, 2025)`, [buildingId],
    );
    expect((await town(pool)).backlogDkk).toBe(7000);

    await db.pool.query(`UPDATE building SET capacity = 80 WHERE id = $1`, [buildingId]);
    expect((await town(pool)).capacity).toBe(80);

    await db.pool.query(
      `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, kpis, confidence, explanation)
       VALUES ($1, $2, '2026-01-01', '2026-06-30', 'administration', '{"peakUtilisation": 0.42, "annualCostDkk": 99000}', 0.8, '{}')`,
      [buildingId, orgId],
    );
    const scored = await town(pool);
    expect(scored.peakUtilisation).toBe(0.42);
    expect(scored.annualOperatingCostDkk).toBe(99000);
    const before = reads();
    await town(pool);
    expect(reads()).toBe(before); // and cached again once nothing changes
  });

  it(`keeps at most ${PORTFOLIO_CACHE_MAX} portfolios, dropping the least recently used`, async () => {
    for (let y = 0; y < PORTFOLIO_CACHE_MAX + 3; y++) await cachedPortfolio(db.pool, orgId, 2000 + y);
    const keys = portfolioCacheKeys();
    expect(keys).toHaveLength(PORTFOLIO_CACHE_MAX);
    expect(keys[0]).toMatch(new RegExp(`^${orgId}/2003/`));
    // A hit makes an entry the most recent.
    await cachedPortfolio(db.pool, orgId, 2003);
    expect(portfolioCacheKeys().at(-1)).toMatch(new RegExp(`^${orgId}/2003/`));
  });
});
