// Writes a generated portfolio straight into a database with COPY: organisation, districts, buildings
// (point + footprint), sensors, costs, maintenance, readings (monthly partitions created first, loaded in
// primary-key order per month) and the hourly/daily rollups. Bounded memory at any size.
import type { ClientBase } from 'pg';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { refreshUsage } from '@/lib/occupancy/rollups';
import { computeScores } from '@/lib/scoring/compute-scores';
import { copyInto, copyText } from './copy';
import { clusterCount, footprintEwkt, generateBuildings, generateSensors, readingValue, type GeneratedSensor } from './portfolio';
import { createRandom, seedFor, uuidFrom } from './random';
import { buildSteps, type Steps } from './time';

export interface PortfolioOptions {
  /** Organisation slug; an existing organisation with this slug is replaced. */
  org: string;
  buildings: number;
  /** Target number of raw readings (rounded up to whole time steps per sensor; gaps make it a little less). */
  readings: number;
  /** Share of buildings with a sensor (0..1). */
  sensorShare?: number;
  intervalMinutes?: number;
  /** Readings end at this instant (exclusive). */
  end?: Date;
  /** Default: derived from the slug, so organisations never share ids. */
  seed?: number;
  /** Share of sensor-days missing (offline sensors). */
  gapRate?: number;
  rollups?: boolean;
  /** Build the scoring rollup (occupancy_daily_usage) and score every building, as after real imports. */
  scores?: boolean;
  log?: (msg: string) => void;
}

export interface PortfolioStats {
  organisationId: string;
  buildings: number;
  sensors: number;
  readings: number;
  from: string;
  to: string;
  intervalMinutes: number;
  seconds: { buildings: number; readings: number; rollups: number; total: number };
  readingsPerSecond: number;
}

const COST_TYPES: [string, number][] = [
  ['cleaning', 180], ['energy', 150], ['maintenance', 120], ['caretaking', 60], ['other', 30],
];
const COMPONENTS = ['tag', 'vinduer', 'ventilation', 'varmeanlæg', 'facade', 'el-installationer'];

/** Deletes an organisation and its readings (readings have no FK, so they go first). */
export async function deleteOrganisation(client: ClientBase, slug: string): Promise<void> {
  const { rows } = await client.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [slug]);
  if (!rows.length) return;
  const orgId = rows[0].id;
  const others = await client.query<{ n: string }>('SELECT count(*) AS n FROM sensor WHERE organisation_id <> $1', [orgId]);
  if (others.rows[0].n === '0') await client.query('TRUNCATE occupancy_reading');
  else await client.query('DELETE FROM occupancy_reading WHERE sensor_id IN (SELECT id FROM sensor WHERE organisation_id = $1)', [orgId]);
  await client.query('DELETE FROM organisation WHERE id = $1', [orgId]);
}

