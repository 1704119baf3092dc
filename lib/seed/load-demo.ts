import { performance } from 'node:perf_hooks';
import type { ClientBase } from 'pg';
import { refreshRollups } from '@/lib/occupancy/rollups';
import { demoHours } from './calendar';
import { copyInto, copyLine } from './copy';
import { generateCosts, generateMaintenance } from './costs';
import { generateDemoOrganisation, generateNeighbourOrganisation, type DemoOrganisation } from './portfolio';
import { createRandom, type Random } from './random';
import { generateSensors, readingLines, type DemoSensor } from './readings';

/** Bump when the generated data changes, so `npm run seed` reloads instead of skipping. */
export const DEMO_SEED_VERSION = 2;
const SEED = 20261123;

export interface DemoSummary {
  organisations: number;
  buildings: number;
  sensors: number;
  readings: number;
  costRecords: number;
  maintenanceItems: number;
  ms: number;
  /** Time spent loading readings with COPY and refreshing their rollups, ms. */
  readingsMs: number;
  rollupsMs: number;
}

export interface LoadOptions {
  force?: boolean;
  /** Load readings (default true); tests may skip them for speed. */
  readings?: boolean;
}

/**
 * Loads the demo municipality (org `demo`) and a small neighbour (org `demo-nabo`) with COPY, in ONE
 * transaction: an interrupted seed leaves nothing half-done. Returns null when the same version is
 * already there and `force` is not set.
 */
