// The demand inputs kept in the server process (lib/demand/cached-demand-inputs.ts): a repeat is a hit with the same
// object; a new forecast figure, a hand mapping, a settings change or a building's places — committed through another
// pool, as another instance behind the load balancer would — is a new data version, so the next call reads the
// database again and sees it.
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedDemandInputs, clearDemandInputsCache, demandInputsCacheStats } from '@/lib/demand/cached-demand-inputs';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { createTestDb, type TestDb } from '../../helpers/test-db';

describe('cached demand inputs', () => {
  let db: TestDb;
  let other: Pool;
  let org: string;
  let area: string;
  let building: string;
  const persons = (i: Awaited<ReturnType<typeof cachedDemandInputs>>) => (i.cells.main ?? []).reduce((n, c) => n + c.persons, 0);

  beforeAll(async () => {
    db = await createTestDb();
    other = new Pool({ connectionString: db.url, max: 1 });
    const q = db.pool.query.bind(db.pool);
    org = (await q(`INSERT INTO organisation (slug, name) VALUES ('cache', 'Cache Kommune') RETURNING id`)).rows[0].id;
    const district = (await q(`INSERT INTO district (organisation_id, name, geom) VALUES ($1, 'Midt', ST_Multi(ST_MakeEnvelope(9.0, 56.0, 9.1, 56.1, 4326))) RETURNING id`, [org])).rows[0].id;
    building = (await q(
      `INSERT INTO building (organisation_id, registry_id, name, category, district_id, capacity, gross_area_m2, point)
       VALUES ($1, 'D-1', 'Børnehuset', 'daycare', $2, 50, 600, ST_SetSRID(ST_MakePoint(9.05, 56.05), 4326)) RETURNING id`, [org, district])).rows[0].id;
    area = (await q(`INSERT INTO forecast_area (organisation_id, name, district_id) VALUES ($1, 'Midt', $2) RETURNING id`, [org, district])).rows[0].id;
    await q(`INSERT INTO population_forecast (area_id, variant, year, age_from, age_to, persons) VALUES ($1, 'main', 2030, 0, 5, 60)`, [area]);
    clearDemandInputsCache();
  });
  afterAll(async () => {
    await other?.end();
    await db?.drop();
  });

  it('serves a repeat from the process, equal to a fresh load', async () => {
    const first = await cachedDemandInputs(db.pool, org, 2026);
    const again = await cachedDemandInputs(db.pool, org, 2026);
    expect(again).toBe(first);
    expect(demandInputsCacheStats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(JSON.parse(JSON.stringify(first))).toEqual(JSON.parse(JSON.stringify(await loadDemandInputs(db.pool, org, 2026))));
    expect(Object.isFrozen(first.buildings)).toBe(true);
    // Another year is another entry.
    await cachedDemandInputs(db.pool, org, 2027);
    expect(demandInputsCacheStats().entries).toBe(2);
  });

  it('reads again after a forecast figure is committed elsewhere', async () => {
    expect(persons(await cachedDemandInputs(db.pool, org, 2026))).toBe(60);
    await other.query(`INSERT INTO population_forecast (area_id, variant, year, age_from, age_to, persons) VALUES ($1, 'main', 2031, 0, 5, 70)`, [area]);
    expect(persons(await cachedDemandInputs(db.pool, org, 2026))).toBe(130);
    await other.query(`UPDATE population_forecast SET persons = 80 WHERE area_id = $1 AND year = 2031`, [area]);
    expect(persons(await cachedDemandInputs(db.pool, org, 2026))).toBe(140);
  });

  it('reads again after a hand mapping, a settings change and new places', async () => {
    await other.query(`UPDATE forecast_area SET district_id = NULL WHERE id = $1`, [area]);
    expect((await cachedDemandInputs(db.pool, org, 2026)).cells.main).toBeUndefined();
    await other.query(`UPDATE forecast_area fa SET district_id = d.id FROM district d WHERE fa.id = $1 AND d.organisation_id = $2`, [area, org]);
    expect(persons(await cachedDemandInputs(db.pool, org, 2026))).toBe(140);
    await other.query(`UPDATE organisation SET settings = jsonb_build_object('demand', jsonb_build_object('horizonYear', 2030)) WHERE id = $1`, [org]);
    const settled = await cachedDemandInputs(db.pool, org, 2026);
    expect(settled.settings.horizonYear).toBe(2030);
    expect(persons(settled)).toBe(60);
    await other.query(`UPDATE building SET capacity_places = 75 WHERE id = $1`, [building]);
    expect((await cachedDemandInputs(db.pool, org, 2026)).buildings[0].places).toBe(75);
  });
});
