// Small builders for hand-computed scoring fixtures: hourly series in Copenhagen local time.
import { DateTime } from 'luxon';
import type { BuildingInput, BuildingRecord, SensorInput } from '@/lib/scoring/kpis';
import { holidaysBetween, parseOpeningHours, type OpeningHours } from '@/lib/scoring/opening-hours';
import { summariseSensorHours, type HourValue, type SensorKind } from '@/lib/scoring/sensor-usage';

/** Hourly values for every local hour of [fromDay, toDay]; `value` returns undefined for an hour with no reading. */
export function hourly(fromDay: string, toDay: string, value: (local: DateTime) => number | undefined): HourValue[] {
  const out: HourValue[] = [];
  const end = DateTime.fromISO(toDay, { zone: 'Europe/Copenhagen' }).plus({ days: 1 });
  for (let t = DateTime.fromISO(fromDay, { zone: 'Europe/Copenhagen' }); t < end; t = t.plus({ hours: 1 })) {
    const v = value(t);
    if (v !== undefined) out.push({ hour: t.toJSDate(), avg: v });
  }
  return out;
}

export const weekdayHours: OpeningHours = parseOpeningHours({ days: [1, 2, 3, 4, 5], open: 8, close: 16 });

export function building(over: Partial<BuildingRecord> = {}): BuildingRecord {
  return {
    id: 'b1', name: 'Solsikken', category: 'daycare', district: 'Nord', useCode: 441, grossAreaM2: 1000,
    capacity: 50, usersTotal: 100, tenure: 'owned', annualLeaseDkk: null, replacementValueDkk: 20_000_000,
    openingHoursKnown: true, ancillary: false, ...over,
  };
}

export function sensor(id: string, values: HourValue[], over: { kind?: SensorKind; capacity?: number | null; coveredAreaM2?: number | null; hours?: OpeningHours; from?: string; to?: string } = {}): SensorInput {
  const kind = over.kind ?? 'count';
  const capacity = over.capacity === undefined ? 50 : over.capacity;
  const holidays = new Set(holidaysBetween(over.from ?? '2026-01-01', over.to ?? '2026-12-31'));
  return {
    id, kind, capacity, coveredAreaM2: over.coveredAreaM2 === undefined ? 1000 : over.coveredAreaM2,
    usage: summariseSensorHours(values, { kind, capacity, openingHours: over.hours ?? weekdayHours, holidays, zone: 'Europe/Copenhagen' }),
  };
}

export function input(over: Partial<BuildingInput> = {}): BuildingInput {
  return {
    building: building(), sensors: [], expectedOpenHours: 0, periodDays: 7, costs: [], backlogDkk: null, m2PerUserNorm: 7, ...over,
  };
}
