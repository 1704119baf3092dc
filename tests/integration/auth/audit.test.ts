// The audit trail's reading side against a real database: filters by action, user, type and Danish calendar day,
// keyset paging both ways, and the CSV export route (through withAuth, as a property manager).
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as exportGET } from '@/app/api/audit/export/route';
import { auditActors, auditCsvStream, auditNeighbours, dayBounds, listAudit } from '@/lib/audit/list';
import { createAuth } from '@/lib/auth/auth';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from './fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: TestDb;
let a: OrgFixture;
let b: OrgFixture;

async function audit(org: OrgFixture, userId: string | null, action: string, entity: string, at: string, before: unknown, after: unknown, entityId: string | null = null) {
  await db.pool.query(
    `INSERT INTO audit_log (organisation_id, user_id, action, entity, entity_id, before, after, at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`,
    [org.id, userId, action, entity, entityId, before === null ? null : JSON.stringify(before), after === null ? null : JSON.stringify(after), at],
  );
}

beforeAll(async () => {
  db = await createTestDb();
  globalThis.arealPool = db.pool;
  globalThis.arealAuth = createAuth({ pool: db.pool });
  a = await createOrgFixture(db.pool, 'audit-a');
  b = await createOrgFixture(db.pool, 'audit-b');
  const admin = a.users.admin.id;
  const pm = a.users.property_manager.id;
  // 22:30 UTC on 30 March 2026 is already 31 March in Denmark (CEST, UTC+2); 23:30 UTC on 25 Oct is 26 Oct 00:30 (CET).
  await audit(a, admin, 'membership.role_change', 'membership', '2026-03-30T22:30:00Z', { role: 'viewer' }, { role: 'property_manager' }, a.users.viewer.id);
  await audit(a, admin, 'membership.remove', 'membership', '2026-03-31T08:00:00Z', { role: 'facility_staff', email: 'x@y.dk' }, null, a.users.facility_staff.id);
  await audit(a, pm, 'scenario.status_change', 'scenario', '2026-10-25T23:30:00Z', { status: 'draft' }, { status: 'proposed' }, a.scenarios.draft);
  await audit(a, null, 'ingest.batch', 'import_job', '2026-11-02T10:00:00Z', null, { file: '=HYPERLINK("http://evil")' }, '=1+1');
  for (let i = 0; i < 7; i++) await audit(a, pm, 'import.create', 'import_job', `2026-11-10T0${i}:00:00Z`, null, { kind: 'occupancy', file: `f${i}.csv` });
  await audit(b, b.users.admin.id, 'membership.role_change', 'membership', '2026-03-31T09:00:00Z', { role: 'viewer' }, { role: 'admin' });
}, 120_000);
afterAll(async () => {
  globalThis.arealPool = undefined;
  globalThis.arealAuth = undefined;
  await db?.drop();
});

describe('filters', () => {
  it('Danish calendar days: bounds are local midnight in summer and winter time', () => {
    expect(dayBounds({ fromDay: '2026-03-31', toDay: '2026-03-31' })).toEqual({ from: new Date('2026-03-30T22:00:00Z'), to: new Date('2026-03-31T22:00:00Z') });
    expect(dayBounds({ fromDay: '2026-10-26' })).toEqual({ from: new Date('2026-10-25T23:00:00Z'), to: null });
    expect(dayBounds({ fromDay: '31-03-2026' })).toEqual({ from: null, to: null });
  });

  it('by day, action, user and type; only this organisation', async () => {
    const day = await listAudit(db.pool, a.id, { fromDay: '2026-03-31', toDay: '2026-03-31' });
    expect(day.map((r) => r.action)).toEqual(['membership.remove', 'membership.role_change']);
    const oct26 = await listAudit(db.pool, a.id, { fromDay: '2026-10-26', toDay: '2026-10-26' });
    expect(oct26.map((r) => r.action)).toEqual(['scenario.status_change']);
    expect((await listAudit(db.pool, a.id, { action: 'import.create' })).length).toBe(7);
    const byPm = await listAudit(db.pool, a.id, { userId: a.users.property_manager.id });
    expect(new Set(byPm.map((r) => r.userEmail))).toEqual(new Set([a.users.property_manager.email]));
    expect(byPm.length).toBe(8);
    expect((await listAudit(db.pool, a.id, { entity: 'membership' })).length).toBe(2);
    const all = await listAudit(db.pool, a.id, { limit: 500 });
    expect(all.length).toBe(11);
    expect(all.every((r) => r.action !== 'membership.role_change' || r.before !== null)).toBe(true);
    expect(await auditActors(db.pool, a.id)).toEqual(
      [a.users.admin, a.users.property_manager].map((u) => expect.objectContaining({ id: u.id, email: u.email })),
    );
  });

  it('names the person a membership entry is about', async () => {
    const [change] = await listAudit(db.pool, a.id, { action: 'membership.role_change' });
    expect(change).toMatchObject({ subjectEmail: a.users.viewer.email, before: { role: 'viewer' }, after: { role: 'property_manager' } });
  });
});

