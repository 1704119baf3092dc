// A backup restored into an empty database holds every row again (row counts per table are equal).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordAudit } from '@/lib/audit/record';
import { env } from '@/lib/config/env';
import { backupDatabase, backupFileName } from '@/scripts/db/backup';
import { createEmptyDatabase, databaseUrl, restoreDatabase } from '@/scripts/db/restore';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';
import { createOrgFixture } from './fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: TestDb;
let dir: string;
const restoredName = `areal_restore_${randomBytes(4).toString('hex')}`;

async function rowCounts(url: string, schema: string): Promise<Record<string, number>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: tables } = await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 ORDER BY 1`, [schema]);
    const counts: Record<string, number> = {};
    for (const { t } of tables) {
      const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ONLY ${schema}."${t}"`);
      counts[t] = rows[0].n;
    }
    return counts;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  db = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'areal-backup-'));
  const org = await createOrgFixture(db.pool, 'backup');
  await createOrgFixture(db.pool, 'backup-2');
  await recordAudit(db.pool, { organisationId: org.id, userId: org.users.admin.id, action: 'token.create', entity: 'ingest_token', entityId: 'x', after: { name: 'æøå' } });
  await db.pool.query(`INSERT INTO cost_record (building_id, year, type, amount_dkk) SELECT id, 2025, 'cleaning', 1234.5 FROM building`);
});

afterAll(async () => {
  const admin = new Client({ connectionString: databaseUrl(env().DATABASE_URL, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
});

it('names backups by UTC time so they sort', () => {
  expect(backupFileName(new Date('2026-11-23T08:15:00.123Z'))).toBe('2026-11-23T08-15-00Z.dump');
});

it('restores a backup into an empty database with the same rows in every table', async () => {
  const file = backupDatabase({ url: env().DATABASE_URL, outDir: dir, schema: db.schema });
  expect(statSync(file).size).toBeGreaterThan(1000);
  const url = await createEmptyDatabase(env().DATABASE_URL, restoredName);
  await restoreDatabase({ file, url });

  const before = await rowCounts(env().DATABASE_URL, db.schema);
  const after = await rowCounts(url, db.schema);
  expect(Object.keys(before).length).toBeGreaterThan(20);
  expect(before.app_user).toBe(8);
  expect(before.audit_log).toBe(1);
  expect(after).toEqual(before);

  // A second restore into the now non-empty database is refused without --force.
  await expect(restoreDatabase({ file, url })).rejects.toThrow(/already has tables/);
});
