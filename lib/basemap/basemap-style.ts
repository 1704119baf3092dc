import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

// The map's base styles, as pure functions of the page's origin. With an archive (AREAL_BASEMAP_PMTILES): a
// Protomaps-style light base map (layers and `kind`s of the Protomaps basemap schema: earth, landuse, water,
// roads, places, boundaries) read through the pmtiles:// protocol from the app's own /api/basemap/archive.
// Without one: the offline drawing of the districts and the boundary from the app's own tiles. Both take their
// glyphs and sprite from public/basemap (scripts/basemap/build-glyphs.ts), so labels never need a third party.

export const LABEL_FONT = ['DejaVuSans'];
export const LABEL_FONT_BOLD = ['DejaVuSans-Bold'];
export const ARCHIVE_PATH = '/api/basemap/archive';

const INK = '#2f3a44';
const HALO = '#ffffff';

function appSources(origin: string): StyleSpecification['sources'] {
  return { districts: { type: 'vector', tiles: [`${origin}/api/tiles/districts/{z}/{x}/{y}`], minzoom: 5, maxzoom: 16 } };
}

/** Districts and the boundary over whatever lies below; `wash` fills the districts (the offline map's ground). */
function districtLayers(wash: boolean): LayerSpecification[] {
  return [
    ...(wash ? [{ id: 'district-fill', type: 'fill', source: 'districts', 'source-layer': 'districts', paint: { 'fill-color': '#f8f9f6', 'fill-opacity': 1 } } as LayerSpecification] : []),
    { id: 'district-line', type: 'line', source: 'districts', 'source-layer': 'districts', paint: { 'line-color': '#7d8a84', 'line-width': 1.2, 'line-dasharray': [3, 2] } },
    { id: 'boundary-line', type: 'line', source: 'districts', 'source-layer': 'boundary', paint: { 'line-color': '#4a5560', 'line-width': 2 } },
  ];
}

/** District names, one label per district (the tile's `district_labels` point), above the buildings up to zoom 15. */
export function districtLabelLayer(): LayerSpecification {
  return {
    id: 'district-label', type: 'symbol', source: 'districts', 'source-layer': 'district_labels', maxzoom: 16,
    layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT_BOLD, 'text-size': ['interpolate', ['linear'], ['zoom'], 9, 11, 14, 15], 'text-transform': 'uppercase', 'text-letter-spacing': 0.08 },
    paint: { 'text-color': '#4a5560', 'text-halo-color': HALO, 'text-halo-width': 1.6 },
  };
}

/** Building names from the app's building tiles (zoom ≥ 15, where footprints are large enough to name). */
export function buildingLabelLayer(): LayerSpecification {
  return {
    id: 'buildings-label', type: 'symbol', source: 'buildings', 'source-layer': 'buildings', minzoom: 15,
    filter: ['has', 'name'],
    layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 12, 'text-max-width': 9, 'text-anchor': 'top', 'text-offset': [0, 0.9], 'text-optional': true },
    paint: { 'text-color': INK, 'text-halo-color': HALO, 'text-halo-width': 1.4 },
  };
}

function common(origin: string) {
  return { glyphs: `${origin}/basemap/fonts/{fontstack}/{range}.pbf`, sprite: `${origin}/basemap/sprites/light` };
}

/** The offline base map: background, districts and the municipal boundary from the app's own tiles. */
export function offlineStyle(origin: string): StyleSpecification {
  return {
    version: 8,
    ...common(origin),
    sources: appSources(origin),
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1ee' } }, ...districtLayers(true), districtLabelLayer()],
  };
}

const road = (kind: string) => ['==', ['get', 'kind'], kind];
const width = (stops: [number, number][]) => ['interpolate', ['exponential', 1.6], ['zoom'], ...stops.flat()];

/** The Protomaps-style base map from the app's PMTiles archive, with the districts drawn over it. */
export function archiveStyle(origin: string): StyleSpecification {
  const pm = { source: 'protomaps' } as const;
  const layers = [
    { id: 'background', type: 'background', paint: { 'background-color': '#dde3df' } },
    { id: 'earth', type: 'fill', ...pm, 'source-layer': 'earth', paint: { 'fill-color': '#eef0ea' } },
    { id: 'landuse-park', type: 'fill', ...pm, 'source-layer': 'landuse', filter: ['in', ['get', 'kind'], ['literal', ['park', 'forest', 'wood', 'nature_reserve', 'grass', 'cemetery']]], paint: { 'fill-color': '#cfe3c8' } },
    { id: 'water', type: 'fill', ...pm, 'source-layer': 'water', paint: { 'fill-color': '#a9cde3' } },
    { id: 'roads-minor-casing', type: 'line', ...pm, 'source-layer': 'roads', minzoom: 12, filter: ['in', ['get', 'kind'], ['literal', ['minor_road', 'other']]], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#c9cfcc', 'line-width': width([[12, 1.5], [16, 11]]) } },
    { id: 'roads-major-casing', type: 'line', ...pm, 'source-layer': 'roads', filter: ['in', ['get', 'kind'], ['literal', ['major_road', 'highway']]], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#b9a98a', 'line-width': width([[8, 1], [16, 16]]) } },
    { id: 'roads-path', type: 'line', ...pm, 'source-layer': 'roads', minzoom: 14, filter: road('path'), paint: { 'line-color': '#b8beb9', 'line-width': 1, 'line-dasharray': [2, 1] } },
    { id: 'roads-minor', type: 'line', ...pm, 'source-layer': 'roads', minzoom: 12, filter: ['in', ['get', 'kind'], ['literal', ['minor_road', 'other']]], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': width([[12, 0.8], [16, 9]]) } },
    { id: 'roads-major', type: 'line', ...pm, 'source-layer': 'roads', filter: ['in', ['get', 'kind'], ['literal', ['major_road', 'highway']]], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#fbe7b5', 'line-width': width([[8, 0.6], [16, 13]]) } },
    { id: 'boundaries', type: 'line', ...pm, 'source-layer': 'boundaries', paint: { 'line-color': '#9a8fa8', 'line-width': 1, 'line-dasharray': [4, 2] } },
    ...districtLayers(false),
    { id: 'roads-label', type: 'symbol', ...pm, 'source-layer': 'roads', minzoom: 13, filter: ['has', 'name'],
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 17, 14], 'symbol-spacing': 300 },
      paint: { 'text-color': '#505a62', 'text-halo-color': HALO, 'text-halo-width': 1.5 } },
    { id: 'places-locality', type: 'symbol', ...pm, 'source-layer': 'places', maxzoom: 13, filter: road('locality'),
      layout: { 'icon-image': 'townspot', 'icon-size': 0.8, 'text-field': ['get', 'name'], 'text-font': LABEL_FONT_BOLD, 'text-size': ['interpolate', ['linear'], ['zoom'], 8, 12, 12, 17], 'text-anchor': 'left', 'text-offset': [0.6, 0], 'text-optional': true },
      paint: { 'text-color': INK, 'text-halo-color': HALO, 'text-halo-width': 1.8 } },
    districtLabelLayer(),
  ] as LayerSpecification[];
  return {
    version: 8,
    ...common(origin),
    sources: {
      protomaps: { type: 'vector', url: `pmtiles://${origin}${ARCHIVE_PATH}`, attribution: 'Base map: the municipality’s PMTiles archive' },
      ...appSources(origin),
    },
    layers,
  };
}
