// The columns an occupancy file is read by, and what its value column means.
import type { KindContext } from '../types';
import type { FieldSpec, ValueKind } from '../../mapping';

export const OCCUPANCY_FIELDS: FieldSpec[] = [
  { key: 'timestamp', required: true, synonyms: ['timestamp', 'tidspunkt', 'tid', 'time', 'datetime', 'date_time', 'dato', 'date', 'ts', 'tidsstempel'] },
  { key: 'sensor', required: true, synonyms: ['sensor_id', 'sensor', 'sensorid', 'sensor id', 'device_id', 'device', 'enhed', 'måler'] },
  {
    key: 'value',
    required: true,
    synonyms: ['count', 'antal', 'antal_personer', 'value', 'værdi', 'people', 'personer', 'occupant_count', 'occupancy', 'occupied', 'presence', 'optaget', 'belægning', 'fraction', 'andel'],
  },
  { key: 'building', required: false, synonyms: ['building', 'bygning', 'building_id', 'registry_id', 'bbr_id', 'bygnings_id'] },
  { key: 'room', required: false, synonyms: ['room', 'rum', 'lokale', 'room_name'] },
];

/** Guesses what a value column means from its name: presence (0/1), fraction (0..1) or count. */
export function guessValueKind(column: string): ValueKind {
  const c = column.toLowerCase();
  if (/presen|occupied|optaget|tilstede|belagt/.test(c)) return 'presence';
  if (/fraction|share|andel|percent|procent|belægningsgrad|utili/.test(c)) return 'fraction';
  return 'count';
}

/** The largest count accepted at all; above 3 × capacity a reading is kept but flagged (sensor_quality). */
export const MAX_COUNT = 100_000;

/** The name of the file's value column (mapped, else the first synonym present), for guessValueKind. */
export function valueColumn(ctx: KindContext): string {
  const explicit = ctx.mapping.columns.value;
  if (explicit) return explicit;
  const names = ctx.header.map((h) => h.trim().toLowerCase());
  for (const s of OCCUPANCY_FIELDS[2].synonyms) if (names.includes(s)) return s;
  return '';
}
