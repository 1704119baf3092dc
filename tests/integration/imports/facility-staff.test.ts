// Facility staff import only for the buildings assigned to them (importActor().buildingIds → runImport's
// buildingIds): a row for another building's sensor, a new sensor in another building, or a cost/maintenance row
// for another building is a row error with file, line and column, and the whole file is rejected with the
// database unchanged. Registry and footprint files (which can create or change any building) are refused whole.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport, type ImportOptions } from '@/lib/imports/run-import';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, fingerprint, type TestOrg } from './setup';

describe('facility staff import only for their assigned buildings', () => {
  let db: TestDb;
  let org: TestOrg;
  let dir: string;
  let b1: string;
  let b2: string;

  const file = async (name: string, text: string) => {
    const p = path.join(dir, name);
    await writeFile(p, text);
    return p;
  };
  const load = (p: string, extra: Partial<ImportOptions> = {}) =>
    runImport({ kind: 'occupancy', path: p, fileName: path.basename(p), organisationId: org.id, pool: db.pool, ...extra });

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'facility');
    const { rows } = await db.pool.query<{ id: string; registry_id: string }>('SELECT id, registry_id FROM building WHERE organisation_id = $1', [org.id]);
    b1 = rows.find((r) => r.registry_id === 'B-1')!.id;
    b2 = rows.find((r) => r.registry_id === 'B-2')!.id;
    // A count sensor in B-2, the building the facility user is NOT assigned to.
    await db.pool.query("INSERT INTO sensor (organisation_id, building_id, external_id, kind, interval_minutes) VALUES ($1, $2, 'S-3', 'count', 15)", [org.id, b2]);
    dir = await mkdtemp(path.join(tmpdir(), 'areal-facility-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it("rejects the whole file when a row's sensor belongs to another building, naming file, line and column", async () => {
    const p = await file('mixed.csv', 'Tidspunkt;Måler;Antal\n2026-05-04 08:00;S-1;3\n2026-05-04 08:00;S-3;5\n2026-05-04 08:15;S-1;4\n');
    const before = await fingerprint(db.pool, org.id);
    const r = await load(p, { buildingIds: [b1] });
    expect(r.status).toBe('rejected');
    expect(r.accepted).toBe(0);
    expect(r.rejected).toBe(1);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ file: 'mixed.csv', line: 3, column: 'Måler', value: 'S-3', code: 'sensor_not_assigned' });
    expect(r.issues[0].message.en).toBe('Sensor "S-3" belongs to a building you are not assigned to (Børnehuset (B-2)).');
    expect(r.issues[0].message.da).toContain('hører til en bygning, du ikke er tilknyttet');
    expect(await fingerprint(db.pool, org.id)).toBe(before);
  });

  it('lands the same kind of file when every row is for an assigned building, and lands the mixed file for a manager (no limit)', async () => {
    const own = await file('own.csv', 'Tidspunkt;Måler;Antal\n2026-05-05 08:00;S-1;3\n2026-05-05 08:15;S-1;4\n');
    expect((await load(own, { buildingIds: [b1] })).accepted).toBe(2);
    const mixed = await file('mixed-manager.csv', 'Tidspunkt;Måler;Antal\n2026-05-06 08:00;S-1;3\n2026-05-06 08:00;S-3;5\n');
    const r = await load(mixed, { buildingIds: null });
    expect(r.status).toBe('succeeded');
    expect(r.accepted).toBe(2);
  });

  it('does not create a new sensor in a building the user is not assigned to', async () => {
    const p = await file('new-sensor.csv', 'timestamp;sensor;count;building\n2026-05-07 08:00;NEW-1;2;B-1\n2026-05-07 08:00;NEW-2;2;B-2\n');
    const r = await load(p, { buildingIds: [b1] });
    expect(r.status).toBe('rejected');
    expect(r.issues.map((i) => [i.line, i.column, i.value, i.code])).toEqual([[3, 'building', 'B-2', 'building_not_assigned']]);
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM sensor WHERE organisation_id = $1 AND external_id LIKE 'NEW-%'", [org.id]);
    expect(rows[0].n).toBe(0);
  });

  it('limits cost and maintenance rows to assigned buildings too', async () => {
    const costs = await file('costs.csv', 'bygning;år;type;beløb_kr\nB-1;2025;rengøring;1.000\nB-2;2025;energi;2.000\n');
    const rc = await load(costs, { kind: 'costs', buildingIds: [b1] });
    expect(rc.status).toBe('rejected');
    expect(rc.issues.map((i) => [i.file, i.line, i.column, i.code])).toEqual([['costs.csv', 3, 'bygning', 'building_not_assigned']]);
    const maint = await file('maint.csv', 'bygning;komponent;tilstandsgrad;overslag_kr;udførelsesår;udført\nB-2;Tag;3;100.000;2027;nej\n');
    const rm2 = await load(maint, { kind: 'maintenance', buildingIds: [b1] });
    expect(rm2.issues.map((i) => [i.line, i.column, i.code])).toEqual([[2, 'bygning', 'building_not_assigned']]);
    expect((await load(costs, { kind: 'costs', buildingIds: [b1, b2] })).status).toBe('succeeded');
  });

  it('refuses registry and footprint files for facility staff as a whole', async () => {
    const reg = await file('reg.csv', 'registry_id;name;category\nB-9;Ny skole;school\n');
    const r = await load(reg, { kind: 'registry', buildingIds: [b1] });
    expect(r.status).toBe('rejected');
    expect(r.issues.map((i) => [i.line, i.code])).toEqual([[0, 'kind_not_permitted']]);
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM building WHERE registry_id = 'B-9'");
    expect(rows[0].n).toBe(0);
  });
});
