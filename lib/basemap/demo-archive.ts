import { gzipSync } from 'node:zlib';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import { buildDistricts, HERNING_CENTRE, HERNING_DISTRICTS, HERNING_OUTLINE, IKAST_CENTRE, IKAST_DISTRICTS, IKAST_OUTLINE, offsetMetres, type DistrictSeed, type LonLat } from '@/lib/demo/geography';
import { createRandom } from '@/lib/demo/random';
import { writePmtiles, type ArchiveTile } from './pmtiles-writer';

// A small demo base map in the Protomaps basemap schema (layers earth, landuse, water, roads, places,
// boundaries; features carry `kind` and `name`), generated from the demo geography — the same district
// centres and street names the demo buildings' addresses use. No OpenStreetMap data can be had on the machines
// this is built on, so the streets are made up (a few named streets through each district centre and a road from
// the centre to each village), and the archive says so in its attribution. A real extract (docs/map.md) has the
// same layers and works with the same style. geojson-vt and vt-pbf are MapLibre's own tiling libraries (they
// come with maplibre-gl).

export const DEMO_BASEMAP_ZOOMS = { min: 6, max: 14 } as const;
/** [west, south, east, north]: Herning and Ikast with a margin. */
export const DEMO_BASEMAP_BOUNDS: [number, number, number, number] = [8.78, 56.04, 9.26, 56.27];
const ATTRIBUTION = 'Demo base map generated from Areal\'s demo geography (made-up streets, not OpenStreetMap)';

type Props = { kind: string; name?: string; min_zoom?: number; population_rank?: number };

function bendPoint(a: Position, b: Position, bendM: number): Position {
  const mid = { lon: (a[0] + b[0]) / 2, lat: (a[1] + b[1]) / 2 };
  const p = offsetMetres(mid, bendM, bendM / 2);
  return [p.lon, p.lat];
}

/** A district's named streets: lines through (near) its centre at spread-out angles, the first a main road. */
function districtStreets(seed: DistrictSeed, index: number): Feature<LineString, Props>[] {
  const rnd = createRandom(1000 + index);
  return seed.streets.map((name, i) => {
    const angle = (i * Math.PI) / seed.streets.length + rnd.range(-0.2, 0.2);
    const half = seed.spreadM * (i === 0 ? 2.2 : rnd.range(0.9, 1.6));
    const shift = offsetMetres(seed.centre, rnd.range(-0.4, 0.4) * seed.spreadM, rnd.range(-0.4, 0.4) * seed.spreadM);
    const a = offsetMetres(shift, Math.cos(angle) * half, Math.sin(angle) * half);
    const b = offsetMetres(shift, -Math.cos(angle) * half, -Math.sin(angle) * half);
    const start: Position = [a.lon, a.lat];
    const end: Position = [b.lon, b.lat];
    return {
      type: 'Feature',
      properties: { kind: i === 0 ? 'major_road' : 'minor_road', name },
      geometry: { type: 'LineString', coordinates: [start, bendPoint(start, end, rnd.range(-120, 120)), end] },
    };
  });
}

function connector(from: LonLat, to: LonLat, name: string, kind: string): Feature<LineString, Props> {
  const a: Position = [from.lon, from.lat];
  const b: Position = [to.lon, to.lat];
  return { type: 'Feature', properties: { kind, name }, geometry: { type: 'LineString', coordinates: [a, bendPoint(a, b, 250), b] } };
}

function place(at: LonLat, name: string, kind: string, rank: number): Feature<Point, Props> {
  return { type: 'Feature', properties: { kind, name, population_rank: rank }, geometry: { type: 'Point', coordinates: [at.lon, at.lat] } };
}

