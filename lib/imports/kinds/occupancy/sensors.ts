// The sensors an occupancy import reads into: those stored (loaded once before the rows) and those the file creates,
// kept by external id for the row check and by index for the direct path's binary rows.
import type { PoolClient } from 'pg';
import { SENSOR_CAPACITY_SQL } from '@/lib/scoring/sensor-scope';
import { uuidBytes } from '@/lib/db/copy-binary';
import type { FileQuality } from '../../derive/sensor-quality';
import { looksLikeFormula } from '../../validate/numbers';

export interface NewSensor {
  id: string;
  external: string;
  buildingId: string;
  room: string | null;
  lastMs: number;
  minStepMs: number;
}

/** A sensor as the row loop sees it: known (stored) or created by this import; `prev` is its last instant read. */
export interface SensorRec {
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
}

/** Whose sensors, and which buildings the importing user may import for (null = all). */
export interface SensorScope {
  organisationId: string;
  allowedBuildings: ReadonlySet<string> | null;
}

/** The import's sensors by external id and by index. */
export class SensorIndex {
  readonly byExternal = new Map<string, SensorRec>();
  readonly byIdx: SensorRec[] = [];

  add(external: string, id: string, kind: string, buildingId: string, fresh: NewSensor | null, formula: boolean, allowed: boolean, capacity: number | null | undefined): SensorRec {
    const rec: SensorRec = {
      id, kind, buildingId, prev: NaN, touched: false, fresh, formula, allowed, hHour: NaN, hSum: 0, hMax: -Infinity, hN: 0,
      idx: this.byIdx.length, bytes: null, capacity, q: { n: 0, first: Infinity, last: -Infinity, impossible: 0 },
    };
    this.byIdx.push(rec);
    this.byExternal.set(external, rec);
    return rec;
  }

  /** The sensor's id as the 16 bytes of binary COPY (computed once). */
  bytesOf(s: SensorRec): Buffer {
    return (s.bytes ??= uuidBytes(s.id));
  }

  /** The organisation's stored sensors, with the capacity scoring uses and whether the user may import for each. */
  static async load(client: PoolClient, ctx: SensorScope): Promise<SensorIndex> {
    const { rows } = await client.query<{ id: string; external_id: string; kind: string; building_id: string; capacity: number | null }>(
      `SELECT s.id, s.external_id, s.kind, s.building_id, ${SENSOR_CAPACITY_SQL} AS capacity
         FROM sensor s JOIN building b ON b.id = s.building_id LEFT JOIN room r ON r.id = s.room_id
        WHERE s.organisation_id = $1`,
      [ctx.organisationId],
    );
    const index = new SensorIndex();
    for (const r of rows) {
      index.add(r.external_id, r.id, r.kind, r.building_id, null, looksLikeFormula(r.external_id), !ctx.allowedBuildings || ctx.allowedBuildings.has(r.building_id), r.capacity);
    }
    return index;
  }
}

/** Creates the sensors (and rooms) the file introduced, in the import's transaction. */
export async function createSensors(client: PoolClient, ctx: Pick<SensorScope, 'organisationId'>, fresh: NewSensor[], kind: string, intervalMinutes?: number): Promise<void> {
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