describe('paging', () => {
  it('older and newer pages by id, both newest first, with neighbours known', async () => {
    const filter = { action: 'import.create' };
    const first = await listAudit(db.pool, a.id, { ...filter, limit: 3 });
    const second = await listAudit(db.pool, a.id, { ...filter, beforeId: first.at(-1)!.id, limit: 3 });
    const third = await listAudit(db.pool, a.id, { ...filter, beforeId: second.at(-1)!.id, limit: 3 });
    expect([first, second, third].map((p) => p.length)).toEqual([3, 3, 1]);
    const ids = [...first, ...second, ...third].map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(await auditNeighbours(db.pool, a.id, filter, first[0].id, first.at(-1)!.id)).toEqual({ newer: false, older: true });
    expect(await auditNeighbours(db.pool, a.id, filter, third[0].id, third.at(-1)!.id)).toEqual({ newer: true, older: false });
    const back = await listAudit(db.pool, a.id, { ...filter, afterId: third[0].id, limit: 3 });
    expect(back.map((r) => r.id)).toEqual(second.map((r) => r.id));
  });
});

describe('CSV export', () => {
  it('streams every filtered row in batches, Danish times, formulas defused', async () => {
    const bytes = new Uint8Array(await new Response(auditCsvStream(db.pool, a.id, {}, 2)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads æøå right
    const text = new TextDecoder().decode(bytes); // drops the BOM
    const parsed = Papa.parse<string[]>(text.trim(), { delimiter: ';' });
    const [header, ...rows] = parsed.data;
    expect(header.slice(0, 4)).toEqual(['id', 'tidspunkt (dansk tid)', 'tidspunkt (UTC)', 'handling']);
    expect(rows.length).toBe(11);
    const remove = rows.find((r) => r[3] === 'membership.remove')!;
    expect(remove[1]).toBe('31-03-2026 10:00:00');
    expect(remove[2]).toBe('2026-03-31T08:00:00.000Z');
    expect(JSON.parse(remove[9])).toEqual({ role: 'facility_staff', email: 'x@y.dk' });
    const roleChange = rows.find((r) => r[3] === 'membership.role_change')!;
    expect(roleChange[1]).toBe('31-03-2026 00:30:00');
    const winter = rows.find((r) => r[3] === 'scenario.status_change')!;
    expect(winter[1]).toBe('26-10-2026 00:30:00');
    const ingest = rows.find((r) => r[3] === 'ingest.batch')!;
    expect(ingest[10]).toBe(`{"file":"=HYPERLINK(\\"http://evil\\")"}`); // JSON starts with {, not a formula
    expect(ingest[5]).toBe("'=1+1"); // a cell that would be a formula is defused
    expect(text).not.toContain('audit-b');
  });

  it('the route: property manager gets the filtered CSV of their organisation', async () => {
    const cookie = await fixtureCookie(globalThis.arealAuth!, a.users.property_manager.email, '10.7.0.1');
    const res = await exportGET(new Request('http://localhost/api/audit/export?action=membership.role_change&from=2026-03-31&to=2026-03-31', { headers: { cookie } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="revisionslog-audit-a-\d{4}-\d{2}-\d{2}-\d{4}\.csv"$/);
    const rows = Papa.parse<string[]>((await res.text()).trim(), { delimiter: ';' }).data;
    expect(rows[0][0]).toBe('id');
    expect(rows.length).toBe(2); // header + the one role change of A that day (B's is not there)
    expect(rows[1][3]).toBe('membership.role_change');
    expect(rows[1][6]).toBe(`admin audit-a`);
  });
});
