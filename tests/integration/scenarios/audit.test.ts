// Scenario changes leave an audit trail: the route handlers called directly as a signed-in property manager against
// this file's schema — create (by hand and from the optimiser), edit with before/after of what changed, status change,
// CSV/JSON export, delete — and the store's own rows for a script (no user) — each checked in audit_log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as exportGET } from '@/app/api/scenarios/[id]/export/route';
import { DELETE, PATCH } from '@/app/api/scenarios/[id]/route';
import { POST } from '@/app/api/scenarios/route';
import { createScenario, updateScenario } from '@/lib/scenarios/scenario-store';
import { scenarioParams } from '@/lib/scenarios/types';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let org: OrgFixture;
let cookie: string;

interface AuditRow { action: string; user_id: string | null; entity: string; entity_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }

async function auditFor(id: string): Promise<AuditRow[]> {
  const { rows } = await db.pool.query<AuditRow>(
    `SELECT action, user_id, entity, entity_id, before, after FROM audit_log WHERE organisation_id = $1 AND entity_id = $2 ORDER BY id`,
    [org.id, id],
  );
  return rows;
}

const headers = () => ({ cookie, 'x-forwarded-for': '192.0.2.41', 'content-type': 'application/json', host: 'localhost', origin: 'http://localhost' });
const json = (method: string, url: string, body?: unknown) => new Request(url, { method, headers: headers(), body: body === undefined ? undefined : JSON.stringify(body) });
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  db = await createRouteTestDb();
  const auth = db.auth;
  org = await createOrgFixture(db.pool, 'scenario-audit');
  cookie = await fixtureCookie(auth, org.users.property_manager.email, '192.0.2.41');
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('scenario audit trail', () => {
  const manager = () => org.users.property_manager.id;
  const merge = () => [{ buildingId: org.buildings[0], action: 'merge', receivers: [{ buildingId: org.buildings[1], share: 1 }] }];

  it('create → edit → propose → export → delete, each with the signed-in user and what changed', async () => {
    const created = await POST(json('POST', 'http://localhost/api/scenarios', { name: 'Revisionsspor', actions: merge(), params: { movingCostPerUserDkk: 3000 } }), { params: Promise.resolve({}) });
    expect(created.status).toBe(201);
    const { id } = await created.json();

    const edited = await PATCH(json('PATCH', `http://localhost/api/scenarios/${id}`, { name: 'Revisionsspor 2', params: { movingCostPerUserDkk: 4000 }, actions: [{ buildingId: org.buildings[0], action: 'close' }] }), idParams(id));
    expect(edited.status).toBe(200);
    // An edit that changes nothing writes no audit row.
    expect((await PATCH(json('PATCH', `http://localhost/api/scenarios/${id}`, { name: 'Revisionsspor 2' }), idParams(id))).status).toBe(200);
    expect((await PATCH(json('PATCH', `http://localhost/api/scenarios/${id}`, { status: 'proposed' }), idParams(id))).status).toBe(200);
    expect((await exportGET(json('GET', `http://localhost/api/scenarios/${id}/export?format=csv`), idParams(id))).status).toBe(200);
    expect((await exportGET(json('GET', `http://localhost/api/scenarios/${id}/export?format=json`), idParams(id))).status).toBe(200);
    expect((await PATCH(json('PATCH', `http://localhost/api/scenarios/${id}`, { status: 'draft' }), idParams(id))).status).toBe(200);
    expect((await DELETE(json('DELETE', `http://localhost/api/scenarios/${id}`), idParams(id))).status).toBe(204);

    const rows = await auditFor(id);
    expect(rows.map((r) => r.action)).toEqual([
      'scenario.create', 'scenario.update', 'scenario.status_change', 'scenario.export', 'scenario.export', 'scenario.status_change', 'scenario.delete',
    ]);
    expect(rows.every((r) => r.user_id === manager() && r.entity === 'scenario')).toBe(true);
    const [create, update, propose, csv, jsonExport, back, del] = rows;
    expect(create.before).toBeNull();
    expect(create.after).toMatchObject({ name: 'Revisionsspor', status: 'draft', source: 'app', actions: merge(), params: { movingCostPerUserDkk: 3000 } });
    // Only what changed, before and after; the unchanged parameters are not repeated.
    expect(update.before).toEqual({ name: 'Revisionsspor', params: { movingCostPerUserDkk: 3000 }, actions: merge() });
    expect(update.after).toEqual({ name: 'Revisionsspor 2', params: { movingCostPerUserDkk: 4000 }, actions: [{ buildingId: org.buildings[0], action: 'close', receivers: [] }] });
    expect([propose.before, propose.after]).toEqual([{ status: 'draft' }, { status: 'proposed' }]);
    expect([csv.after, jsonExport.after]).toEqual([{ format: 'csv' }, { format: 'json' }]);
    expect([back.before, back.after]).toEqual([{ status: 'proposed' }, { status: 'draft' }]);
    expect(del.before).toMatchObject({ name: 'Revisionsspor 2', status: 'draft', actions: [{ buildingId: org.buildings[0], action: 'close', receivers: [] }] });
    expect(del.after).toBeNull();
  });

  it('a proposal saved from the optimiser records the options, status and proven gap it was found with', async () => {
    const optimiser = { options: { targetMin: 0.05, targetMax: 0.1, maxDistanceKm: 3, mode: 'savings' }, status: 'optimal', gap: 0.004, objective: 1_234_000, greedyObjective: 1_100_000, seconds: 1.5 };
    const res = await POST(json('POST', 'http://localhost/api/scenarios', { name: 'Optimeret', actions: merge(), optimiser }), { params: Promise.resolve({}) });
    expect(res.status).toBe(201);
    const [row] = await auditFor((await res.json()).id);
    expect(row.action).toBe('scenario.create');
    expect(row.user_id).toBe(manager());
    expect(row.after).toMatchObject({ name: 'Optimeret', source: 'optimiser', optimiser });
  });

  it('a JSON export imported again is recorded as an import', async () => {
    const exported = await exportGET(json('GET', `http://localhost/api/scenarios/${org.scenarios.proposed}/export?format=json`), idParams(org.scenarios.proposed));
    const body = await exported.json();
    expect(body.format).toBe('areal.scenario/v1');
    const res = await POST(json('POST', 'http://localhost/api/scenarios', { ...body, name: 'Importeret' }), { params: Promise.resolve({}) });
    expect(res.status).toBe(201);
    const [row] = await auditFor((await res.json()).id);
    expect(row.after).toMatchObject({ name: 'Importeret', source: 'import', status: 'draft' });
  });

  it('a refused change leaves no audit row (the row is written in the change\'s transaction)', async () => {
    const { rows: [before] } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE organisation_id = $1', [org.id]);
    const bad = await PATCH(json('PATCH', `http://localhost/api/scenarios/${org.scenarios.proposed}`, { status: 'approved' }), idParams(org.scenarios.proposed));
    expect(bad.status).toBe(200); // proposed → approved is allowed …
    const again = await PATCH(json('PATCH', `http://localhost/api/scenarios/${org.scenarios.proposed}`, { status: 'draft' }), idParams(org.scenarios.proposed));
    expect(again.status).toBe(409); // … approved → draft is not
    const { rows: [after] } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE organisation_id = $1', [org.id]);
    expect(after.n).toBe(before.n + 1);
  });

  it('a script without a user is recorded as such, with its source', async () => {
    const id = await createScenario(db.pool, org.id, { name: 'Fra scriptet', params: scenarioParams(), actions: [], result: null }, { userId: null, source: 'demo-seed' });
    await updateScenario(db.pool, org.id, id, { description: 'Ny beskrivelse' }, { userId: null, source: 'demo-seed' });
    const rows = await auditFor(id);
    expect(rows.map((r) => [r.action, r.user_id, r.after?.source])).toEqual([
      ['scenario.create', null, 'demo-seed'],
      ['scenario.update', null, 'demo-seed'],
    ]);
    expect(rows[1].before).toEqual({ description: null });
    expect(rows[1].after).toMatchObject({ description: 'Ny beskrivelse' });
  });
});
