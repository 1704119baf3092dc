// Occupancy readings: timestamp, sensor, value (people count, 0/1 presence or occupied fraction), and
// optionally building and room for sensors seen for the first time. Readings are unique per sensor and
// instant: a re-import adds nothing (duplicates), a corrected value updates the reading.
// The kind's part of each pipeline stage: the row check (validate) is here; the direct path's binary rows and
// hourly aggregates are write/direct-readings.ts, the staged merge merge/readings.ts, and what the merged readings
// hand on to derive/readings.ts and rescore/ is MergeCounts.readings.
import { randomUUID } from 'node:crypto';
import { IMPORT_MAX_NEW_SENSORS } from '@/lib/config/limits';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { describeWindow, readingsWindow, type ReadingsWindow } from '@/lib/occupancy/readings-window';
import type { ImportChecks } from '@/lib/organisations/settings';
import { makeIssue } from '../../issues';
import { BuildingLookup } from '../../lookups';
import type { ColumnMapping, ValueKind } from '../../mapping';
import { mergeStagedReadings } from '../../merge/readings';
import { looksLikeFormula, parseDecimal, parseFraction, parsePresence } from '../../validate/numbers';
import { checkCountAgainstCapacity, checkCountText } from '../../validate/plausibility';
import { decide, joinDateAndTime, parseTimestamp, resolveLocal, type DateOrder, type ParsedTime, type RepeatedHourTally } from '../../validate/timestamps';
import { DirectReadings } from '../../write/direct-readings';
import type { KindContext, KindHandler, MergeCounts, RecordView } from '../types';
import { guessValueKind, MAX_COUNT, OCCUPANCY_FIELDS, valueColumn } from './fields';
import { createSensors, SensorIndex, type NewSensor } from './sensors';

export { guessValueKind, MAX_COUNT, OCCUPANCY_FIELDS } from './fields';

export interface OccupancyState {
  minMs: number;
  maxMs: number;
  touched: Set<string>;
  newSensors: Map<string, NewSensor>;
  undecidedDates: number;
  /** Every sensor's instants strictly increase in file order (so the file holds no duplicate keys). */
  increasing: boolean;
}

