// The merge of staged occupancy readings into occupancy_reading (the stage path; the direct path's rows are
// already in). Readings are unique per sensor and instant: a repeat adds nothing, a corrected value updates.
import type { PoolClient } from 'pg';

export interface StagedReadings {
  sensorIds: string[];
  minMs: number;
  maxMs: number;
  /** Every sensor's instants strictly increase in file order (so the file holds no key twice). */
  increasing: boolean;
}

export interface MergedReadings {
  /** Rows inserted or updated. */
  accepted: number;
  updated: number;
  mergePath: 'upsert' | 'file order' | 'sorted, deduplicated';
}

/** Merges the temp table `stage (sensor_id, ts, value, line)`: the later row of a repeated key wins. */
export async function mergeStagedReadings(client: PoolClient, { sensorIds, minMs, maxMs, increasing }: StagedReadings): Promise<MergedReadings> {
  const latest = 'SELECT DISTINCT ON (sensor_id, ts) sensor_id, ts, value FROM stage ORDER BY sensor_id, ts, line DESC';
  // Readings already stored for these sensors in this time range? Only then count what the upsert updates
  // (partitioned tables offer no xmax in RETURNING to tell inserts from updates).
  const range = [sensorIds, new Date(minMs), new Date(maxMs)];
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
      : increasing
        ? 'INSERT INTO occupancy_reading (sensor_id, ts, value) SELECT sensor_id, ts, value FROM stage'
        : `INSERT INTO occupancy_reading (sensor_id, ts, value) ${latest}`,
  );
  return { accepted: upsert.rowCount ?? 0, updated, mergePath: overlap[0].any ? 'upsert' : increasing ? 'file order' : 'sorted, deduplicated' };
}
