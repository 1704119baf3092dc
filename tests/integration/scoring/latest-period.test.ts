// "The latest scored period" is one rule (lib/scoring/scored-period.ts): after a user re-scores an EARLIER period
// (its rows are computed last), the map's tiles and list, the ranking, the scores API's pages, the building panel and
// the scenarios' portfolio all still show the period that ends last — and the ranking can be asked for the older one.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingPanel } from '@/lib/buildings/building-panel';
import { buildingTile } from '@/lib/map/building-tiles';
import { portfolioView } from '@/lib/map/portfolio-view';
import { parseViewFilter } from '@/lib/map/view-filter';
import { parseOrganisationSettings } from '@/lib/organisations/settings';
import { loadPortfolio } from '@/lib/scenarios/load-portfolio';
import { getBuildingScores, listScores, pageScores } from '@/lib/scoring/query-scores';
import { latestScoredPeriod, listScoredPeriods } from '@/lib/scoring/scored-period';
import { createTestDb, type TestDb } from '../../helpers/test-db';

const LAST_YEAR = { from: '2025-07-01', to: '2025-09-30' };
const RECENT = { from: '2026-07-01', to: '2026-09-30' };
const WEIGHTS = parseOrganisationSettings({}).scoreWeights;
const lon = 12.5683;
const lat = 55.6761;

describe('one latest scored period for every page', () => {
  let db: TestDb;
  let org: string;
  let building: string;

  /** One score row as a score run writes it; `util` tells the periods apart everywhere it shows. */
  async function score(period: { from: string; to: string }, util: number, computedAt: string) {
    await db.pool.query(
      `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, kpis, utilisation_score,
         cost_score, condition_score, combined_score, confidence, explanation, computed_at)
       VALUES ($1, $2, $3, $4, 'office', jsonb_build_object('utilisation', $5::float8 / 100, 'peakUtilisation', $5::float8 / 100),
               $5, 50, 50, $5, 0.8, '{"sentences": {"utilisation": {"da": "", "en": ""}}}', $6)`,
      [building, org, period.from, period.to, util, computedAt],
    );
  }

  beforeAll(async () => {
    db = await createTestDb();
    org = (await db.pool.query(`INSERT INTO organisation (slug, name) VALUES ('periods', 'Periodekommune') RETURNING id`)).rows[0].id;
    building = (await db.pool.query(
      `INSERT INTO building (organisation_id, registry_id, name, use_code, category, gross_area_m2, point, footprint)
       VALUES ($1, 'bbr-p', 'Rådhuset', 321, 'office', 5000, ST_SetSRID(ST_MakePoint($2, $3), 4326),
               ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($2, $3), 4326), 0.0002, 'quad_segs=1'))) RETURNING id`,
      [org, lon, lat],
    )).rows[0].id;
    await score(RECENT, 70, '2026-10-01T06:00:00Z');
    // The re-score of last year's quarter, a month later: the newest computed_at, the older period.
    await score(LAST_YEAR, 20, '2026-11-02T09:30:00Z');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('names the period that ends last, not the run computed last', async () => {
    expect(await latestScoredPeriod(db.pool, org)).toEqual(RECENT);
    expect(await listScoredPeriods(db.pool, org)).toEqual([RECENT, LAST_YEAR]);
  });

  it('shows that period on the map, the ranking, the scores API, the panel and in scenarios', async () => {
    const ranking = await listScores(db.pool, org, {}, WEIGHTS);
    expect(ranking.map((r) => [r.period, r.scores.utilisation])).toEqual([[RECENT, 70]]);
    const page = await pageScores(db.pool, org, { limit: 10, offset: 0 }, WEIGHTS, true);
    expect(page.rows.map((r) => [r.period, r.scores.utilisation])).toEqual([[RECENT, 70]]);

    const panel = await buildingPanel(db.pool, org, building, 2026);
    expect([panel?.scores?.period, panel?.scores?.scores.utilisation]).toEqual([RECENT, 70]);

    const view = await portfolioView(db.pool, org, parseViewFilter({}));
    expect(view.buildings.map((b) => b.util)).toEqual([70]);

    const tile = await buildingTile(db.pool, org, { z: 15, x: Math.floor(((lon + 180) / 360) * 2 ** 15), y: tileY(lat, 15) });
    const feature = new VectorTile(new PbfReader(new Uint8Array(tile!))).layers.buildings.feature(0);
    expect(feature.properties.util).toBe(70);

    const portfolio = await loadPortfolio(db.pool, org, 2026);
    expect(portfolio.map((b) => b.peakUtilisation)).toEqual([0.7]);
  });

  it('shows an earlier scored period when it is chosen, and nothing for one never scored', async () => {
    expect((await listScores(db.pool, org, { period: LAST_YEAR }, WEIGHTS)).map((r) => r.scores.utilisation)).toEqual([20]);
    const page = await pageScores(db.pool, org, { period: LAST_YEAR, limit: 10, offset: 0, sort: 'utilisation' }, WEIGHTS);
    expect(page).toMatchObject({ total: 1, rows: [{ period: LAST_YEAR, scores: { utilisation: 20 } }] });
    expect((await getBuildingScores(db.pool, org, building, WEIGHTS, LAST_YEAR))?.period).toEqual(LAST_YEAR);
    expect(await listScores(db.pool, org, { period: { from: '2024-01-01', to: '2024-03-31' } }, WEIGHTS)).toEqual([]);
  });
});

function tileY(latitude: number, z: number): number {
  const rad = (latitude * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
}
