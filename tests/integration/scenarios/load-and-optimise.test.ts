// The scenario edge against a real PostGIS: a generated 60-building municipality seeded with SQL (registry, latest
// scores, cost records, maintenance plans) is read back by loadPortfolio exactly as generated, the optimiser meets
// the 5–10 % band on it within every constraint, and the CLI prints the same plan as JSON.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOptimiserDefaults, loadPortfolio, loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import { loadHighs, optimiseSync } from '@/lib/scenarios/optimise';
import { optimiseOptions } from '@/lib/scenarios/optimise-model';
import { simulateScenario } from '@/lib/scenarios/simulate';
import { syntheticPortfolio } from '@/lib/scenarios/synthetic-portfolio';
import type { ScenarioBuilding } from '@/lib/scenarios/types';
import { createTestDb, type TestDb } from '../../helpers/test-db';

const YEAR = 2026;
let db: TestDb;
let orgId: string;
const generated = syntheticPortfolio({ buildings: 60, seed: 5, towns: 3 });
// Every seventh building was never scored: its cost must come from its latest cost year before 2026.
const unscored = (i: number) => i % 7 === 3;

beforeAll(async () => {
  db = await createTestDb();
  orgId = (await db.pool.query(`INSERT INTO organisation (slug, name) VALUES ('scenarie-test', 'Scenariekommune') RETURNING id`)).rows[0].id;
  const col = <K extends keyof ScenarioBuilding>(k: K) => generated.map((b) => b[k]);
  const { rows } = await db.pool.query<{ id: string; registry_id: string }>(
    `INSERT INTO building (organisation_id, registry_id, name, category, gross_area_m2, users_total, capacity, tenure,
                           annual_lease_dkk, energy_kwh_per_year, point)
     SELECT $1, g.registry_id, g.name, g.category, g.area, g.users, g.capacity, g.tenure, g.lease, g.energy,
            ST_SetSRID(ST_MakePoint(g.lon, g.lat), 4326)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::int[], $7::int[], $8::text[], $9::float8[], $10::float8[],
                   $11::float8[], $12::float8[])
            AS g(registry_id, name, category, area, users, capacity, tenure, lease, energy, lon, lat)
     RETURNING id, registry_id`,
    [orgId, col('id'), col('name'), col('category'), col('grossAreaM2'), col('usersTotal'), col('capacity'), col('tenure'),
      col('annualLeaseDkk'), col('energyKwhPerYear'), col('lon'), col('lat')],
  );
  const idOf = new Map(rows.map((r) => [r.registry_id, r.id]));
  const scored = generated.filter((_, i) => !unscored(i));
  // An older score first: the loader must take the latest period.
  for (const [from, to, factor] of [['2025-01-01', '2025-06-30', 0.5], ['2025-07-01', '2025-12-31', 1]] as const) {
    await db.pool.query(
      `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, kpis, confidence, explanation)
       SELECT s.id, $1, $2::date, $3::date, s.category,
              jsonb_build_object('peakUtilisation', s.peak * $4::float8, 'annualCostDkk', s.cost * $4::float8), s.confidence * $4::float8, '{}'::jsonb
         FROM unnest($5::uuid[], $6::text[], $7::float8[], $8::float8[], $9::float8[]) AS s(id, category, peak, cost, confidence)`,
      [orgId, from, to, factor, scored.map((b) => idOf.get(b.id)), scored.map((b) => b.category), scored.map((b) => b.peakUtilisation),
        scored.map((b) => b.annualOperatingCostDkk), scored.map((b) => b.confidence)],
    );
  }
  // Unscored buildings: 2024 costs (ignored), 2025 costs split in two lines (the latest full year), 2026 (ignored).
  const unscoredIds = generated.filter((_, i) => unscored(i));
  for (const [year, type, share] of [[2024, 'energy', 3], [2025, 'cleaning', 0.4], [2025, 'energy', 0.6], [2026, 'cleaning', 5]] as const) {
    await db.pool.query(
      `INSERT INTO cost_record (building_id, year, type, amount_dkk) SELECT id, $1, $2, c * $3::float8 FROM unnest($4::uuid[], $5::float8[]) AS u(id, c)`,
      // A leased building's lease is added by the loader when no rent line is booked, so book the rest only.
      [year, type, share, unscoredIds.map((b) => idOf.get(b.id)), unscoredIds.map((b) => b.annualOperatingCostDkk! - (b.annualLeaseDkk ?? 0))],
    );
  }
  // Backlog: one overdue item per building carries it; done work and work due after 2026 must not count.
  const ids = generated.map((b) => idOf.get(b.id));
  await db.pool.query(
    `INSERT INTO maintenance_item (building_id, component, condition_grade, cost_dkk, due_year, done)
     SELECT id, c.component, 3, CASE c.component WHEN 'Tag' THEN backlog ELSE 99999 END, c.due, c.done
       FROM unnest($1::uuid[], $2::float8[]) AS u(id, backlog)
      CROSS JOIN (VALUES ('Tag', 2026, false), ('Vinduer', 2024, true), ('Facade', 2027, false)) AS c(component, due, done)`,
    [ids, generated.map((b) => b.backlogDkk)],
  );
});

afterAll(async () => {
  await db?.drop();
});

