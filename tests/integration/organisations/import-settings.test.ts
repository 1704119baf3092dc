// The settings page's edge: the time zone and import checks as the form sends them, validated and stored beside the
// organisation's other settings; a new zone rebuilds the daily rollups in it (what the score job runs first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolClient } from 'pg';
import { ZodError } from 'zod';
import { ensureReadingPartitions } from '@/lib/occupancy/partitions';
import { rebuildLocalDays, refreshRollups } from '@/lib/occupancy/rollups';
import { importSettingsFromForm, parseSentinelList } from '@/lib/organisations/import-settings-form';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { saveImportSettings } from '@/lib/organisations/save-import-settings';
import { importChecksSchema } from '@/lib/organisations/settings';
import { createTestDb, type TestDb } from '../../helpers/test-db';

const DEFAULTS = importChecksSchema.parse({});

/** The form as the page renders it (the current values), with some fields changed. */
function form(changes: Record<string, string> = {}): FormData {
  const f = new FormData();
  const fields: Record<string, string> = { timeZone: 'Europe/Copenhagen', sentinelValues: DEFAULTS.sentinelValues.join(' ') };
  for (const [k, v] of Object.entries(DEFAULTS)) if (typeof v !== 'object') fields[k] = String(v);
  for (const [k, v] of Object.entries({ ...fields, ...changes })) f.set(k, v);
  return f;
}

describe('import settings: time zone and checks', () => {
  let db: TestDb;
  let c: PoolClient;
  let org: string;

  beforeAll(async () => {
    db = await createTestDb();
    c = await db.pool.connect();
    org = (await c.query(`INSERT INTO organisation (slug, name, settings) VALUES ('s', 'S', '{"scoreWeights":{"utilisation":0.7,"cost":0.2,"condition":0.1}}'::jsonb) RETURNING id`)).rows[0].id;
  });
  afterAll(async () => {
    c?.release();
    await db?.drop();
  });

  it('reads the form: decimal comma in factors, sentinel values separated by spaces or semicolons', () => {
    expect(parseSentinelList('9999  -1;-999')).toEqual([9999, -1, -999]);
    const input = importSettingsFromForm(form({ overCapacityFactor: '1,25', sentinel: 'warning' })) as { importChecks: Record<string, unknown> };
    expect(input.importChecks).toMatchObject({ overCapacityFactor: 1.25, sentinel: 'warning', sentinelValues: DEFAULTS.sentinelValues });
  });

  it('stores the zone and the checks, keeps the other settings, and says the zone changed', async () => {
    const saved = await saveImportSettings(c, org, importSettingsFromForm(form({ timeZone: 'Europe/London', jump: 'off', costPerM2Max: '8000' })));
    expect(saved.zoneChanged).toBe(true);
    expect(saved.before.timeZone).toBe('Europe/Copenhagen');
    const s = await loadOrganisationSettings(c, org);
    expect(s.timeZone).toBe('Europe/London');
    expect(s.importChecks).toMatchObject({ jump: 'off', costPerM2Max: 8000, overCapacity: 'warning' });
    expect(s.scoreWeights.utilisation).toBe(0.7);
    const again = await saveImportSettings(c, org, importSettingsFromForm(form({ timeZone: 'Europe/London' })));
    expect(again.zoneChanged).toBe(false);
  });

  it.each([
    ['an unknown zone', { timeZone: 'Europe/Atlantis' }, 'timeZone'],
    ['a capacity factor below 1', { overCapacityFactor: '0,5' }, 'overCapacityFactor'],
    ['a jump factor of 0', { jumpFactor: '0' }, 'jumpFactor'],
    ['the lowest kr/m² above the highest', { costPerM2Min: '6000', costPerM2Max: '5000' }, 'costPerM2Max'],
    ['a handling that is not error, warning or off', { nonIntegerCount: 'maybe' }, 'nonIntegerCount'],
    ['a sentinel that is not a number', { sentinelValues: '9999 x' }, '1'],
    ['an empty factor', { areaPerUserFactor: '' }, 'areaPerUserFactor'],
  ])('refuses %s and names the field, storing nothing', async (_what, changes, field) => {
    const before = (await c.query('SELECT settings FROM organisation WHERE id = $1', [org])).rows[0].settings;
    const error = await saveImportSettings(c, org, importSettingsFromForm(form(changes))).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => String(i.path[i.path.length - 1]))).toContain(field);
    expect((await c.query('SELECT settings FROM organisation WHERE id = $1', [org])).rows[0].settings).toEqual(before);
  });

  it("rebuilds the daily and usage rollups in the new zone: a reading's local day and opening hour move with it", async () => {
    const building = (await c.query(
      `INSERT INTO building (organisation_id, registry_id, name, use_code, category, gross_area_m2, capacity, opening_hours)
       VALUES ($1, 'B', 'B', 421, 'school', 500, 10, '{"days":[1,2,3,4,5],"open":8,"close":16}'::jsonb) RETURNING id`, [org])).rows[0].id;
    const sensor = (await c.query(`INSERT INTO sensor (organisation_id, building_id, external_id, kind) VALUES ($1, $2, 's', 'count') RETURNING id`, [org, building])).rows[0].id;
    const ts = new Date('2026-01-14T08:30:00Z'); // Wednesday: 08:30 in London (open), 03:30 in New York (closed)
    await ensureReadingPartitions(c, ts, ts);
    await c.query('INSERT INTO occupancy_reading (sensor_id, ts, value) VALUES ($1, $2, 4)', [sensor, ts]);
    await refreshRollups(c, [sensor], ts, new Date(ts.getTime() + 1));
    const usage = async () => (await c.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, open_known, after_known FROM occupancy_daily_usage WHERE sensor_id = $1`, [sensor])).rows;
    expect(await usage()).toEqual([{ day: '2026-01-14', open_known: 1, after_known: 0 }]);

    await saveImportSettings(c, org, importSettingsFromForm(form({ timeZone: 'America/New_York' })));
    expect(await rebuildLocalDays(c, org)).toEqual({ sensors: 1, usageRows: 1 });
    expect(await usage()).toEqual([{ day: '2026-01-14', open_known: 0, after_known: 1 }]);
    const late = new Date('2026-01-15T02:00:00Z'); // 21:00 on the 14th in New York, the 15th in London
    await c.query('INSERT INTO occupancy_reading (sensor_id, ts, value) VALUES ($1, $2, 1)', [sensor, late]);
    await refreshRollups(c, [sensor], late, new Date(late.getTime() + 1));
    expect((await c.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM occupancy_daily WHERE sensor_id = $1 ORDER BY day`, [sensor])).rows).toEqual([{ day: '2026-01-14' }]);
  });
});
