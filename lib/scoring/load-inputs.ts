// Loads the plain inputs of the scoring core for an organisation (or some of its buildings) over a period.
// Every aggregation runs in SQL: usage sums over occupancy_daily_usage (never raw readings), the newest cost year
// per building, the overdue maintenance backlog. Expected opening hours are computed per opening-hours shape.
import type { ClientBase } from 'pg';
import { DateTime } from 'luxon';
import { loadOrganisationSettings, organisationExists } from '@/lib/organisations/load-settings';
import type { OrganisationSettings } from '@/lib/organisations/settings';
import { isAncillaryUseCode, isCategory, type Category } from '@/lib/registry/categories';
import type { BuildingInput, CostLine, SensorInput } from './kpis';
import { expectedOpenHours, holidaysBetween, parseOpeningHours, periodDays, type Period } from './opening-hours';
import { HIST_BINS, type SensorKind } from './sensor-usage';
import { COVERED_AREA_SQL, SENSOR_CAPACITY_SQL } from './sensor-scope';

/** Default scoring period: the 13 weeks (91 days) ending at the newest day with usage data, not after asOf. */
export const DEFAULT_PERIOD_DAYS = 91;

/** The default period of an organisation (days in its time zone `zone`), or null when it has no usage data yet. */
export async function defaultPeriod(client: ClientBase, organisationId: string, asOf: Date, zone: string): Promise<Period | null> {
  const asOfDay = DateTime.fromJSDate(asOf, { zone }).toISODate()!;
  const { rows } = await client.query<{ last: string | null }>(
    `SELECT to_char(max(u.day), 'YYYY-MM-DD') AS last
       FROM occupancy_daily_usage u JOIN sensor s ON s.id = u.sensor_id
      WHERE s.organisation_id = $1 AND u.day <= $2::date`,
    [organisationId, asOfDay],
  );
  const to = rows[0]?.last ?? null;
  if (!to) return null;
  return { from: DateTime.fromISO(to).minus({ days: DEFAULT_PERIOD_DAYS - 1 }).toISODate()!, to };
}

/** The organisation's settings (norms, weights). */
export async function loadSettings(client: ClientBase, organisationId: string): Promise<OrganisationSettings> {
  if (!(await organisationExists(client, organisationId))) throw new Error(`organisation ${organisationId} not found`);
  return loadOrganisationSettings(client, organisationId);
}

interface BuildingRow {
  id: string; name: string; category: string; district: string | null; use_code: number | null; gross_area_m2: number | null;
  capacity: number | null; users_total: number | null; tenure: 'owned' | 'leased'; annual_lease_dkk: number | null;
  replacement_value_dkk: number | null; opening_hours: unknown;
}
interface SensorRow {
  id: string; building_id: string; kind: SensorKind; covered_area: number | null; capacity: number | null;
  open_known: number; open_used: number; open_ratio_known: number; open_ratio_sum: number; open_hist: number[] | null;
  after_known: number; after_used: number; after_ratio_known: number; after_ratio_sum: number; newest: Date | null;
}

/**
 * The scoring inputs of every building of the organisation (or only `buildingIds`) over `period`.
 * `asOf` decides the cost year (newest ≤ asOf) and which maintenance is overdue (due before asOf's year).
 */
