// Occupancy readings: timestamp, sensor, value (people count, 0/1 presence or occupied fraction), and
// optionally building and room for sensors seen for the first time. Readings are unique per sensor and
// instant: a re-import adds nothing (duplicates), a corrected value updates the reading.
import { randomUUID } from 'node:crypto';
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { computeInteriorDays, type WholeDays } from '@/lib/occupancy/derive-days';
import { writeHourlyRow } from '@/lib/occupancy/hourly-file';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { describeWindow, readingsWindow, type ReadingsWindow } from '@/lib/occupancy/readings-window';
import { IMPORT_MAX_NEW_SENSORS } from '@/lib/config/limits';
import { daysTouched, loadHourlyAggregates, loadUsageConfig, refreshRollups } from '@/lib/occupancy/rollups';
import { SENSOR_CAPACITY_SQL } from '@/lib/scoring/sensor-scope';
import { rescoreBuildings } from '@/lib/scoring/compute-scores';
import { BinaryRows, COPY_BINARY_HEADER, COPY_BINARY_TRAILER, uuidBytes } from '../copy-binary';
import { makeIssue } from '../issues';
import { BuildingLookup } from '../lookups';
import type { ColumnMapping, FieldSpec, ValueKind } from '../mapping';
import { looksLikeFormula, parseDecimal, parseFraction, parsePresence } from '../numbers';
import { IMPOSSIBLE_FACTOR, refreshSensorQuality, type FileQuality } from '../sensor-quality';
import { checkCountAgainstCapacity, checkCountText } from '../plausibility';
import { decide, joinDateAndTime, parseTimestamp, resolveLocal, type DateOrder, type ParsedTime, type RepeatedHourTally } from '../timestamps';
import type { ImportChecks } from '@/lib/organisations/settings';
import type { KindContext, KindHandler, MergeCounts, RecordView } from './types';

