// The routes behind "add to scenario" (map panel, ranking selection, /scenarios/new) and the compare page's maps,
// called directly as signed-in users against this file's schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as addBuildings } from '@/app/api/scenarios/[id]/buildings/route';
import { GET as scenarioMap } from '@/app/api/scenarios/[id]/map/route';
import type { ScenarioGeo } from '@/lib/scenarios/scenario-geo';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let org: OrgFixture;
const cookies: Record<'manager' | 'viewer', string> = { manager: '', viewer: '' };

const post = (id: string, body: unknown) =>
  addBuildings(new Request(`http://localhost/api/scenarios/${id}/buildings`, {
    method: 'POST', headers: { cookie: cookies.manager, 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.50' }, body: JSON.stringify(body),
  }), { params: Promise.resolve({ id }) });
const getMap = (id: string, who: 'manager' | 'viewer') =>
  scenarioMap(new Request(`http://localhost/api/scenarios/${id}/map`, { headers: { cookie: cookies[who], 'x-forwarded-for': '192.0.2.50' } }), { params: Promise.resolve({ id }) });

beforeAll(async () => {
  db = await createRouteTestDb();
  const auth = db.auth;
  org = await createOrgFixture(db.pool, 'pick-map');
  for (const [who, role] of [['manager', 'property_manager'], ['viewer', 'viewer']] as const) {
    cookies[who] = await fixtureCookie(auth, org.users[role].email, '192.0.2.50');
  }
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('POST /api/scenarios/{id}/buildings', () => {
  it('adds buildings to a draft with default actions, re-simulates and saves; repeats are skipped', async () => {
    // The fixture's two buildings have no users: nobody to move, so both close.
    const res = await post(org.scenarios.draft, { buildingIds: org.buildings });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.added).toEqual(org.buildings.map((buildingId) => ({ buildingId, action: 'close', receivers: [] })));
    expect(body.scenario.result.areaRemovedM2).toBe(2000);
    const { rows } = await db.pool.query('SELECT building_id, action FROM scenario_action WHERE scenario_id = $1 ORDER BY building_id', [org.scenarios.draft]);
    expect(rows).toEqual([...org.buildings].sort().map((building_id) => ({ building_id, action: 'close' })));

    const again = await (await post(org.scenarios.draft, { buildingIds: [org.buildings[0]] })).json();
    expect(again.added).toEqual([]);
    expect(again.scenario.actions).toHaveLength(2);
  });

  it('refuses unknown buildings (400), a scenario that is not a draft (409) and one that does not exist (404)', async () => {
    const unknown = await post(org.scenarios.draft, { buildingIds: ['00000000-0000-4000-8000-00000000abcd'] });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe('unknown_building');
    expect((await post(org.scenarios.proposed, { buildingIds: [org.buildings[0]] })).status).toBe(409);
    expect((await post('00000000-0000-4000-8000-000000000000', { buildingIds: [org.buildings[0]] })).status).toBe(404);
    expect((await post(org.scenarios.draft, { buildingIds: [] })).status).toBe(400);
  });
});

describe('GET /api/scenarios/{id}/map', () => {
  it('returns every building with its role, the moves and counts', async () => {
    const res = await getMap(org.scenarios.draft, 'manager');
    expect(res.status).toBe(200);
    const geo = (await res.json()) as ScenarioGeo;
    expect(geo.buildings.features.map((f) => f.properties.role)).toEqual(['removed', 'removed']);
    expect(geo.buildings.features[0].geometry.coordinates).toEqual([8.97, 56.13]);
    expect(geo.counts).toEqual({ buildings: 2, removed: 2, letOut: 0, receivers: 0, moves: 0 });
    expect(geo.bounds![0]).toBeLessThan(8.97);
  });

  it('hides a draft from a viewer (404) but shows a proposed scenario', async () => {
    expect((await getMap(org.scenarios.draft, 'viewer')).status).toBe(404);
    const proposed = await getMap(org.scenarios.proposed, 'viewer');
    expect(proposed.status).toBe(200);
    expect(((await proposed.json()) as ScenarioGeo).counts.removed).toBe(0);
  });
});
