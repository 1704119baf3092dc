// GET/PUT/DELETE /api/scores/weights called directly as signed-in users against this file's schema: a user's
// weights are saved, read back, kept apart from another user's, validated, and forgotten again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE, GET, PUT } from '@/app/api/scores/weights/route';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let org: OrgFixture;
const cookies: Record<'property_manager' | 'viewer', string> = { property_manager: '', viewer: '' };
const ctx = { params: Promise.resolve({}) } as never;
const URL_ = 'http://localhost/api/scores/weights';
const call = async (handler: typeof GET, who: keyof typeof cookies, method = 'GET', body?: string) => {
  const headers = new Headers({ cookie: cookies[who], 'x-forwarded-for': '192.0.2.41' });
  if (body !== undefined) headers.set('content-type', 'application/json');
  const res = await handler(new Request(URL_, { method, headers, body }), ctx);
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  db = await createRouteTestDb();
  const auth = db.auth;
  org = await createOrgFixture(db.pool, 'user-weights');
  await db.pool.query(`UPDATE organisation SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{scoreWeights}', '{"utilisation":0.6,"cost":0.2,"condition":0.2}') WHERE id = $1`, [org.id]);
  for (const who of ['property_manager', 'viewer'] as const) {
    cookies[who] = await fixtureCookie(auth, org.users[who].email, '192.0.2.41');
  }
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('/api/scores/weights', () => {
  it('starts from the organisation defaults, saves a user\'s own weights and forgets them again', async () => {
    const defaults = { utilisation: 0.6, cost: 0.2, condition: 0.2 };
    expect(await call(GET, 'property_manager')).toEqual({ status: 200, body: { weights: defaults, saved: false, defaults } });

    const mine = { utilisation: 0.2, cost: 0.3, condition: 0.5 };
    expect(await call(PUT, 'property_manager', 'PUT', JSON.stringify(mine))).toEqual({ status: 200, body: { weights: mine, saved: true, defaults } });
    expect((await call(GET, 'property_manager')).body).toEqual({ weights: mine, saved: true, defaults });
    const { rows } = await db.pool.query('SELECT weights FROM user_score_weights WHERE user_id = $1 AND organisation_id = $2', [org.users.property_manager.id, org.id]);
    expect(rows).toEqual([{ weights: mine }]);
    // Per user: the politician still sees the defaults.
    expect((await call(GET, 'viewer')).body.saved).toBe(false);

    // Saving again overwrites.
    const again = { utilisation: 1, cost: 0, condition: 0 };
    await call(PUT, 'property_manager', 'PUT', JSON.stringify(again));
    expect((await call(GET, 'property_manager')).body.weights).toEqual(again);

    expect(await call(DELETE, 'property_manager', 'DELETE')).toEqual({ status: 200, body: { weights: defaults, saved: false, defaults } });
    expect((await call(GET, 'property_manager')).body.saved).toBe(false);
  });

  it('refuses malformed weights with 400 and stores nothing', async () => {
    for (const body of ['{"utilisation":2}', '{"utilisation":0,"cost":0,"condition":0}', '{"utilisation":0.5,"extra":1}', 'not json', '{"utilisation":"x"}']) {
      expect((await call(PUT, 'viewer', 'PUT', body)).status, body).toBe(400);
    }
    const { rows } = await db.pool.query('SELECT 1 FROM user_score_weights WHERE user_id = $1', [org.users.viewer.id]);
    expect(rows).toEqual([]);
  });
});
