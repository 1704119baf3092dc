// The tile route handlers called directly, as a signed-in property manager against this file's schema:
// invalid coordinates → 400, an empty tile → 204, a tile → 200 with an ETag that holds (304) until the data changes.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as buildingsGET } from '@/app/api/tiles/buildings/[z]/[x]/[y]/route';
import { GET as districtsGET } from '@/app/api/tiles/districts/[z]/[x]/[y]/route';
import { clearTileCache, tileCacheStats } from '@/lib/map/serve-tile';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, type OrgFixture, fixtureCookie } from '../auth/fixtures';

process.env.AREAL_BCRYPT_COST ??= '4';

type Params = { z: string; x: string; y: string };
let db: RouteTestDb;
let org: OrgFixture;
let cookie: string;

/** The slippy-map tile holding lon/lat at zoom z, as route params. */
function tileOf(lon: number, lat: number, z: number): Params {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { z: String(z), x: String(Math.floor(((lon + 180) / 360) * n)), y: String(y) };
}
// The fixture's buildings stand at 8.97 E, 56.13 N.
const HOME = tileOf(8.97, 56.13, 15);
const HOME_Z12 = tileOf(8.97, 56.13, 12);

async function get(handler: typeof buildingsGET, params: Params, headers: Record<string, string> = {}): Promise<Response> {
  const url = `http://localhost/api/tiles/x/${params.z}/${params.x}/${params.y}`;
  return handler(new Request(url, { headers: { cookie, 'x-forwarded-for': '192.0.2.40', ...headers } }), { params: Promise.resolve(params) });
}

beforeAll(async () => {
  db = await createRouteTestDb();
  const auth = db.auth;
  org = await createOrgFixture(db.pool, 'tile-route');
  await db.pool.query(`UPDATE organisation SET boundary = ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(8.97, 56.13), 4326), 0.05)) WHERE id = $1`, [org.id]);
  cookie = await fixtureCookie(auth, org.users.property_manager.email, '192.0.2.40');
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('GET /api/tiles/buildings/{z}/{x}/{y}', () => {
  it.each([
    { z: '23', x: '0', y: '0' },
    { z: '14', x: '16384', y: '0' },
    { z: '14', x: '0', y: '16384' },
    { z: '-1', x: '0', y: '0' },
    { z: '12', x: 'abc', y: '1' },
    { z: '12', x: '1', y: '1.png' },
  ])('refuses %j with 400', async (params) => {
    const res = await get(buildingsGET, params);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it('answers 204 for a tile with no buildings (the Atlantic at zoom 15), with caching headers', async () => {
    const res = await get(buildingsGET, { z: '15', x: '0', y: '0' });
    expect(res.status).toBe(204);
    expect(res.headers.get('cache-control')).toContain('max-age');
  });

  it('serves the fixture buildings as MVT with an ETag that holds (304) until a building changes', async () => {
    const first = await get(buildingsGET, HOME);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const layer = new VectorTile(new PbfReader(new Uint8Array(await first.arrayBuffer()))).layers.buildings;
    expect(layer.length).toBe(2);
    expect(new Set([layer.feature(0).properties.id, layer.feature(1).properties.id])).toEqual(new Set(org.buildings));
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);

    const again = await get(buildingsGET, HOME, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await get(buildingsGET, HOME, { 'if-none-match': `W/${etag}, "other"` })).toHaveProperty('status', 304);

    await db.pool.query(`UPDATE building SET name = 'Rådhuset' WHERE id = $1`, [org.buildings[0]]);
    const changed = await get(buildingsGET, HOME, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('gives different tiles different ETags', async () => {
    const a = await get(buildingsGET, HOME);
    const b = await get(buildingsGET, HOME_Z12);
    expect(b.status).toBe(200);
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
  });
});

describe('the tile cache', () => {
  const namesIn = async (res: Response) => {
    const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers.buildings;
    return Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.name)).sort();
  };

  it('serves a repeated tile from memory, and a data change (a new data version) rebuilds it at once', async () => {
    clearTileCache();
    const first = await get(buildingsGET, HOME);
    expect(tileCacheStats()).toMatchObject({ hits: 0, misses: 1, entries: 1 });
    const second = await get(buildingsGET, HOME);
    expect(tileCacheStats()).toMatchObject({ hits: 1, misses: 1 });
    expect(Buffer.from(await second.arrayBuffer())).toEqual(Buffer.from(await first.clone().arrayBuffer()));
    expect(await namesIn(first)).not.toContain('Kulturhuset');

    await db.pool.query(`UPDATE building SET name = 'Kulturhuset' WHERE id = $1`, [org.buildings[1]]);
    const changed = await get(buildingsGET, HOME);
    expect(tileCacheStats()).toMatchObject({ hits: 1, misses: 2 });
    expect(await namesIn(changed)).toContain('Kulturhuset');
    expect(changed.headers.get('etag')).not.toBe(first.headers.get('etag'));

    // A score written by the scoring job changes the version too (the tile shows scores).
    await db.pool.query(
      `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, utilisation_score, cost_score, condition_score, combined_score, confidence, kpis, explanation)
       VALUES ($1, $2, '2026-01-01', '2026-03-31', 'Administration', 10, 20, 30, 20, 0.9, '{}', '{}')`,
      [org.buildings[0], org.id],
    );
    await get(buildingsGET, HOME);
    expect(tileCacheStats()).toMatchObject({ hits: 1, misses: 3 });
  });

  it('keeps organisations apart: another organisation\'s user at the same z/x/y gets its own tile, never a cached one', async () => {
    const other = await createOrgFixture(db.pool, 'tile-route-other');
    const otherCookie = await fixtureCookie(globalThis.arealAuth!, other.users.viewer.email, '192.0.2.41');
    clearTileCache();
    await get(buildingsGET, HOME);
    const res = await get(buildingsGET, HOME, { cookie: otherCookie });
    expect(tileCacheStats()).toMatchObject({ hits: 0, misses: 2, entries: 2 });
    const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers.buildings;
    expect(new Set(Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.id))).toEqual(new Set(other.buildings));
  });

  it('keeps layers apart: the districts tile at the same z/x/y is its own entry', async () => {
    clearTileCache();
    await get(buildingsGET, HOME);
    await get(districtsGET, HOME);
    expect(tileCacheStats()).toMatchObject({ hits: 0, misses: 2, entries: 2 });
  });
});

describe('GET /api/tiles/districts/{z}/{x}/{y}', () => {
  it('serves the municipal boundary, 204 elsewhere and 400 for a bad tile', async () => {
    const res = await get(districtsGET, HOME_Z12);
    expect(res.status).toBe(200);
    const tile = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
    expect(tile.layers.boundary.length).toBe(1);
    expect((await get(districtsGET, { z: '12', x: '0', y: '0' })).status).toBe(204);
    expect((await get(districtsGET, { z: '2', x: '4', y: '0' })).status).toBe(400);
  });
});
