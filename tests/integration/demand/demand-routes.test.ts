// The demand routes called as the app calls them, by a signed-in property manager against this file's schema:
// POST /api/demand/own-estimate projects the areas that have only today's population (audited, labelled own
// estimate, areas with a forecast of their own untouched, the birth rate validated), and GET /api/demand/pressure
// gives the map layer its statuses per service, district and year with the district outlines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as ownEstimatePOST } from '@/app/api/demand/own-estimate/route';
import { GET as pressureGET } from '@/app/api/demand/pressure/route';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let org: OrgFixture;
let cookie: string;
let lind: string;
let midt: string;
const headers = () => ({ cookie, 'x-forwarded-for': '192.0.2.41', 'content-type': 'application/json' });
const post = (body: unknown) => ownEstimatePOST(new Request('http://localhost/api/demand/own-estimate', { method: 'POST', headers: headers(), body: JSON.stringify(body) }), { params: Promise.resolve({}) });
const pressure = (q = '') => pressureGET(new Request(`http://localhost/api/demand/pressure${q}`, { headers: headers() }), { params: Promise.resolve({}) });
const YEAR = new Date().getFullYear();

beforeAll(async () => {
  db = await createRouteTestDb();
  org = await createOrgFixture(db.pool, 'demand-routes');
  cookie = await fixtureCookie(db.auth, org.users.property_manager.email, '192.0.2.41');
  const q = db.pool.query.bind(db.pool);
  await q(`UPDATE organisation SET settings = jsonb_build_object('demand', jsonb_build_object('horizonYear', $2::int)) WHERE id = $1`, [org.id, YEAR + 3]);
  // Lind (west) and Midt side by side; one day-care of 20 places in Lind.
  for (const [name, x] of [['Lind', 8.9], ['Midt', 9.0]] as const) {
    const id = (await q(`INSERT INTO district (organisation_id, name, geom) VALUES ($1, $2, ST_Multi(ST_MakeEnvelope($3::float8, 56.0, $3::float8 + 0.1, 56.1, 4326))) RETURNING id`, [org.id, name, x])).rows[0].id;
    if (name === 'Lind') lind = id; else midt = id;
  }
  await q(`INSERT INTO building (organisation_id, registry_id, name, category, district_id, capacity_places, point) VALUES ($1, 'DC-1', 'Lind Børnehus', 'daycare', $2, 20, ST_SetSRID(ST_MakePoint(8.95, 56.05), 4326))`, [org.id, lind]);
  // Lind has only today's population: 5 persons of each age 0–5 (+ 300 adults aged 30); Midt a forecast of its own.
  const lindArea = (await q(`INSERT INTO forecast_area (organisation_id, name, district_id) VALUES ($1, 'Lind', $2) RETURNING id`, [org.id, lind])).rows[0].id;
  for (let age = 0; age <= 5; age++) await q(`INSERT INTO population_forecast (area_id, year, age_from, age_to, persons) VALUES ($1, $2, $3, $3, 5)`, [lindArea, YEAR, age]);
  await q(`INSERT INTO population_forecast (area_id, year, age_from, age_to, persons) VALUES ($1, $2, 30, 30, 300)`, [lindArea, YEAR]);
  const midtArea = (await q(`INSERT INTO forecast_area (organisation_id, name, district_id) VALUES ($1, 'Midt', $2) RETURNING id`, [org.id, midt])).rows[0].id;
  for (let y = YEAR; y <= YEAR + 3; y++) await q(`INSERT INTO population_forecast (area_id, year, age_from, age_to, persons) VALUES ($1, $2, 0, 5, 10)`, [midtArea, y]);
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('POST /api/demand/own-estimate', () => {
  it('refuses a birth rate that is no rate', async () => {
    for (const body of [{ birthsPer1000: -1 }, { birthsPer1000: 31 }, { birthsPer1000: 'ni' }, {}]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('bad_request');
    }
  });

  it('projects the area with only today’s population to the horizon, labelled and audited', async () => {
    const res = await post({ birthsPer1000: 10 });
    expect(res.status).toBe(200);
    // Lind: 7 ages (0–5 and 30) age a year a year, plus births, for 3 years; Midt is left alone.
    const body = await res.json();
    expect(body).toMatchObject({ areas: 1, birthsPer1000: 10, horizonYear: YEAR + 3 });
    const { rows } = await db.pool.query<{ year: number; age_from: number; persons: number }>(
      `SELECT p.year, p.age_from, p.persons FROM population_forecast p JOIN forecast_area fa ON fa.id = p.area_id
        WHERE fa.organisation_id = $1 AND fa.name = 'Lind' AND p.source = 'own_estimate' ORDER BY 1, 2`, [org.id]);
    expect(body.rows).toBe(rows.length);
    // Births next year: 10 per 1,000 of this year's 330 residents = 3.3; the 5 five-year-olds are six.
    expect(rows.find((r) => r.year === YEAR + 1 && r.age_from === 0)!.persons).toBeCloseTo(3.3, 6);
    expect(rows.find((r) => r.year === YEAR + 1 && r.age_from === 6)!.persons).toBeCloseTo(5, 6);
    expect(Math.max(...rows.map((r) => r.year))).toBe(YEAR + 3);
    const midt = await db.pool.query(`SELECT count(*)::int AS n FROM population_forecast p JOIN forecast_area fa ON fa.id = p.area_id WHERE fa.name = 'Midt' AND fa.organisation_id = $1 AND p.source = 'own_estimate'`, [org.id]);
    expect(midt.rows[0].n).toBe(0);
    const audit = await db.pool.query(`SELECT action, entity, user_id, after FROM audit_log WHERE organisation_id = $1 AND action = 'forecast.own_estimate'`, [org.id]);
    expect(audit.rows).toEqual([{ action: 'forecast.own_estimate', entity: 'population_forecast', user_id: org.users.property_manager.id, after: { birthsPer1000: 10, horizonYear: YEAR + 3, areas: 1, rows: rows.length } }]);
  });

  it('replaces its earlier estimate when made again with another rate', async () => {
    await post({ birthsPer1000: 20 });
    const { rows } = await db.pool.query<{ persons: number; n: number }>(
      `SELECT max(p.persons) FILTER (WHERE p.year = $2 AND p.age_from = 0) AS persons, count(*)::int AS n
         FROM population_forecast p JOIN forecast_area fa ON fa.id = p.area_id WHERE fa.organisation_id = $1 AND p.source = 'own_estimate'`, [org.id, YEAR + 1]);
    expect(rows[0].persons).toBeCloseTo(6.6, 6);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE organisation_id = $1 AND action = 'forecast.own_estimate'`, [org.id])).rows[0].n).toBe(2);
  });
});

describe('GET /api/demand/pressure', () => {
  it('gives each district its status per year for the map, with outlines and the own-estimate label', async () => {
    const res = await pressure();
    expect(res.status).toBe(200);
    const { pressure: p, districts } = await res.json();
    expect(p).toMatchObject({ variant: 'main', reachKm: 3, ownEstimate: true, years: [YEAR, YEAR + 1, YEAR + 2, YEAR + 3] });
    // Midt needs 8 places a year and has none within 3 km of its centre (Lind's day-care is 6 km west): over.
    const daycare = p.services.find((s: { category: string }) => s.category === 'daycare');
    expect(daycare.statuses[midt]).toEqual(['over', 'over', 'over', 'over']);
    expect(daycare.statuses[lind].every((s: string) => ['enough', 'warning', 'over'].includes(s))).toBe(true);
    expect(districts.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['Lind', 'Midt']);
    expect(districts.features[0].geometry.type).toMatch(/Polygon/);
  });

  it('refuses an unknown variant', async () => {
    expect((await pressure('?variant=medium')).status).toBe(400);
  });
});
