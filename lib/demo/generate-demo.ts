import { demoHours, type DemoHour } from './calendar';
import { generateCosts, generateMaintenance, type CostRow, type MaintenanceRow } from './generate-costs';
import { generateDemoOrganisation, generateNeighbourOrganisation, type DemoOrganisation } from './generate-portfolio';
import { generateSensors, readingLines, readingValue, type DemoSensor } from './generate-readings';
import { createRandom } from './random';

// The whole demo data set as plain data, from one seed: organisations, sensors, costs, maintenance plans.
// Readings are not held in memory: they are streamed per sensor from a random source of their own,
// so one sensor's readings can be regenerated without the rest.

/** Bump when the generated data changes, so `npm run seed` reloads instead of skipping. */
export const DEMO_SEED_VERSION = '3';
export const DEMO_SEED = 20_251_101;

export interface DemoOptions {
  /** 1 = the full demo (~330 buildings, ~130 sensors); tests may use ~0.1. */
  scale?: number;
}

export interface DemoOrganisationData {
  organisation: DemoOrganisation;
  sensors: DemoSensor[];
  costs: CostRow[];
  maintenance: MaintenanceRow[];
}

export interface DemoData {
  hours: DemoHour[];
  organisations: DemoOrganisationData[];
}

/** Generates the demo municipality (`demo`) and its small neighbour (`demo-nabo`), deterministically. */
export function generateDemo(options: DemoOptions = {}): DemoData {
  const scale = options.scale ?? 1;
  const hours = demoHours();
  const rnd = createRandom(DEMO_SEED);
  const orgs = [generateDemoOrganisation(rnd, { scale }), generateNeighbourOrganisation(rnd)];
  const organisations = orgs.map((organisation) => {
    const sensors = generateSensors(rnd, organisation.buildings, hours.length, organisation.slug === 'demo' ? 'HRN' : 'IKA',
      organisation.slug === 'demo' ? scale : 0.1);
    const costs = organisation.buildings.flatMap((b) => generateCosts(rnd, b));
    const maintenance = organisation.buildings.flatMap((b) => generateMaintenance(rnd, b));
    return { organisation, sensors, costs, maintenance };
  });
  return { hours, organisations };
}

/** The random source of one sensor's readings (seeded by the demo seed and the sensor's external id). */
function sensorRandom(sensor: DemoSensor) {
  let h = DEMO_SEED;
  for (const ch of sensor.externalId) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  return createRandom(h);
}

/** Every reading value of one sensor over the demo year (null = offline hour, no row). */
export function sensorReadings(sensor: DemoSensor, hours: DemoHour[]): (number | null)[] {
  const rnd = sensorRandom(sensor);
  return hours.map((h, i) => readingValue(rnd, sensor, h, i));
}

/** COPY text chunks of one sensor's readings (same values as sensorReadings). */
export function sensorReadingLines(sensor: DemoSensor, hours: DemoHour[]) {
  return readingLines(sensorRandom(sensor), sensor, hours);
}