/** The occupancy kind for one import. `dateOrder` comes from the read stage (read/date-order.ts). */
export function occupancyHandler(dateOrder: DateOrder | undefined): KindHandler & { state: OccupancyState } {
  let sensors = new SensorIndex();
  let buildings: BuildingLookup | null = null;
  let valueKind: ValueKind = 'count';
  let mapping: ColumnMapping;
  let ctxRef: KindContext;
  /** A time-of-day column is mapped: each row's timestamp is its date and time joined. */
  let joinTime = false;
  let checks: ImportChecks;
  let sentinels: ReadonlySet<number> = new Set();
  let zone = DEFAULT_TIME_ZONE;
  /** Wall times of the repeated October hour, read as its first (summer time) and second (winter time) occurrence. */
  const repeated: RepeatedHourTally = { first: 0, second: 0 };
  // The readings window (lib/occupancy/readings-window.ts) and, for local wall times, the same window widened by
  // the largest UTC offset, so a wall time far outside is refused before the zone's rules for its year are computed.
  let window: ReadingsWindow = { fromMs: 0, toMs: 0 };
  let windowText = { from: '', to: '' };
  const WALL_MARGIN_MS = 26 * 3_600_000;
  const state: OccupancyState = { minMs: Infinity, maxMs: -Infinity, touched: new Set(), newSensors: new Map(), undecidedDates: 0, increasing: true };
  const sensorKind = () => (valueKind === 'count' ? 'count' : 'presence');
  // Time-ordered files repeat the same timestamp text for every sensor: parse it once, format it once.
  let lastTsText: string | undefined;
  let lastParsed: ParsedTime | null = null;
  let lastMs = NaN;
  let lastIso = '';
  // The direct path (KindHandler.direct), once enabled: the rows go to it instead of the stage's text lines.
  let direct: DirectReadings | null = null;
  const directReadings = new DirectReadings(() => sensors, () => ctxRef.nowMs);

  function rowLine(rec: RecordView): string | null {
    const dateText = rec.get('timestamp');
    const tsText = joinTime && dateText !== undefined ? joinDateAndTime(dateText, rec.get('time')) : dateText;
    const sensorText = rec.get('sensor');
    const valueText = rec.get('value');
    let bad = false;
    if (tsText === undefined) {
      bad = true;
      rec.issue('required', 'timestamp');
    }
    if (sensorText === undefined) {
      bad = true;
      rec.issue('required', 'sensor');
    }
    if (valueText === undefined) {
      bad = true;
      rec.issue('required', 'value');
    }
    if (bad) return null;

    const external = sensorText!;
    let sensor = sensors.byExternal.get(external);
    if (sensor ? sensor.formula : looksLikeFormula(external)) return rec.issue('formula_cell', 'sensor'), null;
    const roomText = rec.get('room');
    if (roomText !== undefined && looksLikeFormula(roomText)) return rec.issue('formula_cell', 'room'), null;

    // Value.
    let value: number | null;
    if (valueKind === 'presence') {
      value = parsePresence(valueText!);
      if (value === null) return rec.issue('not_presence', 'value'), null;
    } else if (valueKind === 'fraction') {
      value = parseFraction(valueText!, ctxRef.decimal);
      if (value === null) return rec.issue('invalid_number', 'value'), null;
      if (value < 0 || value > 1) return rec.issue('value_out_of_range', 'value', { min: 0, max: 1 }), null;
    } else {
      value = parseDecimal(valueText!, ctxRef.decimal);
      if (value === null) return rec.issue('invalid_number', 'value'), null;
      if (sentinels.has(value) || value % 1 !== 0 || value >= 1000) {
        if (checkCountText(rec, checks, sentinels, valueText!, value, ctxRef.decimal)) return null;
      }
      if (value < 0) return rec.issue('negative_value', 'value'), null;
      if (value > MAX_COUNT) return rec.issue('value_out_of_range', 'value', { min: 0, max: MAX_COUNT }), null;
    }

    // Timestamp.
    let parsed: ParsedTime | null;
    if (tsText === lastTsText) parsed = lastParsed;
    else {
      parsed = parseTimestamp(tsText!, dateOrder);
      if (parsed?.kind === 'undecided' && dateOrder) parsed = decide(parsed, dateOrder);
      lastTsText = tsText;
      lastParsed = parsed;
    }
    if (parsed?.kind === 'undecided') {
      state.undecidedDates += 1;
      return null;
    }
    if (!parsed) return rec.issue('invalid_timestamp', 'timestamp', {}, tsText), null;
    // Outside the readings window: refused before any sensor is looked up or created and, for wall times, before
    // the zone's rules for the year are computed (exactly once the instant is known, below).
    if (parsed.kind === 'instant' ? !(parsed.ms >= window.fromMs && parsed.ms < window.toMs) : !(parsed.wallMs >= window.fromMs - WALL_MARGIN_MS && parsed.wallMs < window.toMs + WALL_MARGIN_MS)) {
      return rec.issue('timestamp_out_of_range', 'timestamp', windowText), null;
    }

    // Sensor.
    if (sensor) {
      if (!sensor.allowed) {
        const building = buildings!.byUuid(sensor.buildingId)?.label ?? sensor.buildingId;
        return rec.issue('sensor_not_assigned', 'sensor', { sensor: external, building }), null;
      }
      if (sensor.kind !== sensorKind()) {
        rec.issue('invalid_value', 'value', { reason: `sensor "${external}" is a ${sensor.kind} sensor / sensoren er en ${sensor.kind}-sensor` });
        return null;
      }
    } else {
      const buildingText = rec.get('building') ?? mapping.building;
      if (buildingText === undefined) return rec.issue('unknown_sensor', 'sensor'), null;
      const building = buildings!.find(buildingText);
      if (!building) return rec.issue('unknown_building', rec.get('building') !== undefined ? 'building' : 'sensor', {}, buildingText), null;
      if (ctxRef.allowedBuildings && !ctxRef.allowedBuildings.has(building.id)) {
        return rec.issue('building_not_assigned', rec.get('building') !== undefined ? 'building' : 'sensor', {}, buildingText), null;
      }
      if (state.newSensors.size >= IMPORT_MAX_NEW_SENSORS) return rec.issue('too_many_new_sensors', 'sensor', { limit: IMPORT_MAX_NEW_SENSORS }), null;
      const fresh: NewSensor = { id: randomUUID(), external, buildingId: building.id, room: roomText ?? null, lastMs: NaN, minStepMs: Infinity };
      sensor = sensors.add(external, fresh.id, sensorKind(), building.id, fresh, false, true, undefined);
      state.newSensors.set(external, fresh);
    }

    let ms: number;
    if (parsed.kind === 'instant') ms = parsed.ms;
    else {
      ms = resolveLocal(parsed.wallMs, sensor.prev, zone, repeated);
      if (Number.isNaN(ms)) return rec.issue('nonexistent_local_time', 'timestamp'), null;
      if (ms === -Infinity) return rec.issue('ambiguous_local_time', 'timestamp'), null;
    }
    if (!(ms >= window.fromMs && ms < window.toMs)) return rec.issue('timestamp_out_of_range', 'timestamp', windowText), null;
    if (sensor.capacity && sensor.kind === 'count' && valueKind === 'count') {
      if (checkCountAgainstCapacity(rec, checks, value, sensor.capacity, sensor.prevValue)) return null;
      sensor.prevValue = value;
    }
    // Strictly increasing per sensor in file order ⇒ no (sensor, instant) twice in the file (see merge).
    if (ms <= sensor.prev) state.increasing = false;
    sensor.prev = ms;
    const ns = sensor.fresh;
    if (ns) {
      const step = ms - ns.lastMs;
      if (step > 0 && step < ns.minStepMs) ns.minStepMs = step;
      ns.lastMs = ms;
    }
    if (ms < state.minMs) state.minMs = ms;
    if (ms > state.maxMs) state.maxMs = ms;
    if (!sensor.touched) {
      sensor.touched = true;
      state.touched.add(sensor.id);
    }
    if (direct) {
      direct.add(sensor, ms, value);
      return '';
    }
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return `${sensor.id}\t${lastIso}\t${value}\t${rec.line}\n`;
  }

  return {
    kind: 'occupancy',
    fields: OCCUPANCY_FIELDS,
    stageColumns: [
      ['sensor_id', 'uuid'],
      ['ts', 'timestamptz'],
      ['value', 'real'],
      ['line', 'integer'],
    ],
    state,

    direct: {
      target: 'occupancy_reading (sensor_id, ts, value)',
      enable() {
        direct = directReadings;
        direct.open();
      },
      take: () => directReadings.take(),
      flush: () => directReadings.flush(),
      takeBarrier: () => directReadings.takeBarrier(),
    },

    dispose() {
      directReadings.dispose();
    },

    async prepare(client, ctx) {
      mapping = ctx.mapping;
      ctxRef = ctx;
      sensors = await SensorIndex.load(client, ctx);
      buildings = await BuildingLookup.load(client, ctx.organisationId);
      window = readingsWindow(ctx.settings.readingsWindow, ctx.nowMs);
      windowText = describeWindow(window);
      valueKind = mapping.valueKind ?? guessValueKind(valueColumn(ctx));
      joinTime = ctx.columnOf.has('time');
      checks = ctx.settings.importChecks;
      sentinels = new Set(checks.sentinel === 'off' ? [] : checks.sentinelValues);
      zone = ctx.settings.timeZone;
    },

    rowLine,

    row(rec: RecordView) {
      const text = rowLine(rec);
      if (text === null) return null;
      const [sensorId, ts, value, line] = text.slice(0, -1).split('\t');
      return [sensorId, ts, Number(value), Number(line)];
    },

    notices() {
      const rows = repeated.first + repeated.second;
      if (rows === 0) return [];
      return [makeIssue('repeated_hour_resolved', { file: ctxRef.file, line: 0, column: ctxRef.columnOf.get('timestamp') ?? 'timestamp' }, { rows, summer: repeated.first, winter: repeated.second })];
    },

    finish() {
      if (state.undecidedDates === 0) return [];
      return [makeIssue('ambiguous_date_order', { file: ctxRef.file, line: 0, column: ctxRef.mapping.columns.timestamp ?? 'timestamp' })];
    },

    async merge(client, ctx): Promise<MergeCounts> {
      const started = performance.now();
      if (state.touched.size === 0) return { inserted: 0, updated: 0, sensorIds: [] };
      await createSensors(client, ctx, [...state.newSensors.values()], sensorKind(), mapping.intervalMinutes);
      await ensureReadingPartitions(client, new Date(state.minMs), new Date(state.maxMs), ctx.nowMs);
      const sensorIds = [...state.touched];
      const touched = { sensorIds, fromMs: state.minMs, toMs: state.maxMs + 1 };
      const counts = (accepted: number, updated: number, mergePath: string, copyPath: string): MergeCounts => ({
        inserted: accepted - updated, updated, sensorIds, fromMs: state.minMs, toMs: state.maxMs,
        extra: { sensorsCreated: state.newSensors.size, valueKind, mergePath, copyPath, msMerge: Math.round(performance.now() - started) },
      });
      if (direct) {
        // The rows are already in occupancy_reading (COPYed while the file was read): the COPY met no unique
        // violation, so every row was new — a plain insert of the file, like the file-order path of the stage.
        // Every sensor's instants strictly increased (no hour seen twice per sensor): the hourly aggregates are
        // whole; otherwise the derive stage re-aggregates the readings as the staged path does.
        const hourly = state.increasing ? direct.finishHours() : null;
        const quality = () => new Map(sensors.byIdx.filter((s) => s.touched).map((s) => [s.id, { ...s.q, capacity: s.capacity }]));
        return { ...counts(direct.rows, 0, 'file order', 'direct'), readings: { ...touched, fromFile: hourly ? { hourly, quality: quality() } : undefined } };
      }
      const merged = await mergeStagedReadings(client, { sensorIds, minMs: state.minMs, maxMs: state.maxMs, increasing: state.increasing });
      return { ...counts(merged.accepted, merged.updated, merged.mergePath, 'stage'), readings: touched };
    },
  };
}
