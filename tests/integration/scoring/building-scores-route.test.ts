// GET /api/buildings/{id}/scores called directly as a signed-in viewer: the latest score with the organisation's
// default weights (read in the same query) or the request's, 404 for an unscored building or another organisation's,
// 400 for a bad id or weights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/buildings/[id]/scores/route';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let org: OrgFixture;
let other: OrgFixture;
let cookie = '';

const call = async (id: string, query = '') => {
  const res = await GET(
    new Request(`http://localhost/api/buildings/${id}/scores${query}`, { headers: { cookie, 'x-forwarded-for': '192.0.2.43' } }),
    { params: Promise.resolve({ id }) },
  );
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  db = await createRouteTestDb();
  const auth = db.auth;
  org = await createOrgFixture(db.pool, 'bscores');
  other = await createOrgFixture(db.pool, 'bscores-other');
  for (const [fixture, period] of [[org, '2026-06-30'], [other, '2026-06-30']] as const) {
    await db.pool.query(
      `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, utilisation_score, cost_score, condition_score,
                                   combined_score, confidence, kpis, explanation, computed_at)
       VALUES ($1, $2, '2026-01-01', $3, 'Administration', 20, 80, 50, 50, 0.9, '{"peakUtilisation": 0.4}', '{"sentences": {}}', '2026-07-01T08:00:00Z')`,
      [fixture.buildings[0], fixture.id, period],
    );
  }
  // An older period of the same building is not the latest.
  await db.pool.query(
    `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, utilisation_score, cost_score, condition_score,
                                 combined_score, confidence, kpis, explanation, computed_at)
     VALUES ($1, $2, '2025-01-01', '2025-06-30', 'Administration', 1, 1, 1, 1, 0.1, '{}', '{}', '2025-07-01T08:00:00Z')`,
    [org.buildings[0], org.id],
  );
  await db.pool.query(
    `UPDATE organisation SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{scoreWeights}', '{"utilisation": 1, "cost": 0, "condition": 0}') WHERE id = $1`,
    [org.id],
  );
  cookie = await fixtureCookie(auth, org.users.viewer.email, '192.0.2.43');
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('GET /api/buildings/{id}/scores', () => {
  it('answers the latest period, combined with the organisation\'s default weights', async () => {
    const { status, body } = await call(org.buildings[0]);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      buildingId: org.buildings[0], name: 'Bygning 1 (bscores)', scores: { utilisation: 20, cost: 80, condition: 50 }, combined: 20,
      confidence: 0.9, kpis: { peakUtilisation: 0.4 }, period: { from: '2026-01-01', to: '2026-06-30' }, computedAt: '2026-07-01T08:00:00.000Z',
    });
  });

  it('combines with the request\'s weights when given', async () => {
    expect((await call(org.buildings[0], '?weights=0,1,0')).body.combined).toBe(80);
    expect((await call(org.buildings[0], '?weights=a,b')).status).toBe(400);
  });

  it('404 for an unscored building and for another organisation\'s building; 400 for a bad id', async () => {
    expect((await call(org.buildings[1])).status).toBe(404);
    expect((await call(other.buildings[0])).status).toBe(404);
    expect((await call('not-a-uuid')).status).toBe(400);
  });
});
