// The readings table at scale: occupancy_reading is range-partitioned by UTC month. Partitions are created
// ahead (at import time and by `scripts/db/maintain.ts`), and raw months older than a retention are dropped
// whole — after their hourly and daily rollups are refreshed, so the rollups stay.
import type { ClientBase } from 'pg';
import { partitionMonthRange } from './readings-window';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';

/** A UTC calendar month; month is 1–12. */
export interface Month {
  year: number;
  month: number;
}

const NAME_RE = /^occupancy_reading_(\d{4})_(\d{2})$/;

/** The UTC month containing an instant. */
export function monthOf(ts: Date): Month {
  return { year: ts.getUTCFullYear(), month: ts.getUTCMonth() + 1 };
}

/** The month `n` months after `m` (n may be negative). */
export function addMonths(m: Month, n: number): Month {
  const index = m.year * 12 + (m.month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** First instant (UTC midnight of day 1) of a month. */
export function monthStart(m: Month): Date {
  return new Date(Date.UTC(m.year, m.month - 1, 1));
}

/** The partition table name for a month, as ensure_reading_partitions() names it: occupancy_reading_YYYY_MM. */
export function partitionName(m: Month): string {
  return `occupancy_reading_${m.year}_${String(m.month).padStart(2, '0')}`;
}

/** The month of a monthly partition name, or null for any other table (e.g. the default partition). */
export function parsePartitionName(name: string): Month | null {
  const match = NAME_RE.exec(name);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { year: Number(match[1]), month };
}

/** Every month from the one containing `from` to the one containing `to`, inclusive; empty when to < from. */
export function monthsCovering(from: Date, to: Date): Month[] {
  const out: Month[] = [];
  const last = monthOf(to);
  for (let m = monthOf(from); m.year * 12 + m.month <= last.year * 12 + last.month; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The first month whose raw readings are kept: with `retentionMonths` = 24 on 15 March 2027, months
 * before March 2025 are expired. The current month always counts as kept (retentionMonths ≥ 1).
 */
export function retentionCutoff(now: Date, retentionMonths: number): Month {
  if (!Number.isInteger(retentionMonths) || retentionMonths < 1) {
    throw new RangeError(`retentionMonths must be a whole number ≥ 1, got ${retentionMonths}`);
  }
  return addMonths(monthOf(now), -retentionMonths);
}

/** Which of the given partition names hold only months before the retention cutoff (oldest first). */
export function expiredPartitions(names: readonly string[], now: Date, retentionMonths: number): string[] {
  const cutoff = retentionCutoff(now, retentionMonths);
  const key = (m: Month) => m.year * 12 + m.month;
  return names
    .map((name) => ({ name, month: parsePartitionName(name) }))
    .filter((p): p is { name: string; month: Month } => p.month !== null && key(p.month) < key(cutoff))
    .sort((a, b) => key(a.month) - key(b.month))
    .map((p) => p.name);
}

// ---- database edge -------------------------------------------------------------------------------------

/** A partition was asked for a month outside the readings window; nothing was created. */
export class PartitionOutsideWindow extends RangeError {}

/**
 * Creates the monthly partitions covering [from, to] (idempotent); returns how many were new.
 * Call before loading readings — the import pipeline calls it with the file's first and last timestamp.
 * Rows already sitting in the default partition for those months are moved into the new partition.
 * Safe inside the caller's transaction.
 */
export async function ensureReadingPartitions(client: ClientBase, from: Date, to: Date, nowMs = Date.now()): Promise<number> {
  if (to < from) return 0;
  // Second line of defence behind the import's readings window (lib/occupancy/readings-window.ts): each partition
  // is a table, so months outside January 2000 … a year ahead are refused here whoever asks, before any is created.
  const { first, last } = partitionMonthRange(nowMs);
  const index = (m: Month) => m.year * 12 + m.month - 1;
  if (!(index(monthOf(from)) >= first && index(monthOf(to)) <= last)) {
    throw new PartitionOutsideWindow(`reading partitions for ${from.toISOString()} … ${to.toISOString()} lie outside the readings window`);
  }
  const existing = new Set(await listReadingPartitions(client));
  let created = 0;
  for (const m of monthsCovering(from, to)) {
    if (existing.has(partitionName(m))) continue;
    created += await createPartitionMovingDefaultRows(client, m);
  }
  return created;
}

// create_reading_partition() (SQL, migration 20261123600000) moves rows that landed in the default
// partition for that month, which would otherwise block CREATE ... PARTITION OF; it is one statement, so
// atomic inside or outside the caller's transaction.
async function createPartitionMovingDefaultRows(client: ClientBase, m: Month): Promise<number> {
  const { rows } = await client.query<{ created: number }>('SELECT create_reading_partition($1) AS created', [monthStart(m)]);
  return rows[0].created;
}

/** Creates partitions from `behindMonths` before `now` to `aheadMonths` after it; returns how many were new. */
export async function ensurePartitionsAhead(
  client: ClientBase,
  now: Date,
  { aheadMonths = 3, behindMonths = 0 }: { aheadMonths?: number; behindMonths?: number } = {},
): Promise<number> {
  const m = monthOf(now);
  return ensureReadingPartitions(client, monthStart(addMonths(m, -behindMonths)), monthStart(addMonths(m, aheadMonths)), now.getTime());
}

/** Names of the monthly partitions of occupancy_reading in the current schema, oldest first. */
export async function listReadingPartitions(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'occupancy_reading'::regclass
      ORDER BY c.relname`,
  );
  return rows.map((r) => r.name).filter((n) => parsePartitionName(n) !== null);
}

export interface RetentionResult {
  /** Partitions dropped (or, on a dry run, that would be). */
  dropped: string[];
  /** Hourly rollup rows refreshed from the dropped months before they went. */
  hourlyRowsRefreshed: number;
}

/**
 * Drops the raw-reading partitions of months older than `retentionMonths` (counted from `now`). Each
 * month's hourly and daily rollups are rebuilt from its raw rows first, in the same transaction as the
 * drop, so the rollups stay complete. `dryRun` only reports what would go.
 */
export async function dropExpiredReadingPartitions(
  client: ClientBase,
  { now, retentionMonths, dryRun = false }: { now: Date; retentionMonths: number; dryRun?: boolean },
): Promise<RetentionResult> {
  const expired = expiredPartitions(await listReadingPartitions(client), now, retentionMonths);
  if (dryRun) return { dropped: expired, hourlyRowsRefreshed: 0 };
  let hourlyRowsRefreshed = 0;
  for (const name of expired) {
    const m = parsePartitionName(name)!;
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<{ n: string }>('SELECT refresh_occupancy_rollups($1, $2, $3) AS n', [
        monthStart(m),
        monthStart(addMonths(m, 1)),
        DEFAULT_TIME_ZONE, // for organisations whose settings name no zone; the others' days are their own
      ]);
      hourlyRowsRefreshed += Number(rows[0].n);
      // The name comes from pg_inherits and matched NAME_RE, so quoting it as an identifier is safe.
      await client.query(`DROP TABLE "${name}"`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
  return { dropped: expired, hourlyRowsRefreshed };
}
