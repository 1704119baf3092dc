// GET /api/scores called directly as a signed-in user against this file's schema: 250 scored buildings are paged
// (default 100, weakest combined score first), every page is disjoint and together they are the whole list in the
// same order as listScores reversed; filters, sorts, custom weights, the compact form and bad paging are checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/scores/route';
import { clearScorePageCache, scorePageCacheStats } from '@/lib/scoring/score-page-cache';
import { combineScores } from '@/lib/scoring/scores';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

const N = 250;
let db: RouteTestDb;
let org: OrgFixture;
let cookie = '';
const ctx = { params: Promise.resolve({}) } as never;

interface Body {
  total: number; count: number; limit: number; offset: number; nextOffset: number | null; sort: string; order: string;
  weights: { utilisation: number; cost: number; condition: number };
  scores: { buildingId: string; name: string; district: string | null; category: string; ancillary: boolean; combined: number | null;
    scores: { utilisation: number | null; cost: number | null; condition: number | null }; confidence: number; kpis?: unknown; explanation?: unknown }[];
}
const call = async (query = '') => {
  const res = await GET(new Request(`http://localhost/api/scores${query}`, { headers: { cookie, 'x-forwarded-for': '192.0.2.42' } }), ctx);
  const text = await res.text();
  return { status: res.status, bytes: text.length, body: JSON.parse(text) as Body };
};

beforeAll(async () => {
  db = await createRouteTestDb();
  const auth = db.auth;
  org = await createOrgFixture(db.pool, 'scores-route');
  const { rows: districts } = await db.pool.query<{ id: string }>(
    `INSERT INTO district (organisation_id, name) VALUES ($1, 'Nord'), ($1, 'Syd') RETURNING id`, [org.id]);
  // 250 buildings (plus the fixture's two, unscored): scores spread deterministically, some missing, every 10th a
  // garage (use code 920), a third daycare, alternating districts.
  await db.pool.query(
    `INSERT INTO building (organisation_id, registry_id, name, category, use_code, gross_area_m2, district_id, point)
     SELECT $1, 'r' || i, 'Bygning ' || lpad(i::text, 3, '0'), CASE WHEN i % 3 = 0 THEN 'daycare' ELSE 'administration' END,
            CASE WHEN i % 10 = 0 THEN 920 ELSE 320 END, 100 + i, CASE WHEN i % 2 = 0 THEN $2::uuid ELSE $3::uuid END,
            ST_SetSRID(ST_MakePoint(9 + i / 1000.0, 56), 4326)
       FROM generate_series(1, $4::int) i`,
    [org.id, districts[0].id, districts[1].id, N],
  );
  await db.pool.query(
    `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, kpis, utilisation_score, cost_score,
                                 condition_score, confidence, explanation)
     SELECT b.id, b.organisation_id, '2026-01-01', '2026-06-30', b.category, '{"utilisation": 0.5}'::jsonb,
            CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 37) % 101 END, (i * 53) % 101, CASE WHEN i % 23 = 0 THEN NULL ELSE (i * 71) % 101 END,
            (i % 10) / 10.0, '{"sentences": {"utilisation": {"da": "Lang forklaring", "en": "Long explanation"}}}'::jsonb
       FROM building b, LATERAL (SELECT substr(b.registry_id, 2)::int AS i) n
      WHERE b.organisation_id = $1 AND b.registry_id LIKE 'r%'`,
    [org.id],
  );
  cookie = await fixtureCookie(auth, org.users.viewer.email, '192.0.2.42');
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

/** Weakest first, unscored last, ties by name — the order the API promises. */
const ascending = (a: Body['scores'][number], b: Body['scores'][number]) =>
  a.combined === null ? (b.combined === null ? a.name.localeCompare(b.name) : 1) : b.combined === null ? -1 : a.combined - b.combined || a.name.localeCompare(b.name);

describe('GET /api/scores', () => {
  it('pages 100 at a time, weakest first, and the pages together are every scored building once', async () => {
    const first = await call();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: N, count: 100, limit: 100, offset: 0, nextOffset: 100, sort: 'combined', order: 'asc' });
    const all = [...first.body.scores];
    let next = first.body.nextOffset;
    while (next !== null) {
      const page = await call(`?offset=${next}`);
      expect(page.body.total).toBe(N);
      all.push(...page.body.scores);
      next = page.body.nextOffset;
    }
    expect(all).toHaveLength(N);
    expect(new Set(all.map((s) => s.buildingId)).size).toBe(N);
    expect(all.map((s) => s.buildingId)).toEqual([...all].sort(ascending).map((s) => s.buildingId));
    // The combined score is the organisation's weights applied to the stored scores.
    // The combined score is the organisation's weights applied to the stored scores; none where utilisation is unknown.
    for (const s of all) {
      const expected = combineScores(s.scores, first.body.weights);
      if (expected === null) expect(s.combined).toBeNull();
      else expect(s.combined).toBeCloseTo(expected, 9);
    }
    expect(all.some((s) => s.scores.utilisation === null && s.combined === null)).toBe(true);
    expect(all.at(-1)!.combined === null || all.at(-1)!.combined! >= all[0].combined!).toBe(true);
    // Past the end: an empty page that still knows the total.
    expect((await call('?offset=1000')).body).toMatchObject({ total: N, count: 0, nextOffset: null, scores: [] });
  });

  it('filters by category, district and ancillary, and sorts by other columns either way', async () => {
    const daycare = await call('?category=daycare&limit=1000');
    expect(daycare.body.total).toBe(83);
    expect(daycare.body.scores.every((s) => s.category === 'daycare')).toBe(true);
    const nord = await call('?district=Nord&limit=1000');
    expect(nord.body.total).toBe(125);
    expect(nord.body.scores.every((s) => s.district === 'Nord')).toBe(true);
    const noGarages = await call('?ancillary=false&limit=1000');
    expect(noGarages.body.total).toBe(225);
    expect(noGarages.body.scores.some((s) => s.ancillary)).toBe(false);

    const byUtil = (await call('?sort=utilisation&order=desc&limit=1000')).body.scores.map((s) => s.scores.utilisation);
    const scored = byUtil.filter((v) => v !== null) as number[];
    expect(scored).toEqual([...scored].sort((a, b) => b - a));
    expect(byUtil.slice(scored.length).every((v) => v === null)).toBe(true); // unscored last, also descending
    const names = (await call('?sort=name&limit=5')).body.scores.map((s) => s.name);
    expect(names).toEqual(['Bygning 001', 'Bygning 002', 'Bygning 003', 'Bygning 004', 'Bygning 005']);
  });

  it('orders by the requested weights, not the stored combined score', async () => {
    const costOnly = (await call('?weights=0,1,0&limit=1000')).body.scores;
    const costs = costOnly.map((s) => s.scores.cost!);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(costOnly[0].combined).toBe(costs[0]);
  });

  it('is small: a compact page has no KPIs or explanations and is a fraction of the full page', async () => {
    const full = await call();
    const compact = await call('?fields=compact');
    expect(compact.body.scores.map((s) => s.buildingId)).toEqual(full.body.scores.map((s) => s.buildingId));
    expect(compact.body.scores[0]).not.toHaveProperty('kpis');
    expect(compact.body.scores[0]).not.toHaveProperty('explanation');
    expect(full.body.scores[0]).toHaveProperty('explanation');
    expect(compact.bytes).toBeLessThan(full.bytes * 0.8);
    expect(compact.bytes).toBeLessThan(40_000);
  });

  it('refuses bad paging and sorting with 400', async () => {
    for (const q of ['?limit=0', '?limit=1001', '?limit=abc', '?offset=-1', '?sort=colour', '?order=up', '?fields=all', '?category=castle']) {
      expect((await call(q)).status, q).toBe(400);
    }
    expect((await call('?limit=1000')).body.count).toBe(N);
  });
});

