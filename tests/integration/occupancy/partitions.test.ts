// Monthly partitions created ahead, rows rescued from the default partition, and retention that drops raw
// months while the hourly and daily rollups stay — against a real PostGIS schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolClient } from 'pg';
import {
  dropExpiredReadingPartitions,
  ensurePartitionsAhead,
  ensureReadingPartitions,
  listReadingPartitions,
} from '@/lib/occupancy/partitions';
import { createPrisma } from '@/lib/db/prisma';
import { env } from '@/lib/config/env';
import { createTestDb, type TestDb } from '../../helpers/test-db';

describe('occupancy_reading partitions', () => {
  let db: TestDb;
  let client: PoolClient;
  let sensorId: string;

  beforeAll(async () => {
    db = await createTestDb();
    client = await db.pool.connect();
    const org = await client.query<{ id: string }>(`INSERT INTO organisation (slug, name) VALUES ('p', 'Partition Kommune') RETURNING id`);
    const b = await client.query<{ id: string }>(
      `INSERT INTO building (organisation_id, registry_id, name) VALUES ($1, 'b1', 'Rådhuset') RETURNING id`,
      [org.rows[0].id],
    );
    const s = await client.query<{ id: string }>(
      `INSERT INTO sensor (organisation_id, building_id, external_id, kind, interval_minutes) VALUES ($1, $2, 'S1', 'count', 15) RETURNING id`,
      [org.rows[0].id, b.rows[0].id],
    );
    sensorId = s.rows[0].id;
  });
  afterAll(async () => {
    client?.release();
    await db?.drop();
  });

  it('creates the current month and three ahead, and is idempotent', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(await ensurePartitionsAhead(client, now)).toBe(4);
    expect(await ensurePartitionsAhead(client, now)).toBe(0);
    expect(await listReadingPartitions(client)).toEqual([
      'occupancy_reading_2026_11',
      'occupancy_reading_2026_12',
      'occupancy_reading_2027_01',
      'occupancy_reading_2027_02',
    ]);
  });

  it('moves readings that landed in the default partition into their new month', async () => {
    await client.query(`INSERT INTO occupancy_reading (sensor_id, ts, value) VALUES ($1, '2026-06-10T08:00:00Z', 7), ($1, '2026-06-10T08:15:00Z', 9)`, [
      sensorId,
    ]);
    const before = await client.query(`SELECT count(*)::int AS n FROM occupancy_reading_default`);
    expect(before.rows[0].n).toBe(2);

    expect(await ensureReadingPartitions(client, new Date('2026-06-10T00:00:00Z'), new Date('2026-06-10T00:00:00Z'))).toBe(1);

    const inDefault = await client.query(`SELECT count(*)::int AS n FROM occupancy_reading_default`);
    const inJune = await client.query(`SELECT count(*)::int AS n, sum(value)::int AS total FROM occupancy_reading_2026_06`);
    expect(inDefault.rows[0].n).toBe(0);
    expect(inJune.rows[0]).toEqual({ n: 2, total: 16 });
  });

  it('works inside an open transaction (as the import merge calls it) and rolls back with it', async () => {
    await client.query('BEGIN');
    await ensureReadingPartitions(client, new Date('2025-01-15T00:00:00Z'), new Date('2025-02-15T00:00:00Z'));
    expect(await listReadingPartitions(client)).toContain('occupancy_reading_2025_02');
    await client.query('ROLLBACK');
    expect(await listReadingPartitions(client)).not.toContain('occupancy_reading_2025_01');
  });

  it('drops raw months older than the retention while their hourly and daily rollups stay', async () => {
    await ensureReadingPartitions(client, new Date('2024-01-01T00:00:00Z'), new Date('2024-02-01T00:00:00Z'));
    // Two readings in one hour on 15 January 2024 (Copenhagen 09:00–10:00), one on 1 February.
    await client.query(
      `INSERT INTO occupancy_reading (sensor_id, ts, value) VALUES
         ($1, '2024-01-15T08:00:00Z', 10), ($1, '2024-01-15T08:30:00Z', 20), ($1, '2024-02-01T12:00:00Z', 5)`,
      [sensorId],
    );
    const now = new Date('2026-11-23T10:00:00Z');

    const dry = await dropExpiredReadingPartitions(client, { now, retentionMonths: 24, dryRun: true });
    expect(dry.dropped).toEqual(['occupancy_reading_2024_01', 'occupancy_reading_2024_02']);
    expect(await listReadingPartitions(client)).toContain('occupancy_reading_2024_01');

    const result = await dropExpiredReadingPartitions(client, { now, retentionMonths: 24 });
    expect(result.dropped).toEqual(['occupancy_reading_2024_01', 'occupancy_reading_2024_02']);
    expect(result.hourlyRowsRefreshed).toBe(2);
    const left = await listReadingPartitions(client);
    expect(left).not.toContain('occupancy_reading_2024_01');
    expect(left).toContain('occupancy_reading_2026_06'); // within 24 months: kept

    const raw = await client.query(`SELECT count(*)::int AS n FROM occupancy_reading WHERE ts < '2024-03-01'`);
    expect(raw.rows[0].n).toBe(0);
    const hourly = await client.query(
      `SELECT avg_value, max_value, n_readings FROM occupancy_hourly WHERE sensor_id = $1 AND hour = '2024-01-15T08:00:00Z'`,
      [sensorId],
    );
    expect(hourly.rows[0]).toEqual({ avg_value: 15, max_value: 20, n_readings: 2 });
    const daily = await client.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, avg_value, max_value, n_readings, hours_with_data
         FROM occupancy_daily WHERE sensor_id = $1 ORDER BY day`,
      [sensorId],
    );
    expect(daily.rows).toEqual([
      { day: '2024-01-15', avg_value: 15, max_value: 20, n_readings: 2, hours_with_data: 1 },
      { day: '2024-02-01', avg_value: 5, max_value: 5, n_readings: 1, hours_with_data: 1 },
    ]);
  });

  it('round-trips the OccupancyDaily Prisma model against the SQL table', async () => {
    const prisma = createPrisma(env().DATABASE_URL, db.schema);
    try {
      await prisma.occupancyDaily.create({
        data: { sensorId, day: new Date('2026-11-20'), avgValue: 3.5, maxValue: 9, nReadings: 40, hoursWithData: 10 },
      });
      const back = await prisma.occupancyDaily.findUniqueOrThrow({ where: { sensorId_day: { sensorId, day: new Date('2026-11-20') } } });
      expect(back).toMatchObject({ avgValue: 3.5, maxValue: 9, nReadings: 40, hoursWithData: 10 });
    } finally {
      await prisma.$disconnect();
    }
  });
});
