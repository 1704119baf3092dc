import { performance } from 'node:perf_hooks';
import type { ClientBase } from 'pg';
import { refreshRollups } from '@/lib/occupancy/rollups';
import { copyInto, copyLine } from './copy';
import { generateDemoForecast } from './generate-forecast';
import { DEMO_SEED_VERSION, generateDemo, sensorReadingLines, type DemoData, type DemoOptions, type DemoOrganisationData } from './generate-demo';

// Loads the generated demo into PostgreSQL on the client it is given (the main database, or a test schema via
// search_path): small rows with parameterised INSERTs, every bulk table with COPY, all in ONE transaction, so an
// interrupted seed leaves nothing half-done.

export const DEMO_SLUGS = ['demo', 'demo-nabo'] as const;

export interface DemoSummary {
  organisations: number;
  buildings: number;
  properties: number;
  sensors: number;
  readings: number;
  costRecords: number;
  maintenanceItems: number;
  /** Population forecast rows (demo municipality only). */
  forecastRows: number;
  /** Wall time per step, ms. */
  timings: Record<'generate' | 'delete' | 'registry' | 'readings' | 'rollups' | 'total', number>;
}

export interface LoadDemoOptions extends DemoOptions {
  /** Delete and reload even when the same demo version is already there. */
  force?: boolean;
  /** Load readings and their rollups (default true); tests of the registry may skip them. */
  readings?: boolean;
}

