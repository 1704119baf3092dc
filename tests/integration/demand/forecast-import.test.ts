// The population-forecast import kind on real layouts: Statistics Denmark's statbank CSV export (Windows-1252,
// semicolons, "7 år", sexes as parts, "Alder i alt" total rows) and a consultancy's long file with variants and
// areas that do not match the registry's district names; a file with bad rows lands nothing and says why.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '@/lib/imports/run-import';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, type TestOrg } from '../imports/setup';

const DIR = path.join(process.cwd(), 'tests/fixtures/imports');

describe('population forecast import', () => {
  let db: TestDb;
  let org: TestOrg;
  const load = (file: string, extra: Partial<Parameters<typeof runImport>[0]> = {}) =>
    runImport({ kind: 'forecast', path: path.join(DIR, file), fileName: file, organisationId: org.id, pool: db.pool, ...extra });
  const figures = async () =>
    (await db.pool.query<{ area: string; kind: string; district: string | null; variant: string; year: number; age_from: number; age_to: number; persons: number }>(
      `SELECT fa.name AS area, fa.kind, d.name AS district, p.variant, p.year, p.age_from, p.age_to, p.persons
         FROM population_forecast p JOIN forecast_area fa ON fa.id = p.area_id LEFT JOIN district d ON d.id = fa.district_id
        WHERE fa.organisation_id = $1 ORDER BY fa.name, p.variant, p.year, p.age_from`, [org.id])).rows;

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'forecast');
    await db.pool.query(`UPDATE organisation SET name = 'Herning Kommune' WHERE id = $1`, [org.id]);
    await db.pool.query(`INSERT INTO district (organisation_id, name) VALUES ($1, 'Centrum'), ($1, 'Lind')`, [org.id]);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads a statbank export: sexes summed, age totals skipped, the open top group kept, the municipality recognised', async () => {
    const r = await load('forecast-statbank-frkm.csv');
    expect(r.status).toBe('succeeded');
    expect(r.extra).toMatchObject({ areas: 1, areasUnmatched: 0, totalRowsSkipped: 2 });
    const rows = await figures();
    expect(rows.map((x) => [x.area, x.kind, x.year, x.age_from, x.age_to, x.persons])).toEqual([
      ['Herning', 'municipality', 2025, 0, 0, 1001],
      ['Herning', 'municipality', 2025, 1, 1, 1031],
      ['Herning', 'municipality', 2025, 100, 120, 23],
      ['Herning', 'municipality', 2026, 0, 0, 1015],
      ['Herning', 'municipality', 2026, 1, 1, 1005],
    ]);
    expect(r.accepted).toBe(5);
  });

  it('reads a long file with variants, matches "Skoledistrikt Lind" to Lind and leaves "Herning Midt" for the mapping step', async () => {
    const r = await load('forecast-long-districts.csv');
    expect(r.status).toBe('succeeded');
    expect(r.extra).toMatchObject({ areas: 2, areasUnmatched: 1 });
    const rows = (await figures()).filter((x) => x.area !== 'Herning');
    expect(rows.map((x) => [x.area, x.district, x.variant, x.year, `${x.age_from}-${x.age_to}`, x.persons])).toEqual([
      ['Herning Midt', null, 'main', 2030, '0-2', 1204],
      ['Herning Midt', null, 'main', 2030, '3-5', 1150],
      ['Herning Midt', null, 'main', 2031, '0-2', 1260],
      ['Skoledistrikt Lind', 'Lind', 'high', 2030, '0-2', 335],
      ['Skoledistrikt Lind', 'Lind', 'low', 2030, '0-2', 290],
      ['Skoledistrikt Lind', 'Lind', 'main', 2030, '0-2', 310],
      ['Skoledistrikt Lind', 'Lind', 'main', 2030, '3-5', 298.5],
    ]);
  });

  it('keeps a hand-made mapping and replaces an area’s variant whole on re-import', async () => {
    await db.pool.query(`UPDATE forecast_area SET district_id = (SELECT id FROM district WHERE organisation_id = $1 AND name = 'Centrum') WHERE organisation_id = $1 AND name = 'Herning Midt'`, [org.id]);
    const again = await load('forecast-long-districts.csv');
    expect([again.inserted, again.accepted]).toEqual([0, 0]);
    const rows = await figures();
    expect(rows.filter((x) => x.area === 'Herning Midt').every((x) => x.district === 'Centrum')).toBe(true);
  });

  it('rejects a file with bad rows whole, naming line and column of each', async () => {
    const before = await figures();
    const r = await load('forecast-bad-rows.csv');
    expect(r.status).toBe('rejected');
    expect(r.issues.map((i) => [i.line, i.column, i.code])).toEqual([
      [2, 'age', 'invalid_value'],
      [3, 'persons', 'invalid_number'],
      [4, 'variant', 'invalid_value'],
      [5, 'year', 'invalid_number'],
    ]);
    expect(await figures()).toEqual(before);
  });

  it('imports the downloadable template as it is', async () => {
    const r = await runImport({ kind: 'forecast', path: path.join(process.cwd(), 'public/templates/forecast.csv'), organisationId: org.id, pool: db.pool });
    expect([r.status, r.accepted, r.issues.length]).toEqual(['succeeded', 4, 0]);
    expect(r.extra).toMatchObject({ areas: 2, areasUnmatched: 0 });
  });
});
