// What the demand report reads from PostGIS: district reference points, places per building (entered, registered or
// estimated from m²), forecast cells of matched areas only (with main standing in for a missing variant), the mapping
// step and the organisation's services — and the verdict a scenario gets from them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchForecastArea, unmatchedForecastAreas } from '@/lib/demand/forecast-areas';
import { writeOwnEstimate } from '@/lib/demand/own-estimate';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { saveDemandSettings } from '@/lib/demand/save-demand-settings';
import { scenarioDemand } from '@/lib/demand/scenario-demand';
import { demandVerdict } from '@/lib/demand/verdict';
import { createTestDb, type TestDb } from '../../helpers/test-db';

describe('demand inputs from the database', () => {
  let db: TestDb;
  let org: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDb();
    const q = db.pool.query.bind(db.pool);
    org = (await q(`INSERT INTO organisation (slug, name) VALUES ('dem', 'Herning Kommune') RETURNING id`)).rows[0].id;
    // Two square districts 0.1° wide side by side; Midt (west) and Øst.
    for (const [name, x] of [['Midt', 9.0], ['Øst', 9.1]] as const) {
      ids[name] = (await q(`INSERT INTO district (organisation_id, name, geom) VALUES ($1, $2, ST_Multi(ST_MakeEnvelope($3::float8, 56.0, $3::float8 + 0.1, 56.1, 4326))) RETURNING id`, [org, name, x])).rows[0].id;
    }
    const building = async (key: string, category: string, x: number, capacity: number | null, places: number | null, area: number) =>
      (ids[key] = (await q(
        `INSERT INTO building (organisation_id, registry_id, name, category, district_id, capacity, capacity_places, gross_area_m2, point)
         VALUES ($1, $2, $2, $3, $4, $5, $6, $7, ST_SetSRID(ST_MakePoint($8, 56.05), 4326)) RETURNING id`,
        [org, key, category, x < 9.1 ? ids.Midt : ids['Øst'], capacity, places, area, x])).rows[0].id);
    await building('entered', 'daycare', 9.05, 80, 60, 700); // entered places win over the registry's capacity
    await building('registered', 'daycare', 9.051, 50, null, 700);
    await building('estimated', 'daycare', 9.15, null, null, 700); // 700 m² ÷ 7 m² per child = 100, estimated
    await building('office', 'administration', 9.05, 40, null, 900); // serves no age group
    const area = async (name: string, district: string | null) =>
      (await q(`INSERT INTO forecast_area (organisation_id, name, district_id) VALUES ($1, $2, $3) RETURNING id`, [org, name, district])).rows[0].id as string;
    const midt = await area('Herning Midt', ids.Midt);
    const oest = await area('Øst', ids['Øst']);
    const loose = await area('Lind skoledistrikt', null);
    const fig = (a: string, variant: string, year: number, persons: number) =>
      q(`INSERT INTO population_forecast (area_id, variant, year, age_from, age_to, persons) VALUES ($1, $2, $3, 0, 5, $4)`, [a, variant, year, persons]);
    // Take-up 0.8: Midt needs 96 places in 2026 and 120 in 2030 (main), 132 in 2030 (high); Øst 40. Within 3 km of
    // Midt's centre: 'entered' and 'registered', 110 places ('estimated' is 6 km east).
    await fig(midt, 'main', 2026, 120); await fig(midt, 'main', 2030, 150); await fig(midt, 'high', 2026, 120); await fig(midt, 'high', 2030, 165);
    await fig(oest, 'main', 2026, 50); await fig(oest, 'main', 2030, 50);
    await fig(loose, 'main', 2026, 9999);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads places by the rule entered → registered → estimated, and only the matched areas', async () => {
    const inputs = await loadDemandInputs(db.pool, org, 2026);
    expect(inputs.buildings.map((b) => [b.name, b.places, b.estimated])).toEqual([['entered', 60, false], ['estimated', 100, true], ['registered', 50, false]]);
    const midt = inputs.districts.find((d) => d.name === 'Midt')!;
    expect([midt.lon, midt.lat].map((v) => Math.round(v * 1000) / 1000)).toEqual([9.05, 56.05]);
    expect(inputs.cells.main!.reduce((s, c) => s + c.persons, 0)).toBe(370);
    // Øst has no high figures: its main ones stand in for them.
    expect(inputs.cells.high!.filter((c) => c.areaId === ids['Øst']).map((c) => c.persons)).toEqual([50, 50]);
  });

  it('says in plain Danish when closing a building leaves a district short', async () => {
    const inputs = await loadDemandInputs(db.pool, org, 2026);
    const none = scenarioDemand(inputs, [], 3)!;
    expect(none.variants.map((v) => [v.variant, v.first])).toEqual([
      ['main', { year: 2030, districtId: ids.Midt, places: 10, category: 'daycare', districtName: 'Midt' }],
      ['high', { year: 2030, districtId: ids.Midt, places: 22, category: 'daycare', districtName: 'Midt' }],
    ]);
    const closing = scenarioDemand(inputs, [{ buildingId: ids.registered, action: 'close', receivers: [] }], 3)!;
    expect(demandVerdict(closing, 'da', 'Herning Kommune').map((l) => l.text)).toEqual([
      'Hovedprognosen: I 2026 mangler der 36 dagtilbudspladser i Midt.',
      'Høj prognose: I 2026 mangler der 36 dagtilbudspladser i Midt.',
    ]);
  });

  it('takes an area into the figures once it is mapped, and the organisation’s own take-up', async () => {
    expect((await unmatchedForecastAreas(db.pool, org)).map((a) => a.name)).toEqual(['Lind skoledistrikt']);
    const [loose] = await unmatchedForecastAreas(db.pool, org);
    expect(await matchForecastArea(db.pool, org, loose.id, ids['Øst'])).toBe(true);
    expect(await matchForecastArea(db.pool, org, loose.id, '00000000-0000-4000-8000-000000000000')).toBe(false);
    await saveDemandSettings(db.pool, org, { services: { daycare: { minAge: 0, maxAge: 5, takeUp: 0.5 } } });
    const inputs = await loadDemandInputs(db.pool, org, 2026);
    expect(inputs.settings.services.daycare!.takeUp).toBe(0.5);
    expect(inputs.settings.services.school).toBeUndefined();
    expect(inputs.cells.main!.reduce((s, c) => s + c.persons, 0)).toBe(370 + 9999);
    await expect(saveDemandSettings(db.pool, org, { services: { daycare: { minAge: 6, maxAge: 5, takeUp: 0.5 } } })).rejects.toThrow();
  });

  it('projects an area that has only today’s population as Areal’s own estimate, and says so', async () => {
    const area = (await db.pool.query(`INSERT INTO forecast_area (organisation_id, name, district_id) VALUES ($1, 'Øst nord', $2) RETURNING id`, [org, ids['Øst']])).rows[0].id;
    // 2026: 100 aged 0–1 (a band, 50 each) and 900 aged 2; 100 births per 1,000 → 100 births in 2027.
    await db.pool.query(`INSERT INTO population_forecast (area_id, year, age_from, age_to, persons) VALUES ($1, 2026, 0, 1, 100), ($1, 2026, 2, 2, 900)`, [area]);
    const r = await writeOwnEstimate(db.pool, org, 2028, 100);
    expect(r.areas).toBe(2); // this one and 'Lind skoledistrikt' (only 2026 figures as well)
    const { rows } = await db.pool.query(`SELECT year, age_from, persons, source FROM population_forecast WHERE area_id = $1 AND year = 2027 ORDER BY age_from`, [area]);
    expect(rows.map((x) => [x.age_from, Math.round(x.persons * 100) / 100, x.source])).toEqual([[0, 100, 'own_estimate'], [1, 50, 'own_estimate'], [2, 50, 'own_estimate'], [3, 900, 'own_estimate']]);
    expect((await loadDemandInputs(db.pool, org, 2026)).ownEstimate).toBe(true);
    // Run again: the earlier estimate is replaced, not doubled; areas with a forecast of their own are untouched.
    expect((await writeOwnEstimate(db.pool, org, 2028, 100)).rows).toBe(r.rows);
  });
});
