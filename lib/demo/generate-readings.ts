import type { Category } from '@/lib/registry/categories';
import type { DemoHour } from './calendar';
import type { DemoBuilding } from './generate-portfolio';
import type { Random } from './random';

// Sensors and one year of hourly readings that follow the rhythms of schools, day-cares, offices and sports halls
// (weekdays, holidays, summer break, night zeros), with offline gaps — NO rows: a gap is unknown, never zero —
// and a couple of sensors stuck on one value, as real sensor portals deliver them.

export interface DemoSensor {
  id: string;
  buildingId: string;
  externalId: string;
  kind: 'count' | 'presence';
  roomName: string | null;
  roomCapacity: number | null;
  roomAreaM2: number | null;
  coveredAreaM2: number;
  /** People the sensor can see at most: the room's capacity or the building's. */
  capacity: number;
  category: Category;
  usage: number;
  /** Offline windows as [firstHourIndex, endHourIndex) — no readings inside. */
  gaps: [number, number][];
  /** A window in which the sensor repeats one value. */
  stuck: [number, number] | null;
}

/** How many buildings of each category get sensors in the full demo (≈ 130 sensors in all). */
const SENSED_BUILDINGS: Partial<Record<Category, number>> = {
  daycare: 34, school: 16, administration: 12, sport: 14, culture: 8, elderly: 8, health: 5,
};

/** Chooses the sensed buildings (the rest have none) and describes their sensors, gaps and stuck windows. */
export function generateSensors(rnd: Random, buildings: DemoBuilding[], hourCount: number, prefix: string, scale = 1): DemoSensor[] {
  const sensors: DemoSensor[] = [];
  for (const [category, wanted] of Object.entries(SENSED_BUILDINGS) as [Category, number][]) {
    const candidates = buildings.filter((b) => b.category === category && b.capacity);
    const chosen = rnd.shuffle(candidates).slice(0, Math.max(1, Math.round(wanted * scale)));
    for (const b of chosen) sensors.push(...sensorsFor(rnd, b, prefix, () => sensors.length));
  }
  sensors.forEach((s, i) => {
    s.externalId = `${prefix}-${String(i + 1).padStart(4, '0')}`;
    if (rnd.chance(0.25)) {
      for (let g = rnd.int(1, 3); g > 0; g--) {
        const start = rnd.int(0, hourCount - 300);
        s.gaps.push([start, Math.min(hourCount, start + rnd.int(2, 12) * 24 + rnd.int(0, 23))]);
      }
    }
  });
  // Always one sensor that went quiet for good in mid-October, and two stuck counters.
  if (sensors.length >= 4) {
    sensors[1].gaps.push([hourCount - 16 * 24, hourCount]);
    for (const s of [sensors[2], sensors[Math.floor(sensors.length / 2)]]) {
      if (s.kind !== 'count') continue;
      const start = rnd.int(24 * 30, hourCount - 24 * 40);
      s.stuck = [start, start + rnd.int(6, 14) * 24];
    }
  }
  return sensors;
}

function sensorsFor(rnd: Random, b: DemoBuilding, prefix: string, n: () => number): DemoSensor[] {
  const capacity = b.capacity ?? 10;
  const base = () => ({ buildingId: b.id, externalId: `${prefix}-${n()}`, category: b.category, gaps: [] as [number, number][], stuck: null });
  const whole = (): DemoSensor => ({ ...base(), id: rnd.uuid(), kind: 'count', roomName: null, roomCapacity: null, roomAreaM2: null,
    coveredAreaM2: b.grossAreaM2, capacity, usage: jitter(rnd, b.usage) });
  const room = (name: string, cap: number, m2PerSeat: number, kind: 'count' | 'presence'): DemoSensor => ({ ...base(), id: rnd.uuid(), kind, roomName: name,
    roomCapacity: cap, roomAreaM2: cap * m2PerSeat, coveredAreaM2: cap * m2PerSeat, capacity: cap, usage: jitter(rnd, b.usage) });
  switch (b.category) {
    case 'school':
      return [room('Klasselokale 1', 28, 2.2, 'count'), room(rnd.pick(['Faglokale natur/teknologi', 'Klasselokale 2', 'Musiklokale']), 26, 2.6, rnd.chance(0.3) ? 'presence' : 'count')];
    case 'administration':
      return [whole(), room(`Mødelokale ${rnd.int(1, 4)}.${rnd.int(1, 9)}`, rnd.int(6, 16), 2.5, 'presence')];
    case 'elderly':
      return [room('Fællesrum', rnd.int(16, 40), 3, 'count')];
    case 'culture':
      return [rnd.chance(0.4) ? room('Sal', rnd.int(40, 150), 1.5, 'presence') : whole()];
    default:
      return [whole()];
  }
}

