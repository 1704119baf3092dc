import { booleanPointInPolygon, featureCollection, intersect, point, polygon, voronoi } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';

// Demo geography around Herning (inland mid-Jutland — no sea): a hand-written, APPROXIMATE outline of the
// area the demo municipality covers, and districts named after real parts of Herning, made as a Voronoi
// partition of the district centres clipped to that outline. Approximate and labelled demo data only.

export interface LonLat { lon: number; lat: number }

export const HERNING_CENTRE: LonLat = { lon: 8.9738, lat: 56.1393 };
export const IKAST_CENTRE: LonLat = { lon: 9.1577, lat: 56.1387 };

/** Approximate demo outline around Herning town, Sunds to the north, Lind to the south (lon, lat; closed ring). */
export const HERNING_OUTLINE: Position[] = [
  [8.862, 56.118], [8.884, 56.096], [8.930, 56.082], [8.985, 56.080], [9.040, 56.088], [9.088, 56.108],
  [9.104, 56.140], [9.090, 56.168], [9.060, 56.190], [9.045, 56.215], [9.005, 56.226], [8.972, 56.212],
  [8.945, 56.190], [8.905, 56.178], [8.868, 56.160], [8.852, 56.138], [8.862, 56.118],
];

/** Approximate demo outline around Ikast (the small neighbour organisation). */
export const IKAST_OUTLINE: Position[] = [
  [9.125, 56.122], [9.160, 56.118], [9.192, 56.126], [9.198, 56.145], [9.182, 56.158], [9.148, 56.160],
  [9.122, 56.150], [9.118, 56.134], [9.125, 56.122],
];

export interface DistrictSeed {
  name: string;
  centre: LonLat;
  /** Spread of buildings around the centre, metres (1 sd). */
  spreadM: number;
  /** Relative share of the municipality's sites. */
  weight: number;
  postcode: string;
  streets: string[];
}

/** Eight districts at the approximate real positions of Herning's parts and villages. */
export const HERNING_DISTRICTS: DistrictSeed[] = [
  { name: 'Centrum', centre: { lon: 8.9738, lat: 56.1393 }, spreadM: 800, weight: 0.3, postcode: '7400 Herning',
    streets: ['Bredgade', 'Østergade', 'Vestergade', 'Nørregade', 'Søndergade', 'Dalgasgade', 'Torvet', 'Fredhøjgade', 'Smallegade', 'Bethaniagade', 'Kirkegade', 'Skolegade', 'Gl. Landevej', 'Fabriksvej'] },
  { name: 'Gullestrup', centre: { lon: 8.944, lat: 56.127 }, spreadM: 550, weight: 0.1, postcode: '7400 Herning',
    streets: ['Gullestrupvej', 'Solbærvej', 'Hedegårdsvej', 'Holstebrovej', 'Kastanievej', 'Bøgevej'] },
  { name: 'Lind', centre: { lon: 8.982, lat: 56.104 }, spreadM: 550, weight: 0.09, postcode: '7400 Herning',
    streets: ['Lindvej', 'Lind Hovedgade', 'Skovvej', 'Vejlevej', 'Engdalsvej', 'Birkevej'] },
  { name: 'Tjørring', centre: { lon: 8.929, lat: 56.155 }, spreadM: 600, weight: 0.12, postcode: '7400 Herning',
    streets: ['Tjørringvej', 'Ringkøbingvej', 'Holtbjergvej', 'Sønderager', 'Lærkevej', 'Tjørring Kirkevej'] },
  { name: 'Sunds', centre: { lon: 9.016, lat: 56.203 }, spreadM: 550, weight: 0.1, postcode: '7451 Sunds',
    streets: ['Sunds Hovedgade', 'Søvej', 'Engvej', 'Viborgvej', 'Stationsvej', 'Skolevej'] },
  { name: 'Hammerum', centre: { lon: 9.050, lat: 56.133 }, spreadM: 550, weight: 0.1, postcode: '7400 Herning',
    streets: ['Hammerum Hovedgade', 'Silkeborgvej', 'Gjellerupvej', 'Bavnehøjvej', 'Brogårdsvej', 'Ulvevej'] },
  { name: 'Gjellerup', centre: { lon: 9.072, lat: 56.156 }, spreadM: 450, weight: 0.08, postcode: '7400 Herning',
    streets: ['Gjellerup Kirkevej', 'Skolesvinget', 'Møllevej', 'Hedevej', 'Agerlandsvej'] },
  { name: 'Snejbjerg', centre: { lon: 8.898, lat: 56.131 }, spreadM: 450, weight: 0.08, postcode: '7400 Herning',
    streets: ['Snejbjergvej', 'Snejbjerg Hovedgade', 'Bakkevej', 'Kildevej', 'Vibevej'] },
];

