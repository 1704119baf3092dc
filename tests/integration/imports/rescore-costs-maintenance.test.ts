// A cost or maintenance import re-scores what it changed, in its own transaction, as an occupancy import does
// (lib/imports/rescore): the building's cost or condition score follows the new figures at once, its category's
// peers are re-ranked, and importing the same file again changes nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '@/lib/imports/run-import';
import { computeScores } from '@/lib/scoring/compute-scores';
import { createTestDb, type TestDb } from '../../helpers/test-db';

const PERIOD = { from: '2025-01-01', to: '2025-12-31' };

describe('cost and maintenance imports re-score', () => {
  let db: TestDb;
  let dir: string;
  let org: string;
  const ids: Record<string, string> = {};

  const scores = async () => {
    const { rows } = await db.pool.query<{ registry_id: string; cost_score: number | null; condition_score: number | null }>(
      `SELECT b.registry_id, s.cost_score, s.condition_score FROM building_score s JOIN building b ON b.id = s.building_id
        WHERE s.organisation_id = $1 AND s.period_from = $2::date ORDER BY b.registry_id`,
      [org, PERIOD.from],
    );
    return Object.fromEntries(rows.map((r) => [r.registry_id, { cost: r.cost_score, condition: r.condition_score }]));
  };
  const load = async (kind: 'costs' | 'maintenance', name: string, text: string, extra: { dryRun?: boolean } = {}) => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    return runImport({ kind, path: file, fileName: name, organisationId: org, pool: db.pool, ...extra });
  };

  beforeAll(async () => {
    db = await createTestDb();
    dir = await mkdtemp(path.join(tmpdir(), 'areal-rescore-'));
    org = (await db.pool.query(`INSERT INTO organisation (slug, name) VALUES ('rescore', 'Rescore') RETURNING id`)).rows[0].id;
    // Three schools of 1 000 m²: cleaning 100, 200 and 300 kr/m², each with a small overdue repair.
    for (const [key, costDkk, backlogDkk] of [['S-1', 100_000, 10_000], ['S-2', 200_000, 20_000], ['S-3', 300_000, 30_000]] as const) {
      ids[key] = (await db.pool.query(
        `INSERT INTO building (organisation_id, registry_id, name, use_code, category, gross_area_m2, capacity)
         VALUES ($1, $2, $2, 311, 'school', 1000, 100) RETURNING id`, [org, key])).rows[0].id;
      await db.pool.query(`INSERT INTO cost_record (building_id, year, type, amount_dkk) VALUES ($1, 2025, 'cleaning', $2)`, [ids[key], costDkk]);
      await db.pool.query(`INSERT INTO maintenance_item (building_id, component, condition_grade, cost_dkk, due_year, done) VALUES ($1, 'Tag', 3, $2, 2024, false)`, [ids[key], backlogDkk]);
    }
    const client = await db.pool.connect();
    try {
      await computeScores(client, org, { asOf: new Date('2026-01-15T12:00:00Z'), period: PERIOD });
    } finally {
      client.release();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('starts from the cheapest school scoring best on cost and condition', async () => {
    const s = await scores();
    expect(s['S-1'].cost!).toBeGreaterThan(s['S-3'].cost!);
    expect(s['S-1'].condition!).toBeGreaterThan(s['S-3'].condition!);
  });

  it("a costs import that makes S-1 the dearest lowers S-1's cost score and lifts its peers', nothing else", async () => {
    const before = await scores();
    const dry = await load('costs', 'dry.csv', 'building;year;type;amount_dkk\nS-1;2025;cleaning;900000\n', { dryRun: true });
    expect(dry.status).toBe('succeeded');
    expect(await scores()).toEqual(before); // a dry run rolls the re-score back with the data
    const r = await load('costs', 'costs.csv', 'building;year;type;amount_dkk\nS-1;2025;cleaning;900000\n');
    expect(r.status).toBe('succeeded');
    const after = await scores();
    expect(after['S-1'].cost!).toBeLessThan(before['S-1'].cost!);
    expect(after['S-1'].cost!).toBeLessThan(after['S-3'].cost!);
    expect(after['S-3'].cost!).toBeGreaterThan(before['S-3'].cost!);
    for (const k of ['S-1', 'S-2', 'S-3']) expect(after[k].condition).toBe(before[k].condition);
  });

  it("a maintenance import with a large overdue repair at S-2 lowers S-2's condition score", async () => {
    const before = await scores();
    const r = await load('maintenance', 'plan.csv', 'building;component;condition_grade;cost_dkk;due_year;done\nS-2;Facade;4;2000000;2024;nej\n');
    expect(r.status).toBe('succeeded');
    const after = await scores();
    expect(after['S-2'].condition!).toBeLessThan(before['S-2'].condition!);
    expect(after['S-2'].condition!).toBeLessThan(after['S-3'].condition!);
    for (const k of ['S-1', 'S-2', 'S-3']) expect(after[k].cost).toBe(before[k].cost);
  });

  it('importing the same costs file again re-scores nothing (no row changed)', async () => {
    const stamp = async () => (await db.pool.query(`SELECT max(computed_at) AS t FROM building_score WHERE organisation_id = $1`, [org])).rows[0].t;
    const before = await stamp();
    const r = await load('costs', 'costs.csv', 'building;year;type;amount_dkk\nS-1;2025;cleaning;900000\n');
    expect(r.status).toBe('succeeded');
    expect(await stamp()).toEqual(before);
  });
});