/** The demo base map's layers as GeoJSON (lon/lat). */
export function demoBasemapLayers(): Record<string, FeatureCollection> {
  const [w, s, e, n] = DEMO_BASEMAP_BOUNDS;
  const earth: Feature<Polygon, Props> = { type: 'Feature', properties: { kind: 'earth' }, geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } };
  const roads: Feature<LineString, Props>[] = [];
  HERNING_DISTRICTS.forEach((d, i) => roads.push(...districtStreets(d, i)));
  IKAST_DISTRICTS.forEach((d, i) => roads.push(...districtStreets(d, 100 + i)));
  for (const d of HERNING_DISTRICTS.slice(1)) roads.push(connector(HERNING_CENTRE, d.centre, `${d.name}vej`, 'major_road'));
  roads.push(connector(HERNING_CENTRE, IKAST_CENTRE, 'Herningvej', 'highway'));
  const places = [
    place(HERNING_CENTRE, 'Herning', 'locality', 10),
    place(IKAST_CENTRE, 'Ikast', 'locality', 9),
    ...HERNING_DISTRICTS.slice(1).map((d) => place(d.centre, d.name, 'neighbourhood', 6)),
  ];
  // Green between the districts: a park in each district's own cell, away from its centre.
  const landuse = buildDistricts(HERNING_OUTLINE, HERNING_DISTRICTS).map((d, i): Feature<Polygon, Props> => {
    const c = offsetMetres(d.seed.centre, d.seed.spreadM * 1.3, -d.seed.spreadM * 0.9);
    const r = 180 + (i % 3) * 60;
    const ring = Array.from({ length: 13 }, (_, k) => {
      const p = offsetMetres(c, Math.cos((k * Math.PI) / 6) * r * 1.4, Math.sin((k * Math.PI) / 6) * r);
      return [p.lon, p.lat] as Position;
    });
    return { type: 'Feature', properties: { kind: 'park', name: `${d.name} Park` }, geometry: { type: 'Polygon', coordinates: [ring] } };
  });
  const lakeCentre = offsetMetres(HERNING_CENTRE, -1900, 1500);
  const lake = Array.from({ length: 17 }, (_, k) => {
    const p = offsetMetres(lakeCentre, Math.cos((k * Math.PI) / 8) * 520, Math.sin((k * Math.PI) / 8) * 260);
    return [p.lon, p.lat] as Position;
  });
  const boundaries: Feature<LineString, Props>[] = [HERNING_OUTLINE, IKAST_OUTLINE].map((ring) => ({
    type: 'Feature', properties: { kind: 'county' }, geometry: { type: 'LineString', coordinates: ring },
  }));
  return {
    earth: { type: 'FeatureCollection', features: [earth] },
    landuse: { type: 'FeatureCollection', features: landuse },
    water: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'lake', name: 'Demosø' }, geometry: { type: 'Polygon', coordinates: [lake] } }] },
    roads: { type: 'FeatureCollection', features: roads },
    places: { type: 'FeatureCollection', features: places },
    boundaries: { type: 'FeatureCollection', features: boundaries },
  };
}

function tileRange(z: number): { x0: number; x1: number; y0: number; y1: number } {
  const [w, s, e, n] = DEMO_BASEMAP_BOUNDS;
  const x = (lon: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const y = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
  };
  return { x0: x(w), x1: x(e), y0: y(n), y1: y(s) };
}

/** The demo base map as a PMTiles archive (gzip-compressed MVT, zoom 6–14). */
export function buildDemoBasemap(): Buffer {
  const layers = demoBasemapLayers();
  const { min, max } = DEMO_BASEMAP_ZOOMS;
  const indexes = Object.entries(layers).map(([name, fc]) => [name, new GeoJSONVT(fc, { maxZoom: max, indexMaxZoom: max, extent: 4096, buffer: 64, tolerance: 2 })] as const);
  const tiles: ArchiveTile[] = [];
  for (let z = min; z <= max; z++) {
    const { x0, x1, y0, y1 } = tileRange(z);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const present: Record<string, NonNullable<ReturnType<GeoJSONVT['getTile']>>> = {};
        for (const [name, index] of indexes) {
          const tile = index.getTile(z, x, y);
          if (tile && tile.features.length > 0) present[name] = tile;
        }
        if (Object.keys(present).length === 0) continue;
        tiles.push({ z, x, y, data: gzipSync(fromGeojsonVt(present, { version: 2, extent: 4096 })) });
      }
    }
  }
  const [w, s, e, n] = DEMO_BASEMAP_BOUNDS;
  return writePmtiles(tiles, {
    minZoom: min,
    maxZoom: max,
    bounds: DEMO_BASEMAP_BOUNDS,
    center: [(w + e) / 2, (s + n) / 2, 12],
    metadata: {
      name: 'Areal demo base map',
      attribution: ATTRIBUTION,
      type: 'baselayer',
      vector_layers: Object.keys(layers).map((id) => ({ id, fields: { kind: 'String', name: 'String' }, minzoom: min, maxzoom: max })),
    },
  });
}