export const IKAST_DISTRICTS: DistrictSeed[] = [
  { name: 'Ikast', centre: IKAST_CENTRE, spreadM: 700, weight: 1, postcode: '7430 Ikast',
    streets: ['Østergade', 'Strøget', 'Frisenborgparken', 'Grønnegade', 'Vestergade', 'Bøgildvej'] },
];

// Longitudes are scaled by cos(latitude) so that Voronoi cells and distances are roughly metric.
const LAT0 = 56.14;
const KX = Math.cos((LAT0 * Math.PI) / 180);
const M_PER_DEG_LAT = 111_320;

/** Metres east/north of `origin` to lon/lat (local equirectangular approximation, fine within ~20 km). */
export function offsetMetres(origin: LonLat, east: number, north: number): LonLat {
  return { lon: origin.lon + east / (M_PER_DEG_LAT * KX), lat: origin.lat + north / M_PER_DEG_LAT };
}

/** Distance between two points in metres (local approximation). */
export function distanceMetres(a: LonLat, b: LonLat): number {
  const dx = (a.lon - b.lon) * M_PER_DEG_LAT * KX;
  const dy = (a.lat - b.lat) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

export interface District { name: string; geometry: MultiPolygon; seed: DistrictSeed }

/** District polygons: the Voronoi cells of the district centres, clipped to the outline. */
export function buildDistricts(outline: Position[], seeds: DistrictSeed[]): District[] {
  const scale = (p: Position): Position => [p[0] * KX, p[1]];
  const unscale = (p: Position): Position => [round7(p[0] / KX), round7(p[1])];
  const scaledOutline = polygon([outline.map(scale)]);
  if (seeds.length === 1) return [{ name: seeds[0].name, geometry: { type: 'MultiPolygon', coordinates: [[outline]] }, seed: seeds[0] }];
  const xs = outline.map((p) => p[0] * KX);
  const ys = outline.map((p) => p[1]);
  const bbox: [number, number, number, number] = [Math.min(...xs) - 0.05, Math.min(...ys) - 0.05, Math.max(...xs) + 0.05, Math.max(...ys) + 0.05];
  const cells = voronoi(featureCollection(seeds.map((s) => point([s.centre.lon * KX, s.centre.lat]))), { bbox });
  return seeds.map((seed, i) => {
    const clipped = intersect(featureCollection([cells.features[i], scaledOutline]));
    if (!clipped) throw new Error(`district ${seed.name} lies outside the outline`);
    const g = clipped.geometry;
    const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return { name: seed.name, seed, geometry: { type: 'MultiPolygon', coordinates: polys.map((poly) => poly.map((ring) => ring.map(unscale))) } };
  });
}

/** True when the point lies inside the (multi)polygon. */
export function insidePolygon(p: LonLat, geometry: Polygon | MultiPolygon): boolean {
  return booleanPointInPolygon([p.lon, p.lat], geometry);
}

export interface Footprint {
  /** Closed outer ring, lon/lat. */
  ring: Position[];
}

/**
 * A building footprint of `areaM2` centred (by its centroid) on `centre`: a rotated rectangle, or an L-shape
 * (a rectangle with one corner cut away). `aspect` is width/height, `cut` the corner's share of each side.
 */
export function footprintRing(centre: LonLat, areaM2: number, aspect: number, angle: number, cut: number | null): Position[] {
  let pts: [number, number][];
  if (cut === null) {
    const w = Math.sqrt(areaM2 * aspect);
    const h = areaM2 / w;
    pts = [[0, 0], [w, 0], [w, h], [0, h]];
  } else {
    const whole = areaM2 / (1 - cut * cut);
    const w = Math.sqrt(whole * aspect);
    const h = whole / w;
    pts = [[0, 0], [w, 0], [w, h * (1 - cut)], [w * (1 - cut), h * (1 - cut)], [w * (1 - cut), h], [0, h]];
  }
  const [cx, cy] = polygonCentroid(pts);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const ring = pts.map(([x, y]) => {
    const dx = x - cx;
    const dy = y - cy;
    const p = offsetMetres(centre, dx * cos - dy * sin, dx * sin + dy * cos);
    return [round7(p.lon), round7(p.lat)];
  });
  return [...ring, ring[0]];
}

/** Centroid of a simple polygon (open ring) by the shoelace formula, in the ring's units. */
export function polygonCentroid(pts: [number, number][]): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x0, y0] = pts[i];
    const [x1, y1] = pts[(i + 1) % pts.length];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** Polygon area in m² of a lon/lat ring (local approximation). */
export function ringAreaM2(ring: Position[]): number {
  const pts = ring.slice(0, -1).map(([lon, lat]) => [lon * M_PER_DEG_LAT * KX, lat * M_PER_DEG_LAT] as [number, number]);
  let a = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x0, y0] = pts[i];
    const [x1, y1] = pts[(i + 1) % pts.length];
    a += x0 * y1 - x1 * y0;
  }
  return Math.abs(a) / 2;
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}