const jitter = (rnd: Random, usage: number) => Math.min(1, Math.max(0.05, usage * rnd.range(0.85, 1.15)));

/** Share of capacity present in an hour for a category at full use (before the building's usage factor), 0..1. */
export function rhythm(category: Category, h: DemoHour): number {
  const hr = h.localHour;
  const weekday = h.weekday <= 5;
  if (h.publicHoliday) return 0;
  switch (category) {
    case 'school': {
      if (!weekday || h.schoolHoliday) return 0;
      if (hr >= 8 && hr < 14) return hr === 11 ? 0.7 : 0.9; // lessons, a lunch dip
      if (hr >= 14 && hr < 17) return 0.3; // SFO and clubs
      return hr === 7 ? 0.1 : 0;
    }
    case 'daycare': {
      if (!weekday || h.daycareClosed) return 0;
      const f = hr === 6 ? 0.15 : hr >= 7 && hr < 9 ? 0.6 : hr >= 9 && hr < 14 ? 0.9 : hr >= 14 && hr < 16 ? 0.5 : hr === 16 ? 0.15 : 0;
      return h.schoolHoliday ? f * 0.55 : f; // siblings at home in the school holidays
    }
    case 'administration':
    case 'health': {
      if (!weekday) return 0;
      const f = hr === 8 || hr === 15 ? 0.4 : hr >= 9 && hr < 11 ? 0.75 : hr >= 11 && hr < 13 ? 0.55 : hr >= 13 && hr < 15 ? 0.7 : 0;
      return h.schoolHoliday ? f * 0.55 : f; // staff on holiday
    }
    case 'sport': {
      if (weekday) {
        if (hr >= 8 && hr < 15) return h.schoolHoliday ? 0.05 : 0.45; // school PE lessons
        if (hr >= 16 && hr < 22) return hr >= 17 && hr < 21 ? 0.85 : 0.5; // clubs in the evening
        return 0;
      }
      return hr >= 9 && hr < 17 ? (hr >= 10 && hr < 14 ? 0.7 : 0.4) : 0; // weekend matches
    }
    case 'culture': {
      if (h.weekday === 7) return 0;
      if (hr >= 10 && hr < 16) return 0.3;
      if (hr >= 16 && hr < 20) return h.weekday === 6 ? 0 : 0.55;
      return 0;
    }
    case 'elderly': // the shared rooms of a care home: meals and activities, empty at night
      return hr >= 7 && hr < 21 ? (hr === 8 || hr === 12 || hr === 17 ? 0.8 : 0.45) : 0;
    default:
      return 0;
  }
}

/** The reading of one sensor in hour `i`, or null when the sensor is offline (no row). */
export function readingValue(rnd: Random, sensor: DemoSensor, h: DemoHour, i: number): number | null {
  for (const [a, b] of sensor.gaps) if (i >= a && i < b) return null;
  if (sensor.stuck && i >= sensor.stuck[0] && i < sensor.stuck[1]) return sensor.kind === 'count' ? Math.max(1, Math.round(sensor.capacity * 0.4)) : 1;
  const f = rhythm(sensor.category, h) * sensor.usage;
  if (f <= 0) return 0;
  const noisy = Math.max(0, f * (1 + 0.2 * rnd.normal()));
  return sensor.kind === 'count' ? Math.round(sensor.capacity * noisy) : Math.round(Math.min(1, noisy * 1.4) * 100) / 100;
}

/** COPY text lines "sensor_id \t ts \t value" for one sensor over the demo year, in chunks of ~2,000 lines. */
export function* readingLines(rnd: Random, sensor: DemoSensor, hours: DemoHour[]): Generator<{ text: string; rows: number }> {
  let chunk = '';
  let rows = 0;
  for (let i = 0; i < hours.length; i++) {
    const v = readingValue(rnd, sensor, hours[i], i);
    if (v === null) continue;
    chunk += `${sensor.id}\t${hours[i].iso}\t${v}\n`;
    if (++rows % 2048 === 0) {
      yield { text: chunk, rows: 2048 };
      chunk = '';
    }
  }
  if (chunk) yield { text: chunk, rows: rows % 2048 };
}