/** Generates the portfolio into the database behind `client` (its search_path decides the schema). */
export async function generatePortfolio(client: ClientBase, opts: PortfolioOptions): Promise<PortfolioStats> {
  const log = opts.log ?? (() => undefined);
  const seed = opts.seed ?? seedFor(opts.org);
  const sensorShare = opts.sensorShare ?? 0.5;
  const intervalMinutes = opts.intervalMinutes ?? 60;
  const end = opts.end ?? new Date('2026-11-01T00:00:00Z');
  const gapRate = opts.gapRate ?? 0.01;
  const t0 = performance.now();

  await deleteOrganisation(client, opts.org);
  const org = await client.query<{ id: string }>(
    `INSERT INTO organisation (slug, name, kommunekode, settings) VALUES ($1, $2, NULL, '{}') RETURNING id`,
    [opts.org, `Bench ${opts.buildings.toLocaleString('da-DK')} bygninger`],
  );
  const orgId = org.rows[0].id;
  const rand = createRandom(seed ^ 0xd157);
  const districtIds = Array.from({ length: clusterCount(opts.buildings) }, () => uuidFrom(rand));
  for (const [i, id] of districtIds.entries()) {
    await client.query('INSERT INTO district (id, organisation_id, name) VALUES ($1, $2, $3)', [id, orgId, `Distrikt ${i + 1}`]);
  }

  // Buildings, costs and maintenance in one pass (three COPY streams cannot share one connection, so
  // buildings go first and the small per-building tables follow from a second pass of the same seed).
  const buildingIds: string[] = [];
  const w = copyInto(client, 'building', [
    'id', 'organisation_id', 'district_id', 'registry_id', 'name', 'address', 'use_code', 'category', 'gross_area_m2',
    'footprint_area_m2', 'floors', 'year_built', 'capacity', 'users_total', 'users_by_kind', 'opening_hours', 'tenure',
    'annual_lease_dkk', 'replacement_value_dkk', 'energy_kwh_per_year', 'point', 'footprint',
  ]);
  for (const b of generateBuildings(opts.buildings, seed)) {
    buildingIds.push(b.id);
    const hours = { days: b.weekend ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5], open: b.open, close: b.close };
    await w.line(
      [
        b.id, orgId, districtIds[b.district], b.registryId, copyText(b.name), copyText(b.address), b.useCode, b.category,
        b.grossAreaM2, b.footprintAreaM2, b.floors, b.yearBuilt, b.capacity, b.usersTotal,
        JSON.stringify({ [b.usersKind]: b.usersTotal }), JSON.stringify(hours), b.tenure, copyText(b.annualLeaseDkk),
        b.replacementValueDkk, b.energyKwhPerYear, `SRID=4326;POINT(${b.lon.toFixed(7)} ${b.lat.toFixed(7)})`, footprintEwkt(b),
      ].join('\t'),
    );
  }
  await w.end();

  const costs = copyInto(client, 'cost_record', ['building_id', 'year', 'type', 'amount_dkk']);
  const crand = createRandom(seed ^ 0xc057);
  for (const b of generateBuildings(opts.buildings, seed)) {
    for (const year of [2024, 2025]) {
      for (const [type, perM2] of COST_TYPES) {
        await costs.line(`${b.id}\t${year}\t${type}\t${Math.round(b.grossAreaM2 * perM2 * (0.6 + crand() * 0.8))}`);
      }
      if (b.annualLeaseDkk) await costs.line(`${b.id}\t${year}\trent\t${b.annualLeaseDkk}`);
    }
  }
  await costs.end();
  const maint = copyInto(client, 'maintenance_item', ['building_id', 'component', 'condition_grade', 'cost_dkk', 'due_year']);
  for (const b of generateBuildings(opts.buildings, seed)) {
    for (const [k, component] of COMPONENTS.entries()) {
      if (crand() < 0.5) continue;
      const grade = 1 + Math.floor(crand() * 4);
      await maint.line(`${b.id}\t${component}\t${grade}\t${Math.round(b.grossAreaM2 * (50 + crand() * 400))}\t${2022 + ((k + grade) % 8)}`);
    }
  }
  await maint.end();

  const sensors = [...generateSensors(generateBuildings(opts.buildings, seed), sensorShare, seed)];
  const sw = copyInto(client, 'sensor', ['id', 'organisation_id', 'building_id', 'external_id', 'kind', 'interval_minutes']);
  for (const s of sensors) await sw.line(`${s.id}\t${orgId}\t${buildingIds[s.buildingIndex]}\t${s.externalId}\t${s.kind}\t${intervalMinutes}`);
  await sw.end();
  const tBuildings = performance.now();
  log(`buildings ${opts.buildings}, sensors ${sensors.length} in ${((tBuildings - t0) / 1000).toFixed(1)} s`);

  let readings = 0;
  let from = end;
  if (sensors.length && opts.readings > 0) {
    const stepCount = Math.ceil(opts.readings / sensors.length);
    from = new Date(end.getTime() - stepCount * intervalMinutes * 60_000);
    const steps = buildSteps(from, stepCount, intervalMinutes);
    await ensureReadingPartitions(client, from, new Date(end.getTime() - 1));
    readings = await copyReadings(client, sensors, steps, gapRate, log);
  }
  const tReadings = performance.now();
  log(`readings ${readings} in ${((tReadings - tBuildings) / 1000).toFixed(1)} s`);

  if (opts.rollups !== false && readings > 0) {
    await client.query(
      `INSERT INTO occupancy_hourly (sensor_id, hour, avg_value, max_value, n_readings)
       SELECT r.sensor_id, date_trunc('hour', r.ts, 'UTC'), avg(r.value), max(r.value), count(*)
         FROM occupancy_reading r JOIN sensor s ON s.id = r.sensor_id
        WHERE s.organisation_id = $1 AND r.ts >= $2 AND r.ts < $3
        GROUP BY 1, 2
        ORDER BY date_trunc('day', date_trunc('hour', r.ts, 'UTC'), 'UTC'), 1, 2`,
      [orgId, from, end],
    );
    await client.query(
      `INSERT INTO occupancy_daily (sensor_id, day, avg_value, max_value, n_readings, hours_with_data)
       SELECT h.sensor_id, (h.hour AT TIME ZONE 'Europe/Copenhagen')::date,
              sum(h.avg_value * h.n_readings) / sum(h.n_readings), max(h.max_value), sum(h.n_readings), count(*)
         FROM occupancy_hourly h JOIN sensor s ON s.id = h.sensor_id
        WHERE s.organisation_id = $1
        GROUP BY 1, 2`,
      [orgId],
    );
  }
  if (opts.rollups !== false && opts.scores !== false && readings > 0) {
    // The scoring usage rollup and stored scores, through the scoring area's own functions, so the score
    // list and building panel routes have something to serve (lib/occupancy/rollups.ts, lib/scoring).
    const ids = sensors.map((s) => s.id);
    const day = (d: Date) => new Date(d.getTime() + 3_600_000).toISOString().slice(0, 10);
    for (let i = 0; i < ids.length; i += 500) await refreshUsage(client, ids.slice(i, i + 500), day(from), day(new Date(end.getTime() - 1)));
    const scored = await computeScores(client, orgId, { asOf: end });
    log(`scored ${scored.buildings} buildings (${scored.withUtilisation} with utilisation) in ${(scored.timingsMs.total / 1000).toFixed(1)} s`);
  }
  // VACUUM sets hint bits and the visibility map now, so the first benchmark query does not pay for it.
  for (const t of ['building', 'sensor', 'occupancy_reading', 'occupancy_hourly', 'occupancy_daily', 'occupancy_daily_usage', 'building_score']) await client.query(`VACUUM (ANALYZE) ${t}`);
  const tEnd = performance.now();
  log(`rollups + analyze in ${((tEnd - tReadings) / 1000).toFixed(1)} s`);
  return {
    organisationId: orgId,
    buildings: opts.buildings,
    sensors: sensors.length,
    readings,
    from: from.toISOString(),
    to: end.toISOString(),
    intervalMinutes,
    seconds: {
      buildings: (tBuildings - t0) / 1000,
      readings: (tReadings - tBuildings) / 1000,
      rollups: (tEnd - tReadings) / 1000,
      total: (tEnd - t0) / 1000,
    },
    readingsPerSecond: readings / ((tReadings - tBuildings) / 1000 || 1),
  };
}

