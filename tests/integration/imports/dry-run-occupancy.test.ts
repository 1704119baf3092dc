// The upload page promises "nothing is saved until you confirm": an occupancy dry run merges, refreshes rollups
// and re-scores inside the import's transaction and must then roll all of it back — also when the re-score
// runs (it used to open and COMMIT its own transaction on the import's connection, committing the dry run).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '@/lib/imports/run-import';
import { computeScores } from '@/lib/scoring/compute-scores';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, fingerprint, type TestOrg } from './setup';

const FILE = path.join(process.cwd(), 'tests/fixtures/imports/occ-danish-excel.csv');

describe('an occupancy dry run writes nothing', () => {
  let db: TestDb;
  let org: TestOrg;
  const scoreRows = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM building_score WHERE organisation_id = $1', [org.id])).rows[0].n;

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'dryrun');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('in an organisation never scored (the import would run a full score)', async () => {
    const before = await fingerprint(db.pool, org.id);
    const r = await runImport({ kind: 'occupancy', path: FILE, fileName: 'x.csv', organisationId: org.id, pool: db.pool, dryRun: true });
    expect(r.status).toBe('succeeded');
    expect(r.accepted).toBeGreaterThan(0);
    expect(await fingerprint(db.pool, org.id)).toBe(before);
    expect(await scoreRows()).toBe(0);
  });

  it('in a scored organisation (the import re-scores the touched buildings), and the real import then lands', async () => {
    const client = await db.pool.connect();
    try {
      await computeScores(client, org.id, { asOf: new Date('2026-11-23T10:00:00Z') });
    } finally {
      client.release();
    }
    const before = await fingerprint(db.pool, org.id);
    const dry = await runImport({ kind: 'occupancy', path: FILE, fileName: 'x.csv', organisationId: org.id, pool: db.pool, dryRun: true });
    expect(dry.accepted).toBeGreaterThan(0);
    expect(await fingerprint(db.pool, org.id)).toBe(before);
    const real = await runImport({ kind: 'occupancy', path: FILE, fileName: 'x.csv', organisationId: org.id, pool: db.pool });
    expect([real.status, real.accepted, real.duplicates]).toEqual(['succeeded', dry.accepted, dry.duplicates]);
    expect(await fingerprint(db.pool, org.id)).not.toBe(before);
  });
});
