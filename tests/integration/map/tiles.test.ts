// The tile endpoint's SQL and HTTP behaviour against a real PostGIS: a known building lands in the right
// tile with the right properties, low zooms come from clusters that follow the data, and the data version moves.
// The HTTP side (400, 204, ETag, 304) is in tile-route.test.ts.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingTile, districtTile } from '@/lib/map/building-tiles';
import { parseTileCoords } from '@/lib/map/tile-coords';
import { mapDataVersion } from '@/lib/map/data-version';
import { createTestDb, type TestDb } from '../../helpers/test-db';

/** The slippy-map tile containing lon/lat at zoom z. */
function tileFor(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { z, x, y };
}

function decode(buf: Buffer) {
  return new VectorTile(new PbfReader(new Uint8Array(buf)));
}

describe('building vector tiles', () => {
  let db: TestDb;
  let orgId: string;
  let buildingId: string;
  const lon = 8.9738;
  const lat = 56.1393;

  beforeAll(async () => {
    db = await createTestDb();
    const { rows } = await db.pool.query(
      `INSERT INTO organisation (slug, name, boundary) VALUES ('tiles', 'Tile Kommune',
         ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.05))) RETURNING id`,
      [lon, lat],
    );
    orgId = rows[0].id;
    await db.pool.query(`INSERT INTO district (organisation_id, name, geom) SELECT $1, 'Centrum', boundary FROM organisation WHERE id = $1`, [orgId]);
    const b = await db.pool.query(
      `INSERT INTO building (organisation_id, registry_id, name, category, gross_area_m2, point, footprint)
       VALUES ($1, 'bbr-1', 'Børnehuset Solsikken', 'daycare', 640, ST_SetSRID(ST_MakePoint($2, $3), 4326),
               ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($2, $3), 4326), 0.0002, 'quad_segs=1'))) RETURNING id`,
      [orgId, lon, lat],
    );
    buildingId = b.rows[0].id;
    await db.pool.query(
      `INSERT INTO building_score (building_id, organisation_id, period_from, period_to, category, kpis, utilisation_score,
         cost_score, condition_score, combined_score, confidence, explanation)
       VALUES ($1, $2, '2026-08-01', '2026-10-31', 'daycare', '{}', 23, 61, 80, 44, 0.72, '{}')`,
      [buildingId, orgId],
    );
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('puts a known building as a footprint in its zoom-15 tile, with its scores and confidence', async () => {
    const tile = await buildingTile(db.pool, orgId, tileFor(lon, lat, 15));
    expect(tile).not.toBeNull();
    const layer = decode(tile!).layers.buildings;
    expect(layer.length).toBe(1);
    const f = layer.feature(0);
    expect(f.type).toBe(3); // polygon from zoom 14
    expect(f.properties).toMatchObject({ id: buildingId, name: 'Børnehuset Solsikken', category: 'daycare', util: 23, cost: 61, cond: 80, combined: 44, conf: 72, n: 1 });
  });

  it('draws the building as a point at zoom 12 and as a one-building cluster at zoom 8', async () => {
    const z12 = decode((await buildingTile(db.pool, orgId, tileFor(lon, lat, 12)))!).layers.buildings.feature(0);
    expect(z12.type).toBe(1);
    const z8 = decode((await buildingTile(db.pool, orgId, tileFor(lon, lat, 8)))!).layers.buildings.feature(0);
    expect(z8.properties).toMatchObject({ n: 1, id: buildingId, combined: 44 });
  });

  it('returns no tile where there are no buildings, and none for another organisation', async () => {
    expect(await buildingTile(db.pool, orgId, { z: 15, x: 0, y: 0 })).toBeNull();
    const other = await db.pool.query(`INSERT INTO organisation (slug, name) VALUES ('other', 'Anden Kommune') RETURNING id`);
    expect(await buildingTile(db.pool, other.rows[0].id, tileFor(lon, lat, 15))).toBeNull();
  });

  it('serves districts, the municipal boundary and one label point per district', async () => {
    const tile = decode((await districtTile(db.pool, orgId, tileFor(lon, lat, 12)))!);
    expect(tile.layers.districts.feature(0).properties.name).toBe('Centrum');
    expect(tile.layers.boundary.length).toBe(1);
    const labels = tile.layers.district_labels;
    expect(labels.length).toBe(1);
    expect(labels.feature(0).properties.name).toBe('Centrum');
    expect(labels.feature(0).type).toBe(1); // a point
  });

  it('serves low zooms from pre-aggregated clusters that are rebuilt when the data changes', async () => {
    const z8 = tileFor(lon, lat, 8);
    const before = decode((await buildingTile(db.pool, orgId, z8))!).layers.buildings.feature(0).properties;
    expect(before).toMatchObject({ n: 1, category: 'daycare', n_daycare: 1 });
    // A school 300 m away lands in the same zoom-8 cell: the cluster now counts both, per category.
    const added = await db.pool.query(
      `INSERT INTO building (organisation_id, registry_id, name, category, point)
       VALUES ($1, 'bbr-2', 'Skolen ved Åen', 'school', ST_SetSRID(ST_MakePoint($2, $3), 4326)) RETURNING id`,
      [orgId, lon + 0.004, lat],
    );
    const layer = decode((await buildingTile(db.pool, orgId, z8))!).layers.buildings;
    expect(layer.length).toBe(1);
    const after = layer.feature(0).properties;
    expect(after).toMatchObject({ n: 2, category: 'mixed', n_daycare: 1, n_school: 1, combined: 44 }); // the school has no score yet
    expect(after.id).toBeUndefined();
    await db.pool.query('DELETE FROM building WHERE id = $1', [added.rows[0].id]);
    expect(decode((await buildingTile(db.pool, orgId, z8))!).layers.buildings.feature(0).properties).toMatchObject({ n: 1, id: buildingId });
  });

  it('keeps a data version per organisation that moves with every change and never repeats after pruning', async () => {
    const seen = new Set<string>();
    const v0 = await mapDataVersion(db.pool, orgId);
    seen.add(v0);
    const other = await db.pool.query(`INSERT INTO organisation (slug, name) VALUES ('version-other', 'Nabokommune') RETURNING id`);
    await db.pool.query(`INSERT INTO building (organisation_id, registry_id, name, point) VALUES ($1, 'x', 'Andet hus', ST_SetSRID(ST_MakePoint(9, 56), 4326))`, [other.rows[0].id]);
    expect(await mapDataVersion(db.pool, orgId)).toBe(v0); // another organisation's change is not ours
    for (let i = 0; i < 70; i++) {
      await db.pool.query(`UPDATE building_score SET cost_score = $2 WHERE building_id = $1`, [buildingId, 60 + (i % 3)]);
      const v = await mapDataVersion(db.pool, orgId);
      expect(seen.has(v), `version ${v} after change ${i} was seen before`).toBe(false);
      seen.add(v);
    }
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM map_data_change WHERE organisation_id = $1`, [orgId]);
    expect(rows[0].n).toBeLessThanOrEqual(64); // pruned
    await db.pool.query(`UPDATE building_score SET cost_score = 61 WHERE building_id = $1`, [buildingId]);
  });
});

describe('tile coordinates', () => {
  it.each([
    [{ z: '14', x: '8600', y: '5080' }, { z: 14, x: 8600, y: 5080 }],
    [{ z: '3', x: '7', y: '7.mvt' }, { z: 3, x: 7, y: 7 }],
    [{ z: '0', x: '0', y: '0.pbf' }, { z: 0, x: 0, y: 0 }],
  ])('accepts %j', (params, expected) => {
    expect(parseTileCoords(params)).toEqual(expected);
  });
  it.each([
    { z: '3', x: '8', y: '0' },
    { z: '3', x: '0', y: '8' },
    { z: '23', x: '0', y: '0' },
    { z: '-1', x: '0', y: '0' },
    { z: 'a', x: '0', y: '0' },
    { z: '3', x: '1.5', y: '0' },
  ])('refuses %j (400 in the route)', (params) => {
    expect(parseTileCoords(params)).toBeNull();
  });
});
