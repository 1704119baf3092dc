// A synthetic but real-looking municipal portfolio: buildings clustered around Danish towns, BBR use
// codes and categories in municipal proportions, areas by category, one sensor on a share of buildings,
// and an occupancy profile per building (opening hours, weekday, its own utilisation level).
import { createRandom, hash2, normal, uuidFrom } from './random';
import type { Steps } from './time';

export interface GeneratedBuilding {
  id: string;
  registryId: string;
  name: string;
  address: string;
  useCode: number;
  category: string;
  grossAreaM2: number;
  footprintAreaM2: number;
  floors: number;
  yearBuilt: number;
  capacity: number;
  usersTotal: number;
  usersKind: string;
  tenure: 'owned' | 'leased';
  annualLeaseDkk: number | null;
  replacementValueDkk: number;
  energyKwhPerYear: number;
  lon: number;
  lat: number;
  district: number;
  /** Mean share of capacity present in opening hours (0..1). */
  utilisation: number;
  /** Opens at this local hour on weekdays; closes at `close`. */
  open: number;
  close: number;
  weekend: boolean;
}

export interface GeneratedSensor {
  id: string;
  externalId: string;
  buildingIndex: number;
  kind: 'count' | 'presence';
  capacity: number;
  utilisation: number;
  open: number;
  close: number;
  weekend: boolean;
}

// Danish towns (lon, lat) as cluster centres; more centres are jittered around them for national sizes.
const TOWNS: [string, number, number][] = [
  ['København', 12.568, 55.676], ['Aarhus', 10.203, 56.153], ['Odense', 10.388, 55.403], ['Aalborg', 9.921, 57.048],
  ['Esbjerg', 8.452, 55.476], ['Randers', 10.037, 56.461], ['Kolding', 9.472, 55.49], ['Horsens', 9.85, 55.861],
  ['Vejle', 9.536, 55.709], ['Roskilde', 12.08, 55.642], ['Herning', 8.973, 56.139], ['Silkeborg', 9.545, 56.17],
  ['Næstved', 11.76, 55.23], ['Viborg', 9.402, 56.453], ['Holstebro', 8.616, 56.36], ['Hillerød', 12.31, 55.927],
  ['Svendborg', 10.607, 55.06], ['Sønderborg', 9.792, 54.909], ['Frederikshavn', 10.537, 57.441], ['Holbæk', 11.716, 55.717],
  ['Slagelse', 11.354, 55.403], ['Hjørring', 9.982, 57.464], ['Haderslev', 9.489, 55.25], ['Skive', 9.027, 56.566],
  ['Nykøbing F', 11.871, 54.769], ['Ringsted', 11.787, 55.443], ['Køge', 12.182, 55.458], ['Thisted', 8.694, 56.955],
];

const CATEGORY_MIX: { category: string; share: number; useCode: number; area: [number, number]; m2PerUser: number; kind: string }[] = [
  { category: 'daycare', share: 0.28, useCode: 441, area: [450, 1400], m2PerUser: 8, kind: 'children' },
  { category: 'school', share: 0.14, useCode: 421, area: [2500, 12000], m2PerUser: 10, kind: 'pupils' },
  { category: 'elderly', share: 0.1, useCode: 442, area: [1500, 6000], m2PerUser: 60, kind: 'residents' },
  { category: 'administration', share: 0.08, useCode: 321, area: [800, 9000], m2PerUser: 20, kind: 'employees' },
  { category: 'culture', share: 0.08, useCode: 413, area: [300, 3000], m2PerUser: 25, kind: 'visitors' },
  { category: 'sport', share: 0.1, useCode: 533, area: [800, 4500], m2PerUser: 30, kind: 'visitors' },
  { category: 'health', share: 0.05, useCode: 431, area: [400, 2500], m2PerUser: 25, kind: 'employees' },
  { category: 'letting', share: 0.04, useCode: 490, area: [200, 1500], m2PerUser: 30, kind: 'tenants' },
  { category: 'other', share: 0.13, useCode: 960, area: [40, 400], m2PerUser: 50, kind: 'users' },
];
const NAME_BY_CATEGORY: Record<string, string> = {
  daycare: 'Børnehuset', school: 'Skole', elderly: 'Plejecenter', administration: 'Administrationsbygning',
  culture: 'Bibliotek', sport: 'Idrætshal', health: 'Sundhedshus', letting: 'Udlejet ejendom', other: 'Materielgård',
};
const STREETS = ['Skolevej', 'Kirkegade', 'Parkvej', 'Stationsvej', 'Møllevej', 'Bakkevej', 'Engvej', 'Søndergade', 'Nørregade', 'Skovvej'];

/** Number of municipal clusters for a portfolio size: one per ~300 buildings, at most the 98 municipalities. */
export function clusterCount(buildings: number): number {
  return Math.max(1, Math.min(98, Math.round(buildings / 300)));
}