// One COPY per UTC month; inside it day by day, and within a day sensor by sensor in time order. That is
// how daily uploads arrive: the primary key (sensor_id, ts) gets short in-order runs per sensor, and ts
// stays correlated with the physical row order at day granularity, so the BRIN index on ts is useful.
async function copyReadings(client: ClientBase, sensors: GeneratedSensor[], steps: Steps, gapRate: number, log: (m: string) => void): Promise<number> {
  let total = 0;
  let monthStartStep = 0;
  while (monthStartStep < steps.count) {
    const month = steps.isoUtc[monthStartStep].slice(0, 7);
    let monthEndStep = monthStartStep;
    while (monthEndStep < steps.count && steps.isoUtc[monthEndStep].startsWith(month)) monthEndStep++;
    const w = copyInto(client, 'occupancy_reading', ['sensor_id', 'ts', 'value']);
    for (let dayStart = monthStartStep; dayStart < monthEndStep; ) {
      let dayEnd = dayStart;
      while (dayEnd < monthEndStep && steps.dayIndex[dayEnd] === steps.dayIndex[dayStart]) dayEnd++;
      for (let si = 0; si < sensors.length; si++) {
        const prefix = `${sensors[si].id}\t`;
        for (let i = dayStart; i < dayEnd; i++) {
          const v = readingValue(sensors[si], si, steps, i, gapRate);
          if (v === null) continue;
          if (w.push(`${prefix}${steps.isoUtc[i]}\t${v}`)) await w.flush();
        }
      }
      dayStart = dayEnd;
    }
    await w.end();
    total += w.rows;
    log(`  ${month}: ${w.rows} readings`);
    monthStartStep = monthEndStep;
  }
  return total;
}
