import type { Category } from '@/lib/registry/categories';
import type { HourInfo } from './calendar';
import type { DemoBuilding } from './portfolio';
import type { Random } from './random';

// Sensors and one year of hourly readings that follow the rhythms of schools, day-cares, offices and
// sports halls — weekdays, holidays, summer break — with offline gaps (no rows: unknown, never zero)
// and a few stuck sensors, as real portals deliver them.

export interface DemoSensor {
  id: string;
  buildingId: string;
  externalId: string;
  kind: 'count' | 'presence';
  roomName: string | null;
  roomCapacity: number | null;
  roomAreaM2: number | null;
  /** People the sensor can see at most: room capacity or the building's capacity. */
  capacity: number;
  coveredAreaM2: number | null;
  usage: number;
  category: Category;
  /** Offline windows as [firstHourIndex, lastHourIndex). */
  gaps: [number, number][];
  /** A window where the sensor repeats one value (a stuck counter). */
  stuck: [number, number] | null;
}

const SENSED: Category[] = ['daycare', 'school', 'administration', 'sport', 'culture', 'elderly', 'health'];

/** Chooses which buildings have sensors (about half of those where use varies) and describes each sensor. */
export function generateSensors(rnd: Random, buildings: DemoBuilding[], hours: number, prefix: string): DemoSensor[] {
  const sensors: DemoSensor[] = [];
  let n = 0;
  for (const b of buildings) {
    if (!SENSED.includes(b.category) || !b.capacity) continue;
    if (!rnd.chance(b.category === 'elderly' || b.category === 'health' ? 0.3 : 0.58)) continue;
    const count = b.category === 'school' || b.category === 'administration' ? rnd.int(1, 2) : 1;
    for (let k = 0; k < count; k++) {
      n++;
      const presence = (b.category === 'administration' || b.category === 'culture') && rnd.chance(0.4);
      const inRoom = b.category === 'school' || presence;
      const roomCapacity = inRoom ? (b.category === 'school' ? 28 : rnd.int(6, 20)) : null;
      const gaps: [number, number][] = [];
      if (rnd.chance(0.25)) {
        for (let g = rnd.int(1, 3); g > 0; g--) {
          const start = rnd.int(0, hours - 400);
          gaps.push([start, start + rnd.int(2, 12) * 24]);
        }
      }
      const stuckStart = rnd.chance(0.02) ? rnd.int(0, hours - 300) : -1;
      sensors.push({
        id: rnd.uuid(),
        buildingId: b.id,
        externalId: `${prefix}-${String(n).padStart(4, '0')}`,
        kind: presence ? 'presence' : 'count',
        roomName: inRoom ? `${b.category === 'school' ? 'Klasselokale' : 'Mødelokale'} ${k + 1}` : null,
        roomCapacity,
        roomAreaM2: roomCapacity ? roomCapacity * (b.category === 'school' ? 2 : 3) : null,
        capacity: roomCapacity ?? b.capacity,
        coveredAreaM2: roomCapacity ? roomCapacity * (b.category === 'school' ? 2 : 3) : b.grossAreaM2,
        usage: Math.min(1, Math.max(0.05, b.usage * rnd.range(0.85, 1.15))),
        category: b.category,
        gaps,
        stuck: stuckStart >= 0 ? [stuckStart, stuckStart + 240] : null,
      });
    }
  }
  return sensors;
}

/** Share of capacity present in an hour for a category, before the building's own usage factor. */
export function rhythm(category: Category, h: HourInfo): number {
  const hr = h.localHour;
  const weekday = h.weekday <= 5;
  const closed = h.publicHoliday;
  switch (category) {
    case 'school': {
      if (!weekday || closed || h.schoolHoliday) return 0;
      if (hr >= 8 && hr < 14) return hr === 11 ? 0.7 : 0.9;
      if (hr >= 14 && hr < 17) return 0.35;
      return hr === 7 ? 0.15 : 0;
    }
    case 'daycare': {
      if (!weekday || closed || h.daycareClosed) return 0;
      const f = hr === 6 ? 0.2 : hr >= 7 && hr < 9 ? 0.6 : hr >= 9 && hr < 14 ? 0.9 : hr >= 14 && hr < 16 ? 0.55 : hr === 16 ? 0.2 : 0;
      return h.schoolHoliday ? f * 0.6 : f;
    }
    case 'administration':
    case 'health': {
      if (!weekday || closed) return 0;
      const f = hr === 8 || hr === 15 ? 0.4 : hr >= 9 && hr < 11 ? 0.75 : hr >= 11 && hr < 13 ? 0.55 : hr >= 13 && hr < 15 ? 0.7 : 0;
      return h.schoolHoliday ? f * 0.55 : f;
    }
    case 'sport': {
      if (closed) return 0;
      if (weekday) {
        if (hr >= 8 && hr < 15) return h.schoolHoliday ? 0.1 : 0.5;
        if (hr >= 16 && hr < 22) return 0.85;
        return 0;
      }
      return hr >= 9 && hr < 17 ? 0.65 : 0;
    }
    case 'culture': {
      if (h.weekday === 7 || closed) return 0;
      if (hr >= 10 && hr < 16) return 0.35;
      if (hr >= 16 && hr < 20) return 0.55;
      return 0;
    }
    case 'elderly':
      return hr >= 23 || hr < 6 ? 0.9 : hr >= 9 && hr < 16 ? 0.65 : 0.8;
    default:
      return 0;
  }
}

/** Streams "sensor_id \t ts \t value" lines (COPY text format) for one sensor over the demo year. */
export function* readingLines(rnd: Random, sensor: DemoSensor, hours: HourInfo[], isoHours: string[]): Generator<string> {
  let stuckValue: number | null = null;
  const chunk: string[] = [];
  for (let i = 0; i < hours.length; i++) {
    if (sensor.gaps.some(([a, b]) => i >= a && i < b)) continue;
    let value: number;
    if (sensor.stuck && i >= sensor.stuck[0] && i < sensor.stuck[1]) {
      stuckValue ??= sensor.kind === 'count' ? Math.round(sensor.capacity * 0.4) : 1;
      value = stuckValue;
    } else {
      // Under-used rooms stand empty for whole hours: the emptier the building, the more empty open hours.
      const empty = rnd.next() < (1 - sensor.usage) * 0.6;
      const f = empty ? 0 : rhythm(sensor.category, hours[i]) * sensor.usage;
      const noisy = f > 0 ? Math.max(0, f * (1 + 0.18 * rnd.normal())) : 0;
      value = sensor.kind === 'count'
        ? Math.round(sensor.capacity * noisy)
        : Math.round(Math.min(1, noisy * 1.4) * 100) / 100;
    }
    chunk.push(`${sensor.id}\t${isoHours[i]}\t${value}\n`);
    if (chunk.length >= 2048) {
      yield chunk.join('');
      chunk.length = 0;
    }
  }
  if (chunk.length) yield chunk.join('');
}