/** The portfolio's buildings, deterministic for a seed; streamed as an iterator (bounded memory). */
export function* generateBuildings(count: number, seed = 1): Generator<GeneratedBuilding> {
  const rand = createRandom(seed);
  const clusters = clusterCount(count);
  const centres = Array.from({ length: clusters }, (_, i) => {
    const [, lon, lat] = TOWNS[i % TOWNS.length];
    return i < TOWNS.length ? [lon, lat] : [lon + normal(rand) * 0.25, lat + normal(rand) * 0.15];
  });
  for (let i = 0; i < count; i++) {
    const district = i % clusters;
    const [clon, clat] = centres[district];
    let r = rand();
    let mix = CATEGORY_MIX[CATEGORY_MIX.length - 1];
    for (const m of CATEGORY_MIX) {
      if (r < m.share) {
        mix = m;
        break;
      }
      r -= m.share;
    }
    const area = Math.round(mix.area[0] * Math.pow(mix.area[1] / mix.area[0], rand()));
    const floors = area > 3000 ? 2 + Math.floor(rand() * 3) : 1 + Math.floor(rand() * 2);
    const usersTotal = Math.max(1, Math.round((area / mix.m2PerUser) * (0.6 + rand() * 0.7)));
    const capacity = Math.max(1, Math.round((area / mix.m2PerUser) * (0.9 + rand() * 0.3)));
    const leased = rand() < 0.12;
    const open = mix.category === 'daycare' ? 6 : mix.category === 'elderly' ? 0 : 7 + Math.floor(rand() * 2);
    const close = mix.category === 'elderly' ? 24 : mix.category === 'sport' || mix.category === 'culture' ? 22 : 16 + Math.floor(rand() * 2);
    yield {
      id: uuidFrom(rand),
      registryId: `bench-${seed}-${i + 1}`,
      name: `${NAME_BY_CATEGORY[mix.category]} ${i + 1}`,
      address: `${STREETS[i % STREETS.length]} ${1 + (i % 97)}`,
      useCode: mix.useCode,
      category: mix.category,
      grossAreaM2: area,
      footprintAreaM2: Math.round(area / floors),
      floors,
      yearBuilt: 1900 + Math.floor(rand() * 120),
      capacity,
      usersTotal,
      usersKind: mix.kind,
      tenure: leased ? 'leased' : 'owned',
      annualLeaseDkk: leased ? Math.round(area * (700 + rand() * 600)) : null,
      replacementValueDkk: Math.round(area * (18_000 + rand() * 8_000)),
      energyKwhPerYear: Math.round(area * (70 + rand() * 90)),
      lon: clon + normal(rand) * 0.06,
      lat: clat + normal(rand) * 0.035,
      district,
      utilisation: Math.min(0.95, Math.max(0.05, 0.45 + normal(rand) * 0.18)),
      open,
      close,
      weekend: mix.category === 'elderly' || mix.category === 'sport' || mix.category === 'culture',
    };
  }
}

/** A building's footprint as EWKT: a rectangle of its footprint area around its point (EPSG:4326). */
export function footprintEwkt(b: GeneratedBuilding): string {
  const side = Math.sqrt(b.footprintAreaM2);
  const w = (side * 1.4) / 2;
  const h = side / 1.4 / 2;
  const dLat = h / 111_320;
  const dLon = w / (111_320 * Math.cos((b.lat * Math.PI) / 180));
  const x0 = (b.lon - dLon).toFixed(7);
  const x1 = (b.lon + dLon).toFixed(7);
  const y0 = (b.lat - dLat).toFixed(7);
  const y1 = (b.lat + dLat).toFixed(7);
  return `SRID=4326;MULTIPOLYGON(((${x0} ${y0},${x1} ${y0},${x1} ${y1},${x0} ${y1},${x0} ${y0})))`;
}

/** One sensor per building for a share of the buildings (garages and sheds never get one). */
export function* generateSensors(buildings: Iterable<GeneratedBuilding>, share: number, seed = 1): Generator<GeneratedSensor> {
  const rand = createRandom(seed ^ 0x5e45);
  let i = 0;
  let n = 0;
  for (const b of buildings) {
    if (b.category !== 'other' && rand() < share) {
      n++;
      yield {
        id: uuidFrom(rand),
        externalId: `S-${seed}-${n}`,
        buildingIndex: i,
        kind: rand() < 0.8 ? 'count' : 'presence',
        capacity: b.capacity,
        utilisation: b.utilisation,
        open: b.open,
        close: b.close,
        weekend: b.weekend,
      };
    }
    i++;
  }
}

// Share of the day's peak present at each local hour during opening hours (morning and after-lunch peaks).
const HOUR_SHAPE = [0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.5, 0.75, 0.95, 1, 0.95, 0.8, 0.85, 0.95, 0.9, 0.75, 0.55, 0.4, 0.35, 0.3, 0.3, 0.25, 0.2, 0.2];

/**
 * A sensor's reading at step `i`, or null for a gap (an offline day; ~`gapRate` of sensor-days).
 * Count sensors give people present (whole number); presence sensors the occupied share (0..1).
 */
export function readingValue(sensor: GeneratedSensor, sensorIndex: number, steps: Steps, i: number, gapRate: number): number | null {
  const day = steps.dayIndex[i];
  const h = hash2(sensorIndex, day);
  if (gapRate > 0 && h / 4294967296 < gapRate) return null;
  const hour = steps.localHour[i];
  const wd = steps.weekday[i];
  const openNow = hour >= sensor.open && hour < sensor.close && (wd <= 5 || sensor.weekend);
  const noise = (hash2(h, i) % 1000) / 1000; // 0..1
  if (!openNow) {
    // After hours: mostly empty, now and then an evening user (candidates for shared use).
    if (noise < 0.93) return 0;
    return sensor.kind === 'count' ? 1 + (h % 3) : 0.2;
  }
  const level = sensor.utilisation * HOUR_SHAPE[hour] * (0.6 + 0.8 * noise);
  if (sensor.kind === 'presence') return Math.round(Math.min(1, level * 1.6) * 100) / 100;
  return Math.round(sensor.capacity * level);
}