export async function loadDemo(client: ClientBase, options: LoadOptions = {}): Promise<DemoSummary | null> {
  const t0 = performance.now();
  const existing = await client.query<{ version: string | null }>(
    "SELECT settings->>'demoSeedVersion' AS version FROM organisation WHERE slug = 'demo'",
  );
  if (!options.force && existing.rows[0]?.version === String(DEMO_SEED_VERSION)) return null;

  const rnd = createRandom(SEED);
  const orgs = [generateDemoOrganisation(rnd), generateNeighbourOrganisation(rnd)];
  const hours = demoHours();
  const isoHours = hours.map((h) => h.utc.toISOString());
  const summary: DemoSummary = { organisations: orgs.length, buildings: 0, sensors: 0, readings: 0, costRecords: 0, maintenanceItems: 0, ms: 0, readingsMs: 0, rollupsMs: 0 };

  await client.query('BEGIN');
  try {
    await client.query(
      `DELETE FROM occupancy_reading WHERE sensor_id IN
         (SELECT s.id FROM sensor s JOIN organisation o ON o.id = s.organisation_id WHERE o.slug IN ('demo', 'demo-nabo'))`,
    );
    await client.query("DELETE FROM organisation WHERE slug IN ('demo', 'demo-nabo')");
    await client.query('SELECT ensure_reading_partitions($1, $2)', [hours[0].utc, hours[hours.length - 1].utc]);

    const allSensors: DemoSensor[] = [];
    for (const org of orgs) {
      const sensors = await loadOrganisation(client, rnd, org, hours.length, summary);
      allSensors.push(...sensors);
    }
    if (options.readings !== false) {
      const readingRnd = createRandom(SEED + 1);
      const counter = { n: 0 };
      function* lines() {
        for (const s of allSensors) {
          for (const chunk of readingLines(readingRnd, s, hours, isoHours)) {
            counter.n += chunk.length - chunk.replace(/\n/g, '').length;
            yield chunk;
          }
        }
      }
      const tReadings = performance.now();
      await copyInto(client, 'occupancy_reading', ['sensor_id', 'ts', 'value'], lines());
      summary.readings = counter.n;
      const tRollups = performance.now();
      summary.readingsMs = Math.round(tRollups - tReadings);
      const last = hours[hours.length - 1].utc;
      await refreshRollups(client, allSensors.map((s) => s.id), hours[0].utc, new Date(last.getTime() + 3_600_000));
      summary.rollupsMs = Math.round(performance.now() - tRollups);
    }
    await client.query(
      "UPDATE organisation SET settings = settings || jsonb_build_object('demoSeedVersion', $1::text) WHERE slug IN ('demo', 'demo-nabo')",
      [String(DEMO_SEED_VERSION)],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  summary.ms = Math.round(performance.now() - t0);
  return summary;
}

async function loadOrganisation(client: ClientBase, rnd: Random, org: DemoOrganisation, hourCount: number, summary: DemoSummary): Promise<DemoSensor[]> {
  const orgId = rnd.uuid();
  const ring = org.boundary.map(([x, y]) => `${x} ${y}`).join(',');
  await client.query(
    `INSERT INTO organisation (id, slug, name, kommunekode, is_demo, boundary)
     VALUES ($1, $2, $3, $4, true, ST_Multi(ST_GeomFromText($5, 4326)))`,
    [orgId, org.slug, org.name, org.kommunekode, `POLYGON((${ring}))`],
  );
  const districtIds = new Map<string, string>();
  for (const d of org.districts) {
    const id = rnd.uuid();
    districtIds.set(d.name, id);
    await client.query(
      `INSERT INTO district (id, organisation_id, name, geom)
       SELECT $1, $2, $3, ST_Multi(ST_CollectionExtract(ST_Intersection(ST_MakeEnvelope($4, $5, $6, $7, 4326), o.boundary), 3))
         FROM organisation o WHERE o.id = $2`,
      [id, orgId, d.name, ...d.cell],
    );
  }

  const propertyIds = new Map<string, { id: string; name: string; address: string; district: string }>();
  for (const b of org.buildings) {
    if (!propertyIds.has(b.propertyKey)) propertyIds.set(b.propertyKey, { id: rnd.uuid(), name: b.name, address: b.address, district: b.districtName });
  }
  await copyInto(client, 'property', ['id', 'organisation_id', 'external_id', 'name', 'address', 'district_id'],
    [...propertyIds.entries()].map(([key, p]) => copyLine([p.id, orgId, key, p.name, p.address, districtIds.get(p.district)])));

  await copyInto(client, 'building',
    ['id', 'organisation_id', 'property_id', 'district_id', 'registry_id', 'name', 'address', 'use_code', 'category', 'gross_area_m2',
      'footprint_area_m2', 'floors', 'year_built', 'capacity', 'users_total', 'users_by_kind', 'opening_hours', 'tenure', 'annual_lease_dkk',
      'replacement_value_dkk', 'energy_kwh_per_year', 'point', 'footprint'],
    org.buildings.map((b) => copyLine([b.id, orgId, propertyIds.get(b.propertyKey)!.id, districtIds.get(b.districtName), b.registryId, b.name,
      b.address, b.useCode, b.category, b.grossAreaM2, b.footprintAreaM2, b.floors, b.yearBuilt, b.capacity, b.usersTotal, b.usersByKind,
      b.openingHours, b.tenure, b.annualLeaseDkk, b.replacementValueDkk, b.energyKwhPerYear,
      `SRID=4326;POINT(${b.lon.toFixed(7)} ${b.lat.toFixed(7)})`, `SRID=4326;${b.footprintWkt}`])));
  summary.buildings += org.buildings.length;

  const sensors = generateSensors(rnd, org.buildings, hourCount, org.slug === 'demo' ? 'HRN' : 'IKA');
  const roomIds = new Map<string, string>();
  const roomLines: string[] = [];
  for (const s of sensors) {
    if (!s.roomName) continue;
    const key = `${s.buildingId}/${s.roomName}`;
    if (roomIds.has(key)) continue;
    const id = rnd.uuid();
    roomIds.set(key, id);
    roomLines.push(copyLine([id, s.buildingId, s.roomName, s.roomCapacity, s.roomAreaM2]));
  }
  await copyInto(client, 'room', ['id', 'building_id', 'name', 'capacity', 'area_m2'], roomLines);
  await copyInto(client, 'sensor', ['id', 'organisation_id', 'building_id', 'room_id', 'external_id', 'kind', 'interval_minutes', 'covered_area_m2'],
    sensors.map((s) => copyLine([s.id, orgId, s.buildingId, s.roomName ? roomIds.get(`${s.buildingId}/${s.roomName}`) : null, s.externalId, s.kind, 60, s.coveredAreaM2])));
  summary.sensors += sensors.length;

  const costLines: string[] = [];
  const maintenanceLines: string[] = [];
  for (const b of org.buildings) {
    for (const c of generateCosts(rnd, b)) costLines.push(copyLine([c.buildingId, c.year, c.type, c.amountDkk]));
    for (const m of generateMaintenance(rnd, b)) maintenanceLines.push(copyLine([m.buildingId, m.component, m.grade, m.costDkk, m.dueYear, m.done]));
  }
  await copyInto(client, 'cost_record', ['building_id', 'year', 'type', 'amount_dkk'], costLines);
  await copyInto(client, 'maintenance_item', ['building_id', 'component', 'condition_grade', 'cost_dkk', 'due_year', 'done'], maintenanceLines);
  summary.costRecords += costLines.length;
  summary.maintenanceItems += maintenanceLines.length;
  return sensors;
}