describe('the score page cache', () => {
  it('serves a repeated page from memory and rebuilds it after a score, a building or the organisation\'s weights change', async () => {
    clearScorePageCache();
    const first = await call('?limit=5');
    expect(scorePageCacheStats()).toMatchObject({ hits: 0, misses: 1 });
    expect(await call('?limit=5&offset=0')).toEqual(first); // the same query, spelled with its default
    expect(scorePageCacheStats()).toMatchObject({ hits: 1, misses: 1 });
    await call('?limit=6');
    expect(scorePageCacheStats()).toMatchObject({ hits: 1, misses: 2 });

    // A new score for the weakest building makes it the strongest: the cached first page must not be served.
    const weakest = first.body.scores[0];
    await db.pool.query(
      `UPDATE building_score SET utilisation_score = 100, cost_score = 100, condition_score = 100 WHERE building_id = $1`,
      [weakest.buildingId],
    );
    const afterScore = await call('?limit=5');
    expect(scorePageCacheStats()).toMatchObject({ hits: 1, misses: 3 });
    expect(afterScore.body.scores.map((r) => r.buildingId)).not.toContain(weakest.buildingId);

    // A renamed building shows its new name at once.
    const shown = afterScore.body.scores[0];
    await db.pool.query(`UPDATE building SET name = 'Omdøbt bygning' WHERE id = $1`, [shown.buildingId]);
    expect((await call('?limit=5')).body.scores.find((r) => r.buildingId === shown.buildingId)?.name).toBe('Omdøbt bygning');

    // New default weights in the organisation's settings change the page's weights.
    await db.pool.query(
      `UPDATE organisation SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{scoreWeights}', '{"utilisation": 0, "cost": 1, "condition": 0}') WHERE id = $1`,
      [org.id],
    );
    const reweighted = await call('?limit=5');
    expect(reweighted.body.weights).toEqual({ utilisation: 0, cost: 1, condition: 0 });
    expect(scorePageCacheStats().hits).toBe(1);
  });

  it('does not keep a refused query', async () => {
    clearScorePageCache();
    expect((await call('?weights=a,b,c')).status).toBe(400);
    expect(scorePageCacheStats().entries).toBe(0);
  });
});