describe('loadPortfolio', () => {
  it('reads back every building as generated: registry, latest score, overdue backlog, point', async () => {
    const loaded = await loadPortfolio(db.pool, orgId, YEAR);
    expect(loaded).toHaveLength(generated.length);
    const byName = new Map(loaded.map((b) => [b.name, b]));
    generated.forEach((g, i) => {
      const b = byName.get(g.name)!;
      expect(b).toMatchObject({
        category: g.category,
        grossAreaM2: g.grossAreaM2,
        usersTotal: g.usersTotal,
        capacity: g.capacity,
        tenure: g.tenure,
        annualLeaseDkk: g.annualLeaseDkk,
        energyKwhPerYear: g.energyKwhPerYear,
        backlogDkk: g.backlogDkk,
      });
      expect(b.lon!).toBeCloseTo(g.lon!, 9);
      expect(b.lat!).toBeCloseTo(g.lat!, 9);
      expect(b.annualOperatingCostDkk!).toBeCloseTo(g.annualOperatingCostDkk!, 3);
      if (unscored(i)) {
        expect(b.peakUtilisation).toBeNull();
        expect(b.confidence).toBeNull();
      } else {
        expect(b.peakUtilisation).toBe(g.peakUtilisation);
        expect(b.confidence!).toBeCloseTo(g.confidence!, 9);
      }
    });
  });

  it('fills the scenario defaults for an organisation without settings', async () => {
    expect(await loadScenarioDefaults(db.pool, orgId)).toMatchObject({ peakUtilisationCeiling: 0.85, maxAddedTravelKm: 3, backlogSpreadYears: 10 });
  });
});

describe('the optimiser on the loaded municipality', () => {
  // Three towns of 60 buildings leave few receivers within 3 km once closures need measured use and receivers free
  // registered places, so the band is sought within 10 km.
  it('meets the 5–10 % band within distance, ceiling, places, category and must-keep, closes only measured buildings, and beats greedy', async () => {
    const portfolio = await loadPortfolio(db.pool, orgId, YEAR);
    const params = await loadScenarioDefaults(db.pool, orgId);
    const mustKeep = portfolio.filter((b) => b.category === 'school').map((b) => b.id);
    const options = optimiseOptions(params, { targetMin: 0.05, targetMax: 0.1, maxDistanceKm: 10, mustKeep });
    const result = optimiseSync(await loadHighs(), portfolio, params, options);
    expect(result.status).toBe('optimal');
    const o = simulateScenario(portfolio, result.plan!.actions, params);
    expect(o.areaRemovedShare).toBeGreaterThanOrEqual(0.05);
    expect(o.areaRemovedShare).toBeLessThanOrEqual(0.1);
    expect(o.travel.maxAddedKm ?? 0).toBeLessThanOrEqual(10);
    expect(o.receivers.filter((r) => r.overCeiling || r.peakAfter === null)).toEqual([]);
    expect(result.plan!.actions.filter((a) => mustKeep.includes(a.buildingId))).toEqual([]);
    const byId = new Map(portfolio.map((b) => [b.id, b]));
    for (const a of result.plan!.actions) {
      const b = byId.get(a.buildingId)!;
      expect(b.peakUtilisation).not.toBeNull();
      expect(b.confidence!).toBeGreaterThanOrEqual(options.minClosureConfidence);
    }
    for (const r of o.receivers) {
      const b = byId.get(r.buildingId)!;
      expect(b.usersTotal! + r.usersIn).toBeLessThanOrEqual(b.capacity! + 1e-6);
    }
    expect(result.needsMeasuring.length).toBeGreaterThan(0);
    for (const a of result.plan!.actions) {
      for (const r of a.receivers) expect(byId.get(r.buildingId)!.category).toBe(byId.get(a.buildingId)!.category);
    }
    if (result.greedy) expect(result.plan!.netSavingsDkk).toBeGreaterThanOrEqual(result.greedy.netSavingsDkk - 1e-6);
  });

  it('the CLI prints the same plan as JSON', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/optimise.ts', '--org', 'scenarie-test', '--year', String(YEAR),
        '--target-min', '0.05', '--target-max', '0.10', '--max-distance-km', '10', '--json'], {
        env: { ...process.env, DATABASE_URL: db.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`))));
    });
    const json = JSON.parse(out);
    const portfolio = await loadPortfolio(db.pool, orgId, YEAR);
    const params = await loadScenarioDefaults(db.pool, orgId);
    // Without --compatible the CLI applies the organisation's default category rules, as the form and the API do.
    const { compatibility } = await loadOptimiserDefaults(db.pool, orgId);
    expect(Object.keys(compatibility).length).toBeGreaterThan(0);
    const expected = optimiseSync(await loadHighs(), portfolio, params, optimiseOptions(params, { targetMin: 0.05, targetMax: 0.1, maxDistanceKm: 10, compatibility }));
    expect(json.result.status).toBe('optimal');
    expect(json.result.plan.objective).toBeCloseTo(expected.plan!.objective, 0);
    expect(json.outcome.areaRemovedShare).toBeGreaterThanOrEqual(0.05);
    expect(json.outcome.areaRemovedShare).toBeLessThanOrEqual(0.1);
  });
});