export async function loadScoringInputs(
  client: ClientBase,
  organisationId: string,
  period: Period,
  asOf: Date,
  { buildingIds, settings }: { buildingIds?: readonly string[]; settings?: OrganisationSettings } = {},
): Promise<BuildingInput[]> {
  const s = settings ?? (await loadSettings(client, organisationId));
  const only = buildingIds ? [...buildingIds] : null;
  const year = DateTime.fromJSDate(asOf, { zone: s.timeZone }).year;
  const hist = Array.from({ length: HIST_BINS }, (_, i) => `sum(u.open_hist[${i + 1}])`).join(', ');

  // One connection runs one query at a time, so the four queries run in turn.
  const buildings = await client.query<BuildingRow>(
      `SELECT b.id, b.name, b.category, d.name AS district, b.use_code, b.gross_area_m2, b.capacity, b.users_total, b.tenure,
              b.annual_lease_dkk, b.replacement_value_dkk, b.opening_hours
         FROM building b LEFT JOIN district d ON d.id = b.district_id
        WHERE b.organisation_id = $1 AND ($2::uuid[] IS NULL OR b.id = ANY($2::uuid[]))`,
      [organisationId, only],
  );
  const sensors = await client.query<SensorRow>(
      `WITH usage AS (
         SELECT u.sensor_id, sum(u.open_known)::int AS open_known, sum(u.open_used)::int AS open_used,
                sum(u.open_ratio_known)::int AS open_ratio_known, sum(u.open_ratio_sum) AS open_ratio_sum,
                ARRAY[${hist}]::int[] AS open_hist,
                sum(u.after_known)::int AS after_known, sum(u.after_used)::int AS after_used,
                sum(u.after_ratio_known)::int AS after_ratio_known, sum(u.after_ratio_sum) AS after_ratio_sum,
                max(u.newest_hour) AS newest
           FROM occupancy_daily_usage u JOIN sensor s ON s.id = u.sensor_id
          WHERE s.organisation_id = $1 AND ($2::uuid[] IS NULL OR s.building_id = ANY($2::uuid[]))
            AND u.day BETWEEN $3::date AND $4::date
          GROUP BY u.sensor_id)
       SELECT s.id, s.building_id, s.kind, ${COVERED_AREA_SQL} AS covered_area, ${SENSOR_CAPACITY_SQL} AS capacity,
              COALESCE(u.open_known, 0) AS open_known, COALESCE(u.open_used, 0) AS open_used,
              COALESCE(u.open_ratio_known, 0) AS open_ratio_known, COALESCE(u.open_ratio_sum, 0) AS open_ratio_sum, u.open_hist,
              COALESCE(u.after_known, 0) AS after_known, COALESCE(u.after_used, 0) AS after_used,
              COALESCE(u.after_ratio_known, 0) AS after_ratio_known, COALESCE(u.after_ratio_sum, 0) AS after_ratio_sum, u.newest
         FROM sensor s JOIN building b ON b.id = s.building_id LEFT JOIN room r ON r.id = s.room_id
         LEFT JOIN usage u ON u.sensor_id = s.id
        WHERE s.organisation_id = $1 AND ($2::uuid[] IS NULL OR s.building_id = ANY($2::uuid[]))`,
      [organisationId, only, period.from, period.to],
  );
  const costs = await client.query<{ building_id: string; year: number; type: string; amount: number }>(
      `WITH latest AS (
         SELECT c.building_id, max(c.year) AS year FROM cost_record c JOIN building b ON b.id = c.building_id
          WHERE b.organisation_id = $1 AND ($2::uuid[] IS NULL OR b.id = ANY($2::uuid[])) AND c.year <= $3 GROUP BY 1)
       SELECT c.building_id, c.year, c.type, sum(c.amount_dkk) AS amount
         FROM cost_record c JOIN latest l ON l.building_id = c.building_id AND l.year = c.year GROUP BY 1, 2, 3`,
      [organisationId, only, year],
  );
  const backlog = await client.query<{ building_id: string; backlog: number }>(
      `SELECT m.building_id, COALESCE(sum(m.cost_dkk) FILTER (WHERE NOT m.done AND m.due_year < $3), 0) AS backlog
         FROM maintenance_item m JOIN building b ON b.id = m.building_id
        WHERE b.organisation_id = $1 AND ($2::uuid[] IS NULL OR b.id = ANY($2::uuid[])) GROUP BY 1`,
      [organisationId, only, year],
  );

  const sensorsBy = groupBy(sensors.rows, (r) => r.building_id);
  const costsBy = groupBy(costs.rows, (r) => r.building_id);
  const backlogBy = new Map(backlog.rows.map((r) => [r.building_id, Number(r.backlog)]));
  const holidays = new Set(holidaysBetween(period.from, period.to));
  const days = periodDays(period);
  const expectedByShape = new Map<string, number>();

  return buildings.rows.map((b) => {
    const category: Category = isCategory(b.category) ? b.category : 'other';
    const hours = parseOpeningHours(b.opening_hours);
    const shape = JSON.stringify(hours);
    if (!expectedByShape.has(shape)) expectedByShape.set(shape, expectedOpenHours(period, hours, holidays));
    return {
      building: {
        id: b.id, name: b.name, category, district: b.district, useCode: b.use_code, grossAreaM2: b.gross_area_m2,
        capacity: b.capacity, usersTotal: b.users_total, tenure: b.tenure, annualLeaseDkk: b.annual_lease_dkk,
        replacementValueDkk: b.replacement_value_dkk, openingHoursKnown: !hours.assumed, ancillary: isAncillaryUseCode(b.use_code),
      },
      sensors: (sensorsBy.get(b.id) ?? []).map(toSensorInput),
      expectedOpenHours: expectedByShape.get(shape)!,
      periodDays: days,
      costs: (costsBy.get(b.id) ?? []).map((c): CostLine => ({ year: c.year, type: c.type, amountDkk: Number(c.amount) })),
      backlogDkk: backlogBy.get(b.id) ?? null,
      m2PerUserNorm: s.m2PerUserNorm[category] ?? null,
    };
  });
}

function toSensorInput(r: SensorRow): SensorInput {
  return {
    id: r.id,
    kind: r.kind,
    coveredAreaM2: r.covered_area,
    capacity: r.capacity,
    usage: {
      openKnown: r.open_known, openUsed: r.open_used, openRatioKnown: r.open_ratio_known, openRatioSum: Number(r.open_ratio_sum),
      openHist: r.open_hist ?? new Array(HIST_BINS).fill(0),
      afterKnown: r.after_known, afterUsed: r.after_used, afterRatioKnown: r.after_ratio_known, afterRatioSum: Number(r.after_ratio_sum),
      newestHour: r.newest,
    },
  };
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
