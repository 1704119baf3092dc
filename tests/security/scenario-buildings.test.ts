// Issue 15 item 13: PATCH on a scenario stored another organisation's building ids (200), and an unknown id gave a
// 500 — an oracle for which ids exist elsewhere. Now both get the same 400, and nothing is stored. The same rule
// guards creating and simulating a scenario.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH } from '@/app/api/scenarios/[id]/route';
import { POST as createScenarioRoute } from '@/app/api/scenarios/route';
import { POST as simulate } from '@/app/api/scenarios/simulate/route';
import { createRouteTestDb, type RouteTestDb } from '../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../integration/auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let a: OrgFixture;
let b: OrgFixture;
let cookie: string;
const NOBODYS = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

beforeAll(async () => {
  db = await createRouteTestDb();
  a = await createOrgFixture(db.pool, 'scen-a');
  b = await createOrgFixture(db.pool, 'scen-b');
  cookie = await fixtureCookie(db.auth, a.users.property_manager.email, '192.0.2.90');
});
afterAll(async () => {
  await db?.drop();
});

const json = (body: unknown) => ({ method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.90' }, body: JSON.stringify(body) });
const patch = (id: string, body: unknown) => PATCH(new Request(`http://localhost/api/scenarios/${id}`, { ...json(body), method: 'PATCH' }), { params: Promise.resolve({ id }) });
const stored = async () => (await db.pool.query(
  `SELECT s.id, s.name, s.updated_at, s.result, (SELECT json_agg(x ORDER BY x.building_id) FROM scenario_action x WHERE x.scenario_id = s.id) AS actions
     FROM scenario s ORDER BY s.id`)).rows;
const auditRows = async () => (await db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;

// The one error shape (lib/api/errors.ts): the same code and texts for a foreign id and for nobody's id; only the request id differs.
const UNKNOWN = { en: "A building in the actions is not in this organisation's portfolio", da: 'En bygning i handlingerne findes ikke i organisationens portefølje' };

describe("a scenario's actions may name only the organisation's own buildings", () => {
  const cases = (foreign: string) => [
    { name: 'closing it', actions: [{ buildingId: foreign, action: 'close', receivers: [] }] },
    { name: 'moving users into it', actions: [{ buildingId: a.buildings[0], action: 'merge', receivers: [{ buildingId: foreign, share: 1 }] }] },
  ];

  it("PATCH with another organisation's building and with nobody's building: the same 400, nothing stored", async () => {
    const before = await stored();
    const auditBefore = await auditRows();
    for (const [fi, foreign] of [b.buildings[0], NOBODYS].entries()) {
      for (const c of cases(foreign)) {
        const res = await patch(a.scenarios.draft, { name: `hijack ${fi}`, actions: c.actions });
        expect({ case: c.name, status: res.status, body: await res.json() }).toEqual({
          case: c.name, status: 400, body: { error: { code: 'unknown_building', message: UNKNOWN.en, messages: UNKNOWN, requestId: expect.any(String) } },
        });
      }
    }
    expect(await stored()).toEqual(before);
    expect(await auditRows()).toBe(auditBefore);
  });

  it('creating or simulating with such a building gives the same answer', async () => {
    const before = await stored();
    for (const foreign of [b.buildings[1], NOBODYS]) {
      for (const c of cases(foreign)) {
        const created = await createScenarioRoute(new Request('http://localhost/api/scenarios', json({ name: 'x', actions: c.actions })), { params: Promise.resolve({}) } as never);
        expect([created.status, (await created.json()).error.code]).toEqual([400, 'unknown_building']);
        const simulated = await simulate(new Request('http://localhost/api/scenarios/simulate', json({ actions: c.actions })), { params: Promise.resolve({}) } as never);
        expect([simulated.status, (await simulated.json()).error.code]).toEqual([400, 'unknown_building']);
      }
    }
    expect(await stored()).toEqual(before);
  });

  it('its own buildings are still accepted', async () => {
    const res = await patch(a.scenarios.draft, { actions: [{ buildingId: a.buildings[0], action: 'merge', receivers: [{ buildingId: a.buildings[1], share: 1 }] }] });
    expect(res.status).toBe(200);
  });
});
