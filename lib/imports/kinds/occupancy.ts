// Occupancy readings: timestamp, sensor, value (people count, 0/1 presence or occupied fraction), and
// optionally building and room for sensors seen for the first time. Readings are unique per sensor and
// instant: a re-import adds nothing (duplicates), a corrected value updates the reading.
import { randomUUID } from 'node:crypto';
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { loadHourlyAggregates, refreshRollups } from '@/lib/occupancy/rollups';
import { rescoreBuildings } from '@/lib/scoring/compute-scores';
import { makeIssue } from '../issues';
import { BuildingLookup } from '../lookups';
import type { ColumnMapping, FieldSpec, ValueKind } from '../mapping';
import { looksLikeFormula, parseDecimal, parseFraction, parsePresence } from '../numbers';
import { refreshSensorQuality } from '../sensor-quality';
import { decide, parseTimestamp, resolveLocal, type DateOrder, type ParsedTime } from '../timestamps';
import type { KindContext, KindHandler, MergeCounts, RecordView } from './types';

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
}

/** The occupancy kind for one import. `dateOrder` comes from scanning the file (see run-import). */
export function occupancyHandler(dateOrder: DateOrder | undefined): KindHandler & { state: OccupancyState } {
  let sensors = new Map<string, SensorRec>();
  let buildings: BuildingLookup | null = null;
  let valueKind: ValueKind = 'count';
  let mapping: ColumnMapping;
  let ctxRef: KindContext;
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
  // Direct path: hourly aggregates (avg, max, count per sensor-hour) computed while reading — each sensor's
  // readings strictly increase in such a file, so an hour is complete when the sensor's next hour starts — and
  // written to a temp file as COPY text; the rollup then lands them instead of re-aggregating the readings.
  // Written synchronously (64 KB at a time, into the page cache): bounded memory without awaiting in the row loop.
  let hourlyFd: number | null = null;
  let hourlyBuf = '';
  const emitHour = (s: SensorRec) => {
    hourlyBuf += `${s.id}\t${new Date(s.hHour).toISOString()}\t${Math.fround(s.hSum / s.hN)}\t${s.hMax}\t${s.hN}\n`;
    if (hourlyBuf.length >= 1 << 16) {
      writeSync(hourlyFd!, hourlyBuf);
      hourlyBuf = '';
    }
  };

  function rowLine(rec: RecordView): string | null {
    const tsText = rec.get('timestamp');
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
    if (!parsed) return rec.issue('invalid_timestamp', 'timestamp'), null;

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
      const fresh: NewSensor = { id: randomUUID(), external, buildingId: building.id, room: roomText ?? null, lastMs: NaN, minStepMs: Infinity };
      sensor = { id: fresh.id, kind: sensorKind(), buildingId: building.id, prev: NaN, touched: false, fresh, formula: false, allowed: true, hHour: NaN, hSum: 0, hMax: -Infinity, hN: 0 };
      sensors.set(external, sensor);
      state.newSensors.set(external, fresh);
    }

    let ms: number;
    if (parsed.kind === 'instant') ms = parsed.ms;
    else {
      ms = resolveLocal(parsed.wallMs, sensor.prev);
      if (Number.isNaN(ms)) return rec.issue('nonexistent_local_time', 'timestamp'), null;
      if (ms === -Infinity) return rec.issue('ambiguous_local_time', 'timestamp'), null;
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
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
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
      return `${sensor.id}\t${lastIso}\t${value}\n`;
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
        const at = path.join(tmpdir(), `areal-hourly-${randomUUID()}.tsv`);
        hourlyFd = openSync(at, 'w+');
        rmSync(at);
      },
      takeBarrier() {
        if (pendingMonth === null) return null;
        const at = new Date(pendingMonth);
        pendingMonth = null;
        return (client) => ensureReadingPartitions(client, at, at);
      },
    },

    dispose() {
      if (hourlyFd !== null) closeSync(hourlyFd);
      hourlyFd = null;
    },

    async prepare(client, ctx) {
      mapping = ctx.mapping;
      ctxRef = ctx;
      const { rows } = await client.query<{ id: string; external_id: string; kind: string; building_id: string }>(
        'SELECT id, external_id, kind, building_id FROM sensor WHERE organisation_id = $1',
        [ctx.organisationId],
      );
      sensors = new Map(
        rows.map((r) => [
          r.external_id,
          {
            id: r.id, kind: r.kind, buildingId: r.building_id, prev: NaN, touched: false, fresh: null, formula: looksLikeFormula(r.external_id),
            allowed: !ctx.allowedBuildings || ctx.allowedBuildings.has(r.building_id), hHour: NaN, hSum: 0, hMax: -Infinity, hN: 0,
          },
        ]),
      );
      buildings = await BuildingLookup.load(client, ctx.organisationId);
      valueKind = mapping.valueKind ?? guessValueKind(valueColumn(ctx));
    },

    rowLine,

    row(rec: RecordView) {
      const text = rowLine(rec);
      if (text === null) return null;
      const [sensorId, ts, value, line] = text.slice(0, -1).split('\t');
      return [sensorId, ts, Number(value), Number(line)];
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
      await ensureReadingPartitions(client, new Date(state.minMs), new Date(state.maxMs));
      const sensorIds = [...state.touched];
      if (direct) {
        // The rows are already in occupancy_reading (COPYed while the file was read): the COPY met no unique
        // violation, so every row was new — a plain insert of the file, like the file-order path below.
        t('msMerge');
        // Every sensor's instants strictly increased (no hour seen twice per sensor): the hourly aggregates are
        // whole; otherwise the rollup re-aggregates the readings as the staged path does.
        let hourly: (() => Promise<number>) | undefined;
        if (state.increasing && hourlyFd !== null) {
          const fd = hourlyFd;
          for (const s of sensors.values()) if (s.touched && s.hN > 0) emitHour(s);
          writeSync(hourlyFd, hourlyBuf);
          hourlyBuf = '';
          const open = () => createReadStream('', { fd, start: 0, autoClose: false });
          hourly = () => loadHourlyAggregates(client, open, sensorIds, new Date(state.minMs), new Date(state.maxMs + 1));
        }
        return derive(client, ctx, t, ms, directRows, 0, 'file order', 'direct', hourly);
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
    accepted: number, updated: number, mergePath: string, copyPath: string, hourly?: () => Promise<number>,
  ): Promise<MergeCounts> {
    {
      const sensorIds = [...state.touched];
      const from = new Date(state.minMs);
      const to = new Date(state.maxMs + 1);
      const rollups = await refreshRollups(client, sensorIds, from, to, { hourly });
      t('msRollups');
      await refreshSensorQuality(client, sensorIds);
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
          mergePath, copyPath, hourlyFrom: hourly ? 'import' : 'readings', ...ms,
          msRollupHourly: rollups.ms.hourly, msRollupDaily: rollups.ms.daily, msRollupUsage: rollups.ms.usage,
        },
      };
    }
  }
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

