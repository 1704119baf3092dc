// The home page's headline figures read the daily rollup instead of summing the hourly one: the readings total
// must stay exactly what the hourly rollup (and the raw readings) say, after imports across the DST change and
// a corrected re-import, and per organisation.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '@/lib/imports/run-import';
import { getPortfolioTotals } from '@/lib/portfolio/get-portfolio-totals';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, type TestOrg } from '../imports/setup';

const DIR = path.join(process.cwd(), 'tests/fixtures/imports');

describe('getPortfolioTotals', () => {
  let db: TestDb;
  let org: TestOrg;
  let other: TestOrg;

  const load = (o: TestOrg, file: string, extra: Partial<Parameters<typeof runImport>[0]> = {}) =>
    runImport({ kind: 'occupancy', path: path.join(DIR, file), fileName: file, organisationId: o.id, pool: db.pool, ...extra });

  /** The figures as the previous implementation computed them: hourly rollup, and raw readings as a cross-check. */
  const reference = async (o: TestOrg) => {
    const { rows } = await db.pool.query<{ hourly: number; raw: number }>(
      `SELECT (SELECT coalesce(sum(h.n_readings), 0) FROM occupancy_hourly h JOIN sensor s ON s.id = h.sensor_id WHERE s.organisation_id = $1)::float8 AS hourly,
              (SELECT count(*) FROM occupancy_reading r JOIN sensor s ON s.id = r.sensor_id WHERE s.organisation_id = $1)::float8 AS raw`,
      [o.id],
    );
    return rows[0];
  };

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'totals');
    other = await createTestOrg(db.pool, 'totals-other');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('counts the same readings as the hourly rollup and the raw table, per organisation', async () => {
    for (const f of ['occ-danish-excel.csv', 'occ-dst-october-ordered.csv', 'occ-duplicate-rows.csv', 'occ-iso-local-no-offset.csv']) {
      expect((await load(org, f)).status, f).toBe('succeeded');
    }
    expect((await load(other, 'occ-comma-iso-offset.csv')).status).toBe('succeeded');

    for (const o of [org, other]) {
      const totals = await getPortfolioTotals(db.pool, o.id, 2026);
      const ref = await reference(o);
      expect(ref.raw).toBeGreaterThan(0);
      expect(totals.readings).toBe(ref.hourly);
      expect(totals.readings).toBe(ref.raw);
      expect(totals.buildings).toBe(2);
    }
    const a = await getPortfolioTotals(db.pool, org.id, 2026);
    const b = await getPortfolioTotals(db.pool, other.id, 2026);
    expect(a.readings).not.toBe(b.readings);
  });

  it('stays equal after a re-import that corrects values (no double counting) and after new readings', async () => {
    const before = (await getPortfolioTotals(db.pool, org.id, 2026)).readings;
    expect((await load(org, 'occ-danish-excel.csv')).status).toBe('succeeded');
    expect((await getPortfolioTotals(db.pool, org.id, 2026)).readings).toBe(before);
    expect((await load(org, 'occ-presence.csv')).status).toBe('succeeded');
    const after = await getPortfolioTotals(db.pool, org.id, 2026);
    const ref = await reference(org);
    expect(after.readings).toBeGreaterThan(before);
    expect(after.readings).toBe(ref.hourly);
    expect(after.readings).toBe(ref.raw);
  });
});