export const OCCUPANCY_FIELDS: FieldSpec[] = [
  // A date column comes before `tid`/`time`: with both present, they are date and time in two columns (joined below).
  { key: 'timestamp', required: true, synonyms: ['timestamp', 'tidspunkt', 'datetime', 'date_time', 'tidsstempel', 'ts', 'dato', 'date', 'tid', 'time'] },
  { key: 'sensor', required: true, synonyms: ['sensor_id', 'sensor', 'sensorid', 'sensor id', 'device_id', 'device', 'enhed', 'måler'] },
  {
    key: 'value',
    required: true,
    synonyms: ['count', 'antal', 'antal_personer', 'value', 'værdi', 'people', 'personer', 'occupant_count', 'occupancy', 'occupied', 'presence', 'optaget', 'belægning', 'fraction', 'andel'],
  },
  { key: 'building', required: false, synonyms: ['building', 'bygning', 'building_id', 'registry_id', 'bbr_id', 'bygnings_id'] },
  { key: 'room', required: false, synonyms: ['room', 'rum', 'lokale', 'room_name'] },
  /** The time of day when the date stands in its own column (Excel exports: `Dato;Tid;…`, with AM/PM in US ones). */
  { key: 'time', required: false, synonyms: ['klokkeslæt', 'kl', 'tid', 'time', 'time_of_day', 'clock'] },
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

interface NewSensor {
  id: string;
  external: string;
  buildingId: string;
  room: string | null;
  lastMs: number;
  minStepMs: number;
}

export interface OccupancyState {
  minMs: number;
  maxMs: number;
  touched: Set<string>;
  newSensors: Map<string, NewSensor>;
  undecidedDates: number;
  /** Every sensor's instants strictly increase in file order (so the file holds no duplicate keys). */
  increasing: boolean;
}

/** A sensor as the row loop sees it: known (stored) or created by this import; `prev` is its last instant read. */
interface SensorRec {
  id: string;
  kind: string;
  buildingId: string;
  prev: number;
  touched: boolean;
  fresh: NewSensor | null;
  /** The external id would run as a spreadsheet formula (checked once per sensor, not per row). */
  formula: boolean;
  /** The importing user may import for the sensor's building (facility staff: one of their assigned buildings). */
  allowed: boolean;
  /** Direct path: the sensor's current hour (UTC ms) and its readings' sum, max and count so far. */
  hHour: number;
  hSum: number;
  hMax: number;
  hN: number;
  /** Direct path: index into the row chunk's sensor column, and the id's 16 bytes for binary COPY. */
  idx: number;
  bytes: Buffer | null;
  /** Capacity as scoring sees it (known sensors; undefined for sensors created by this import). */
  capacity: number | null | undefined;
  /** Direct path: the file's readings of this sensor for the incremental quality refresh. */
  q: FileQuality;
  /** The value of the sensor's previous reading in the file (NaN before its first), for the jump check. */
  prevValue: number;
}

/** Rows per chunk of the direct path: sorted by sensor before they are sent (see encodeChunk). */
const CHUNK_ROWS = 1 << 17;
const HOURLY_CHUNK_ROWS = 1 << 16;
/** Bytes of one binary COPY reading row: field count, uuid, timestamptz, real with their lengths. */
const READING_ROW_BYTES = 2 + 4 + 16 + 4 + 8 + 4 + 4;

/** The occupancy kind for one import. `dateOrder` comes from scanning the file (see run-import). */
export function occupancyHandler(dateOrder: DateOrder | undefined): KindHandler & { state: OccupancyState } {
  let sensors = new Map<string, SensorRec>();
  let buildings: BuildingLookup | null = null;
  let valueKind: ValueKind = 'count';
  let mapping: ColumnMapping;
  let ctxRef: KindContext;
  /** A time-of-day column is mapped: each row's timestamp is its date and time joined. */
  let joinTime = false;
  let checks: ImportChecks;
  let sentinels: ReadonlySet<number> = new Set();
  let zone = 'Europe/Copenhagen';
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
  // Direct path (see KindHandler.direct): rows go straight into occupancy_reading, so each UTC month's partition
  // must exist before its first row is written (else rows land in the default partition).
  let direct = false;
  let directRows = 0;
  let monthLo = Infinity;
  let monthHi = -Infinity;
  const monthsEnsured = new Set<number>();
  let pendingMonth: number | null = null;
  // Direct path: rows are collected in a chunk of columns and sent as binary COPY, sorted by sensor within the
  // chunk (counting sort, stable, so each sensor's rows keep their order). A time-ordered file puts every sensor
  // in every chunk; sorted, each sensor's rows go into its part of the primary key one run after another instead
  // of one row each across all sensors — measured 14.0 s instead of 16.3 s for 10 M rows, and binary instead of
  // text 16.8 s instead of 22.7 s (docs/performance.md § Ingest). Memory: one chunk (~8 MB) at a time.
  const cSensor = new Int32Array(CHUNK_ROWS);
  const cMs = new Float64Array(CHUNK_ROWS);
  const cVal = new Float64Array(CHUNK_ROWS);
  let cN = 0;
  const ready: Buffer[] = [];
  const byIdx: SensorRec[] = [];
  const newRec = (id: string, kind: string, buildingId: string, fresh: NewSensor | null, formula: boolean, allowed: boolean, capacity: number | null | undefined): SensorRec => {
    const rec: SensorRec = {
      id, kind, buildingId, prev: NaN, touched: false, fresh, formula, allowed, hHour: NaN, hSum: 0, hMax: -Infinity, hN: 0,
      idx: byIdx.length, bytes: null, capacity, q: { n: 0, first: Infinity, last: -Infinity, impossible: 0 }, prevValue: NaN,
    };
    byIdx.push(rec);
    return rec;
  };
  const bytesOf = (s: SensorRec) => (s.bytes ??= uuidBytes(s.id));
  /** Positions 0..n−1 of a chunk ordered by sensor index (stable). */
  const bySensor = (col: Int32Array, n: number): Int32Array => {
    const start = new Int32Array(byIdx.length + 1);
    for (let i = 0; i < n; i++) start[col[i] + 1] += 1;
    for (let k = 1; k <= byIdx.length; k++) start[k] += start[k - 1];
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[start[col[i]]++] = i;
    return order;
  };
  function encodeChunk(): Buffer {
    const order = bySensor(cSensor, cN);
    const out = new BinaryRows(cN * READING_ROW_BYTES);
    for (let j = 0; j < cN; j++) {
      const i = order[j];
      out.row(3);
      out.uuid(bytesOf(byIdx[cSensor[i]]));
      out.timestamptz(cMs[i]);
      out.float4(cVal[i]);
    }
    cN = 0;
    return out.finish();
  }
  // Direct path: hourly aggregates (avg, max, count per sensor-hour) computed while reading — each sensor's
  // readings strictly increase in such a file, so an hour is complete when the sensor's next hour starts — and
  // written to a temp file as binary COPY rows (lib/occupancy/hourly-file.ts), sorted by sensor per chunk like the
  // readings; the rollup then lands them instead of re-aggregating the readings, and derives whole days from them.
  // Written synchronously (a chunk at a time, into the page cache): bounded memory without awaiting in the row loop.
  let hourlyFd: number | null = null;
  /** Whole days derived from the hourly file, until landed (or discarded by dispose()). */
  let wholeDays: WholeDays | null = null;
  const hSensor = new Int32Array(HOURLY_CHUNK_ROWS);
  const hHour = new Float64Array(HOURLY_CHUNK_ROWS);
  const hAvg = new Float64Array(HOURLY_CHUNK_ROWS);
  const hMax = new Float64Array(HOURLY_CHUNK_ROWS);
  const hCount = new Int32Array(HOURLY_CHUNK_ROWS);
  let hC = 0;
  const flushHours = () => {
    if (hC === 0) return;
    const order = bySensor(hSensor, hC);
    const out = new BinaryRows(hC * 58);
    for (let j = 0; j < hC; j++) {
      const i = order[j];
      writeHourlyRow(out, bytesOf(byIdx[hSensor[i]]), hHour[i], hAvg[i], hMax[i], hCount[i]);
    }
    writeSync(hourlyFd!, out.finish());
    hC = 0;
  };
  const emitHour = (s: SensorRec) => {
    hSensor[hC] = s.idx;
    hHour[hC] = s.hHour;
    hAvg[hC] = Math.fround(s.hSum / s.hN);
    hMax[hC] = s.hMax;
    hCount[hC] = s.hN;
    hC += 1;
    if (hC === HOURLY_CHUNK_ROWS) flushHours();
  };

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
    let sensor = sensors.get(external);
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
      sensor = newRec(fresh.id, sensorKind(), building.id, fresh, false, true, undefined);
      sensors.set(external, sensor);
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
      if (!(ms >= monthLo && ms < monthHi)) {
        const d = new Date(ms);
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth();
        monthLo = Date.UTC(y, m, 1);
        monthHi = Date.UTC(y, m + 1, 1);
        if (!monthsEnsured.has(y * 12 + m)) {
          monthsEnsured.add(y * 12 + m);
          pendingMonth = monthLo;
        }
      }
      directRows += 1;
      const hour = ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000);
      if (hour !== sensor.hHour) {
        if (sensor.hN > 0) emitHour(sensor);
        sensor.hHour = hour;
        sensor.hSum = 0;
        sensor.hMax = -Infinity;
        sensor.hN = 0;
      }
      // As stored: real (float4); PostgreSQL's avg(real) sums in float8.
      const v = Math.fround(value);
      sensor.hSum += v;
      if (v > sensor.hMax) sensor.hMax = v;
      sensor.hN += 1;
      const q = sensor.q;
      q.n += 1;
      if (ms < q.first) q.first = ms;
      if (ms > q.last) q.last = ms;
      if (sensor.capacity && sensor.kind === 'count' && v > IMPOSSIBLE_FACTOR * sensor.capacity) q.impossible += 1;
      cSensor[cN] = sensor.idx;
      cMs[cN] = ms;
      cVal[cN] = value;
      cN += 1;
      if (cN === CHUNK_ROWS) ready.push(encodeChunk());
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
        direct = true;
        // Unlinked at once: the file lives as long as the descriptor, so even a killed process leaves nothing.
        const at = path.join(tmpdir(), `areal-hourly-${randomUUID()}.bin`);
        hourlyFd = openSync(at, 'w+');
        rmSync(at);
        writeSync(hourlyFd, COPY_BINARY_HEADER);
      },
      take() {
        return ready.shift() ?? null;
      },
      flush() {
        if (cN > 0) ready.push(encodeChunk());
        return ready.length === 0 ? null : Buffer.concat(ready.splice(0));
      },
      takeBarrier() {
        if (pendingMonth === null) return null;
        const at = new Date(pendingMonth);
        pendingMonth = null;
        return (client) => ensureReadingPartitions(client, at, at, ctxRef.nowMs);
      },
    },

    dispose() {
      if (hourlyFd !== null) closeSync(hourlyFd);
      hourlyFd = null;
      wholeDays?.discard();
      wholeDays = null;
    },

    async prepare(client, ctx) {
      mapping = ctx.mapping;
      ctxRef = ctx;
      const { rows } = await client.query<{ id: string; external_id: string; kind: string; building_id: string; capacity: number | null }>(
        `SELECT s.id, s.external_id, s.kind, s.building_id, ${SENSOR_CAPACITY_SQL} AS capacity
           FROM sensor s JOIN building b ON b.id = s.building_id LEFT JOIN room r ON r.id = s.room_id
          WHERE s.organisation_id = $1`,
        [ctx.organisationId],
      );
      byIdx.length = 0;
      sensors = new Map(
        rows.map((r) => [
          r.external_id,
          newRec(r.id, r.kind, r.building_id, null, looksLikeFormula(r.external_id), !ctx.allowedBuildings || ctx.allowedBuildings.has(r.building_id), r.capacity),
        ]),
      );
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
      let mark = performance.now();
      const ms: Record<string, number> = {};
      const t = (phase: string) => {
        const now = performance.now();
        ms[phase] = Math.round(now - mark);
        mark = now;
      };
      if (state.touched.size === 0) return { inserted: 0, updated: 0, sensorIds: [] };
      await createSensors(client, ctx, [...state.newSensors.values()], sensorKind(), mapping.intervalMinutes);
      await ensureReadingPartitions(client, new Date(state.minMs), new Date(state.maxMs), ctx.nowMs);
      const sensorIds = [...state.touched];
      if (direct) {
        // The rows are already in occupancy_reading (COPYed while the file was read): the COPY met no unique
        // violation, so every row was new — a plain insert of the file, like the file-order path below.
        t('msMerge');
        // Every sensor's instants strictly increased (no hour seen twice per sensor): the hourly aggregates are
        // whole; otherwise the rollup re-aggregates the readings as the staged path does.
        const rollups: RollupSources = {};
        if (state.increasing && hourlyFd !== null) {
          const fd = hourlyFd;
          for (const s of byIdx) if (s.touched && s.hN > 0) emitHour(s);
          flushHours();
          writeSync(fd, COPY_BINARY_TRAILER);
          const open = () => createReadStream('', { fd, start: 0, autoClose: false });
          // Whole days from the file's hours only when no hourly row of these sensors was stored in the range. They
          // are derived in Node while the server takes the same file into occupancy_hourly, then landed if `fresh`.
          let fresh = false;
          rollups.hourly = async () => {
            const { firstDay, lastDay } = daysTouched(new Date(state.minMs), new Date(state.maxMs + 1));
            const computing =
              firstDay < lastDay ? loadUsageConfig(client, sensorIds).then((cfg) => computeInteriorDays(cfg, open, firstDay, lastDay)) : null;
            computing?.catch(() => undefined);
            try {
              const loaded = await loadHourlyAggregates(client, open, sensorIds, new Date(state.minMs), new Date(state.maxMs + 1));
              fresh = loaded.fresh;
              return loaded.rows;
            } finally {
              wholeDays = computing && (await computing);
            }
          };
          rollups.interiorDays = async (firstDay, lastDay) => {
            const computed = wholeDays;
            wholeDays = null;
            if (!computed) return false;
            if (!fresh || computed.firstDay !== firstDay || computed.lastDay !== lastDay) {
              computed.discard();
              return false;
            }
            const started = performance.now();
            await computed.land(client, sensorIds);
            ms.msRollupWholeDays = Math.round(performance.now() - started);
            return true;
          };
          // Every row was new (the COPY met no unique violation) and, when `fresh`, no stored hourly row changed
          // (a stuck run can end when a stored partial hour gets more readings): quality can add the file's
          // counts to the stored ones.
          rollups.fileQuality = () => (fresh ? new Map(byIdx.filter((s) => s.touched).map((s) => [s.id, { ...s.q, capacity: s.capacity }])) : undefined);
        }
        return derive(client, ctx, t, ms, directRows, 0, 'file order', 'direct', rollups);
      }
      const latest = 'SELECT DISTINCT ON (sensor_id, ts) sensor_id, ts, value FROM stage ORDER BY sensor_id, ts, line DESC';
      // Readings already stored for these sensors in this time range? Only then count what the upsert updates
      // (partitioned tables offer no xmax in RETURNING to tell inserts from updates).
      const range = [sensorIds, new Date(state.minMs), new Date(state.maxMs)];
      const { rows: overlap } = await client.query<{ any: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM occupancy_reading WHERE sensor_id = ANY($1::uuid[]) AND ts BETWEEN $2 AND $3) AS any',
        range,
      );
      let updated = 0;
      if (overlap[0].any) {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM (${latest}) s JOIN occupancy_reading r ON r.sensor_id = s.sensor_id AND r.ts = s.ts
            WHERE r.ts BETWEEN $2 AND $3 AND r.sensor_id = ANY($1::uuid[]) AND r.value IS DISTINCT FROM s.value`,
          range,
        );
        updated = Number(rows[0].n);
      }
      // Three ways in, cheapest first:
      //  - no stored readings in the file's range for its sensors, and every sensor's times strictly increase
      //    in the file (so no key twice): a plain INSERT in file order. A time-ordered file then loads like a
      //    naive \copy, without sorting 10 M rows, and the heap stays in time order for the BRIN index on ts
      //    (sorting by (sensor, ts) was measured slower here than the naive load, and scatters ts physically);
      //  - no stored readings, but keys may repeat in the file: DISTINCT ON (key) … ORDER BY key, line DESC
      //    (the later row wins), plain INSERT;
      //  - stored readings overlap: the same, as an upsert that updates changed values and leaves equal ones.
      // The advisory lock taken before the merge keeps other imports of the organisation out meanwhile.
      await client.query(`SET LOCAL work_mem = '256MB'`);
      await client.query('SET LOCAL jit = off');
      const upsert = await client.query(
        overlap[0].any
          ? `INSERT INTO occupancy_reading AS r (sensor_id, ts, value)
             ${latest}
             ON CONFLICT (sensor_id, ts) DO UPDATE SET value = EXCLUDED.value WHERE r.value IS DISTINCT FROM EXCLUDED.value`
          : state.increasing
            ? 'INSERT INTO occupancy_reading (sensor_id, ts, value) SELECT sensor_id, ts, value FROM stage'
            : `INSERT INTO occupancy_reading (sensor_id, ts, value) ${latest}`,
      );
      const accepted = upsert.rowCount ?? 0;
      t('msMerge');
      return derive(client, ctx, t, ms, accepted, updated, overlap[0].any ? 'upsert' : state.increasing ? 'file order' : 'sorted, deduplicated', 'stage');
    },
  };

  /** After the readings are in: rollups, sensor quality and re-score of what the import touched. */
  async function derive(
    client: PoolClient, ctx: KindContext, t: (phase: string) => void, ms: Record<string, number>,
    accepted: number, updated: number, mergePath: string, copyPath: string, sources: RollupSources = {},
  ): Promise<MergeCounts> {
    {
      const sensorIds = [...state.touched];
      const from = new Date(state.minMs);
      const to = new Date(state.maxMs + 1);
      // The rollup tables have no foreign key to sensor (migration 20261123810000): lock the sensors once, as the
      // FK's per-row check did, so none is deleted while its rollups are written.
      await client.query('SELECT 1 FROM sensor WHERE id = ANY($1::uuid[]) FOR KEY SHARE', [sensorIds]);
      const rollups = await refreshRollups(client, sensorIds, from, to, { hourly: sources.hourly, interiorDays: sources.interiorDays });
      t('msRollups');
      const file = sources.fileQuality?.();
      const quality = await refreshSensorQuality(client, sensorIds, file ? { file, from, to } : undefined);
      t('msQuality');
      // Scores of the touched buildings follow the new readings in the same transaction (incremental re-score).
      await rescoreBuildings(client, ctx.organisationId, rollups.buildingIds, new Date());
      t('msRescore');
      return {
        inserted: accepted - updated,
        updated,
        sensorIds,
        fromMs: state.minMs,
        toMs: state.maxMs,
        extra: {
          sensorsCreated: state.newSensors.size, hourlyRows: rollups.hourlyRows, buildings: rollups.buildingIds.length, valueKind,
          mergePath, copyPath, hourlyFrom: sources.hourly ? 'import' : 'readings', qualityIncremental: quality.incremental, ...ms,
          msRollupHourly: rollups.ms.hourly, msRollupDaily: rollups.ms.daily, msRollupUsage: rollups.ms.usage,
        },
      };
    }
  }
}

/** What the direct path hands the rollups and the quality refresh instead of re-reading the readings. */
interface RollupSources {
  hourly?: () => Promise<number>;
  interiorDays?: (firstDay: string, lastDay: string) => Promise<boolean>;
  /** Asked after the rollups: the file's per-sensor counts, when the quality may be updated incrementally. */
  fileQuality?: () => Map<string, FileQuality & { capacity: number | null | undefined }> | undefined;
}

function valueColumn(ctx: KindContext): string {
  const explicit = ctx.mapping.columns.value;
  if (explicit) return explicit;
  const names = ctx.header.map((h) => h.trim().toLowerCase());
  for (const s of OCCUPANCY_FIELDS[2].synonyms) if (names.includes(s)) return s;
  return '';
}

async function createSensors(client: PoolClient, ctx: KindContext, fresh: NewSensor[], kind: string, intervalMinutes?: number): Promise<void> {
  if (fresh.length === 0) return;
  const rooms = fresh.filter((s) => s.room);
  const roomIds = new Map<string, string>();
  if (rooms.length > 0) {
    const { rows } = await client.query<{ id: string; building_id: string; name: string }>(
      `WITH wanted AS (SELECT DISTINCT * FROM unnest($1::uuid[], $2::text[]) AS w(building_id, name)),
            ins AS (INSERT INTO room (building_id, name) SELECT building_id, name FROM wanted ON CONFLICT DO NOTHING RETURNING id, building_id, name)
       SELECT id, building_id, name FROM ins
       UNION ALL SELECT r.id, r.building_id, r.name FROM room r JOIN wanted w USING (building_id, name)`,
      [rooms.map((s) => s.buildingId), rooms.map((s) => s.room)],
    );
    for (const r of rows) roomIds.set(`${r.building_id}|${r.name}`, r.id);
  }
  const interval = (s: NewSensor) =>
    intervalMinutes ?? (Number.isFinite(s.minStepMs) ? Math.max(1, Math.min(1440, Math.round(s.minStepMs / 60_000))) : 60);
  await client.query(
    `INSERT INTO sensor (id, organisation_id, building_id, room_id, external_id, kind, interval_minutes)
     SELECT id, $1, building_id, room_id, external_id, $7, interval_minutes
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[]) AS s(id, building_id, room_id, external_id, interval_minutes)`,
    [
      ctx.organisationId,
      fresh.map((s) => s.id),
      fresh.map((s) => s.buildingId),
      fresh.map((s) => (s.room ? (roomIds.get(`${s.buildingId}|${s.room}`) ?? null) : null)),
      fresh.map((s) => s.external),
      fresh.map(interval),
      kind,
    ],
  );
}