/** Loads the demo organisations; returns null (and changes nothing) when this version is already loaded and `force` is not set. */
export async function loadDemo(client: ClientBase, options: LoadDemoOptions = {}): Promise<DemoSummary | null> {
  const t0 = performance.now();
  const { rows } = await client.query<{ slug: string; version: string | null }>(
    "SELECT slug, settings->>'demoSeedVersion' AS version FROM organisation WHERE slug = ANY($1::text[])", [DEMO_SLUGS]);
  if (!options.force && rows.length === DEMO_SLUGS.length && rows.every((r) => r.version === DEMO_SEED_VERSION)) return null;

  const mark = (() => { let last = performance.now(); return () => { const now = performance.now(); const d = Math.round(now - last); last = now; return d; }; })();
  const data = generateDemo(options);
  const timings: DemoSummary['timings'] = { generate: mark(), delete: 0, registry: 0, readings: 0, rollups: 0, total: 0 };
  const summary: DemoSummary = { organisations: 0, buildings: 0, properties: 0, sensors: 0, readings: 0, costRecords: 0, maintenanceItems: 0, forecastRows: 0, timings };

  await client.query('BEGIN');
  try {
    await client.query("SET LOCAL work_mem = '128MB'");
    await client.query('SET LOCAL synchronous_commit = off');
    // Readings have no FK to sensor (partitioned big table): delete them first; everything else cascades.
    await client.query(
      `DELETE FROM occupancy_reading WHERE sensor_id IN
         (SELECT s.id FROM sensor s JOIN organisation o ON o.id = s.organisation_id WHERE o.slug = ANY($1::text[]))`, [DEMO_SLUGS]);
    await client.query('DELETE FROM organisation WHERE slug = ANY($1::text[])', [DEMO_SLUGS]);
    timings.delete = mark();

    for (const org of data.organisations) await loadRegistry(client, org, summary);
    timings.registry = mark();

    if (options.readings !== false) {
      await loadReadings(client, data, summary);
      timings.readings = mark();
      // Hourly, daily and scoring-usage rollups of the demo sensors only (INSERT … SELECT grouped by sensor and hour),
      // one organisation at a time: each one's local days are those of its own time zone.
      const first = new Date(data.hours[0].iso);
      const end = new Date(Date.parse(data.hours[data.hours.length - 1].iso) + 3_600_000);
      for (const o of data.organisations) await refreshRollups(client, o.sensors.map((s) => s.id), first, end);
      timings.rollups = mark();
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  timings.total = Math.round(performance.now() - t0);
  return summary;
}

async function loadRegistry(client: ClientBase, data: DemoOrganisationData, summary: DemoSummary): Promise<void> {
  const { organisation: org, sensors, costs, maintenance } = data;
  const orgId = deterministicOrgId(org.slug);
  await client.query(
    `INSERT INTO organisation (id, slug, name, kommunekode, is_demo, settings, boundary)
     VALUES ($1, $2, $3, $4, true, jsonb_build_object('demoSeedVersion', $5::text), ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($6), 4326)))`,
    [orgId, org.slug, org.name, org.kommunekode, DEMO_SEED_VERSION, JSON.stringify({ type: 'Polygon', coordinates: [org.outline] })],
  );
  const districtIds = new Map(org.districts.map((d, i) => [d.name, `de00d${String(i + 1).padStart(3, '0')}${orgId.slice(8)}`]));
  await copyInto(client, 'district', ['id', 'organisation_id', 'name', 'geom'],
    org.districts.map((d) => copyLine([districtIds.get(d.name), orgId, d.name, geoJsonEwkt(d.geometry)])));

  await copyInto(client, 'property', ['id', 'organisation_id', 'external_id', 'name', 'address', 'district_id'],
    org.properties.map((p) => copyLine([p.id, orgId, p.key, p.name, p.address, districtIds.get(p.districtName)])));
  await copyInto(client, 'building',
    ['id', 'organisation_id', 'property_id', 'district_id', 'registry_id', 'name', 'address', 'use_code', 'category', 'gross_area_m2',
      'footprint_area_m2', 'floors', 'year_built', 'capacity', 'users_total', 'users_by_kind', 'opening_hours', 'tenure', 'annual_lease_dkk',
      'replacement_value_dkk', 'energy_kwh_per_year', 'point', 'footprint'],
    org.buildings.map((b) => copyLine([b.id, orgId, b.propertyId, districtIds.get(b.districtName), b.registryId, b.name, b.address, b.useCode,
      b.category, b.grossAreaM2, b.footprintAreaM2, b.floors, b.yearBuilt, b.capacity, b.usersTotal, b.usersByKind, b.openingHours, b.tenure,
      b.annualLeaseDkk, b.replacementValueDkk, b.energyKwhPerYear, `SRID=4326;POINT(${b.point.lon.toFixed(7)} ${b.point.lat.toFixed(7)})`,
      `SRID=4326;MULTIPOLYGON(((${b.footprint.map(([x, y]) => `${x} ${y}`).join(',')})))`])));

  const roomIds = new Map<string, string>();
  const roomLines: string[] = [];
  for (const s of sensors) {
    if (!s.roomName) continue;
    const key = `${s.buildingId}/${s.roomName}`;
    if (roomIds.has(key)) continue;
    const id = `${s.id.slice(0, 24)}${'0'.repeat(11)}1`; // derived from the sensor's id: deterministic and unique
    roomIds.set(key, id);
    roomLines.push(copyLine([id, s.buildingId, s.roomName, s.roomCapacity, s.roomAreaM2]));
  }
  await copyInto(client, 'room', ['id', 'building_id', 'name', 'capacity', 'area_m2'], roomLines);
  await copyInto(client, 'sensor', ['id', 'organisation_id', 'building_id', 'room_id', 'external_id', 'kind', 'interval_minutes', 'covered_area_m2'],
    sensors.map((s) => copyLine([s.id, orgId, s.buildingId, s.roomName ? roomIds.get(`${s.buildingId}/${s.roomName}`) : null, s.externalId, s.kind, 60, s.coveredAreaM2])));
  await copyInto(client, 'cost_record', ['building_id', 'year', 'type', 'amount_dkk'],
    costs.map((c) => copyLine([c.buildingId, c.year, c.type, c.amountDkk])));
  await copyInto(client, 'maintenance_item', ['building_id', 'component', 'condition_grade', 'cost_dkk', 'due_year', 'done'],
    maintenance.map((m) => copyLine([m.buildingId, m.component, m.grade, m.costDkk, m.dueYear, m.done])));

  // The demo forecast (lib/demo/generate-forecast.ts): one forecast area per district, matched to it.
  if (org.slug === 'demo') {
    const forecast = generateDemoForecast(org);
    const areaIds = new Map(org.districts.map((d, i) => [d.name, `fa00d${String(i + 1).padStart(3, '0')}${orgId.slice(8)}`]));
    await copyInto(client, 'forecast_area', ['id', 'organisation_id', 'name', 'kind', 'district_id'],
      org.districts.map((d) => copyLine([areaIds.get(d.name), orgId, d.name, 'district', districtIds.get(d.name)])));
    await copyInto(client, 'population_forecast', ['area_id', 'variant', 'year', 'age_from', 'age_to', 'persons', 'source'],
      forecast.map((f) => copyLine([areaIds.get(f.area), f.variant, f.year, f.ageFrom, f.ageTo, f.persons, 'import'])));
    summary.forecastRows += forecast.length;
  }

  summary.organisations += 1;
  summary.properties += org.properties.length;
  summary.buildings += org.buildings.length;
  summary.sensors += sensors.length;
  summary.costRecords += costs.length;
  summary.maintenanceItems += maintenance.length;
}

async function loadReadings(client: ClientBase, data: DemoData, summary: DemoSummary): Promise<void> {
  await client.query('SELECT ensure_reading_partitions($1, $2)', [data.hours[0].iso, data.hours[data.hours.length - 1].iso]);
  const sensors = data.organisations.flatMap((o) => o.sensors);
  function* chunks(): Generator<string> {
    for (const s of sensors) {
      for (const chunk of sensorReadingLines(s, data.hours)) {
        summary.readings += chunk.rows;
        yield chunk.text;
      }
    }
  }
  await copyInto(client, 'occupancy_reading', ['sensor_id', 'ts', 'value'], chunks());
}

/** A fixed organisation id per demo slug, so links to the demo survive a reseed. */
function deterministicOrgId(slug: string): string {
  return slug === 'demo' ? 'de000000-0000-4000-8000-000000000657' : 'de000000-0000-4000-8000-000000000756';
}

/** A GeoJSON geometry as EWKT for COPY into a geometry column. */
function geoJsonEwkt(g: { type: 'MultiPolygon'; coordinates: number[][][][] }): string {
  const polys = g.coordinates.map((poly) => `(${poly.map((ring) => `(${ring.map(([x, y]) => `${x} ${y}`).join(',')})`).join(',')})`);
  return `SRID=4326;MULTIPOLYGON(${polys.join(',')})`;
}
