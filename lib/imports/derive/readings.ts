// Stage 6 of the import pipeline — derive: after new readings are merged, the figures made from them — the hourly,
// daily and usage rollups and each sensor's data quality — for exactly the sensors and time range the file
// touched, in the import's transaction. When the write stage computed the hourly aggregates itself (direct path,
// every sensor's instants increasing), they are landed as they are and the whole days are derived from them in
// Node while the server takes the hours (instead of re-aggregating the readings in SQL).
import type { PoolClient } from 'pg';
import { computeInteriorDays, type WholeDays } from '@/lib/occupancy/derive-days';
import { daysTouched, loadHourlyAggregates, loadUsageConfig, refreshRollups } from '@/lib/occupancy/rollups';
import type { HourlyFile } from '../write/direct-readings';
import { refreshSensorQuality, type FileQuality } from './sensor-quality';

/** What a merge of readings touched, as the derive stage needs it. */
export interface TouchedReadings {
  sensorIds: string[];
  /** First reading (ms) and last reading + 1 ms of the file. */
  fromMs: number;
  toMs: number;
  /**
   * Direct path only: the file's complete hourly aggregates and its per-sensor counts (for the incremental quality
   * refresh) — valid when the merge added readings only, which the direct COPY guarantees.
   */
  fromFile?: { hourly: HourlyFile; quality: ReadonlyMap<string, FileQuality & { capacity: number | null | undefined }> };
}

export interface DerivedReadings {
  /** Buildings whose rollups changed: the re-score stage's input. */
  buildingIds: string[];
  hourlyRows: number;
  /** How it went, for the job summary (timings in ms). */
  extra: Record<string, number | string>;
}

/** Refreshes rollups and sensor quality for what the file touched, local days in the organisation's `zone`. */
export async function deriveReadings(client: PoolClient, touched: TouchedReadings, zone: string): Promise<DerivedReadings> {
  const { sensorIds } = touched;
  const from = new Date(touched.fromMs);
  const to = new Date(touched.toMs);
  const ms: Record<string, number> = {};
  let mark = performance.now();
  const t = (phase: string) => {
    const now = performance.now();
    ms[phase] = Math.round(now - mark);
    mark = now;
  };
  // The rollup tables have no foreign key to sensor (migration 20261123810000): lock the sensors once, as the
  // FK's per-row check did, so none is deleted while its rollups are written.
  await client.query('SELECT 1 FROM sensor WHERE id = ANY($1::uuid[]) FOR KEY SHARE', [sensorIds]);
  const sources = touched.fromFile ? hourlyFromFile(client, touched, touched.fromFile.hourly, zone, ms) : null;
  try {
    const rollups = await refreshRollups(client, sensorIds, from, to, { zone, hourly: sources?.hourly, interiorDays: sources?.interiorDays });
    t('msRollups');
    // Every row was new and, when `fresh`, no stored hourly row changed (a stuck run can end when a stored partial
    // hour gets more readings): quality can add the file's counts to the stored ones.
    const file = sources?.fresh() ? touched.fromFile!.quality : undefined;
    const quality = await refreshSensorQuality(client, sensorIds, file ? { file, from, to } : undefined);
    t('msQuality');
    return {
      buildingIds: rollups.buildingIds,
      hourlyRows: rollups.hourlyRows,
      extra: {
        hourlyRows: rollups.hourlyRows, buildings: rollups.buildingIds.length, hourlyFrom: sources ? 'import' : 'readings',
        qualityIncremental: quality.incremental, ...ms,
        msRollupHourly: rollups.ms.hourly, msRollupDaily: rollups.ms.daily, msRollupUsage: rollups.ms.usage,
      },
    };
  } finally {
    sources?.discard();
  }
}

/** The rollup's hourly and whole-day sources from the import's hourly file. */
function hourlyFromFile(client: PoolClient, touched: TouchedReadings, file: HourlyFile, zone: string, ms: Record<string, number>) {
  const { sensorIds } = touched;
  let fresh = false;
  let wholeDays: WholeDays | null = null;
  return {
    fresh: () => fresh,
    discard: () => {
      wholeDays?.discard();
      wholeDays = null;
    },
    // Whole days from the file's hours only when no hourly row of these sensors was stored in the range. They are
    // derived in Node while the server takes the same file into occupancy_hourly, then landed if `fresh`.
    hourly: async () => {
      const { firstDay, lastDay } = daysTouched(new Date(touched.fromMs), new Date(touched.toMs), zone);
      const computing = firstDay < lastDay
        ? loadUsageConfig(client, sensorIds).then((cfg) => computeInteriorDays(cfg, file.open, firstDay, lastDay, zone))
        : null;
      computing?.catch(() => undefined);
      try {
        const loaded = await loadHourlyAggregates(client, file.open, sensorIds, new Date(touched.fromMs), new Date(touched.toMs));
        fresh = loaded.fresh;
        return loaded.rows;
      } finally {
        wholeDays = computing && (await computing);
      }
    },
    interiorDays: async (firstDay: string, lastDay: string) => {
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
    },
  };
}
