// Shared setup for the import integration tests: a small organisation with two buildings, a room and two
// sensors, and a fingerprint of everything an import may write, to prove a rejected file changed nothing.
import type { Pool } from 'pg';

export interface TestOrg {
  id: string;
  slug: string;
}

/** Creates an organisation with buildings B-1 (school, capacity 40, point in Copenhagen) and B-2, sensors S-1 (count) and S-2 (presence). */
export async function createTestOrg(pool: Pool, slug: string): Promise<TestOrg> {
  const { rows } = await pool.query<{ id: string }>('INSERT INTO organisation (slug, name) VALUES ($1, $1) RETURNING id', [slug]);
  const id = rows[0].id;
  const { rows: b } = await pool.query<{ id: string; registry_id: string }>(
    `INSERT INTO building (organisation_id, registry_id, name, category, capacity, gross_area_m2, point) VALUES
       ($1, 'B-1', 'Skolen', 'school', 40, 1200, ST_SetSRID(ST_MakePoint(12.5, 55.7), 4326)),
       ($1, 'B-2', 'Børnehuset', 'daycare', 30, 500, NULL)
     RETURNING id, registry_id`,
    [id],
  );
  const b1 = b.find((x) => x.registry_id === 'B-1')!.id;
  const b2 = b.find((x) => x.registry_id === 'B-2')!.id;
  await pool.query(
    `INSERT INTO sensor (organisation_id, building_id, external_id, kind, interval_minutes) VALUES
       ($1, $2, 'S-1', 'count', 15), ($1, $3, 'S-2', 'presence', 15)`,
    [id, b1, b2],
  );
  await pool.query("SELECT ensure_reading_partitions('2026-01-01', '2026-12-31')");
  return { id, slug };
}

/**
 * An md5 over every row an import can write for this organisation (timestamps of bookkeeping excluded).
 * Equal before and after ⇒ the database is unchanged for this organisation.
 */
export async function fingerprint(pool: Pool, organisationId: string): Promise<string> {
  const { rows } = await pool.query<{ f: string }>(
    `SELECT md5(concat_ws('|',
       (SELECT string_agg(concat_ws(',', registry_id, name, address, use_code, category, gross_area_m2, footprint_area_m2, floors,
                                    year_built, capacity, users_total, ST_AsText(point), ST_AsText(footprint)), ';' ORDER BY registry_id)
          FROM building WHERE organisation_id = $1),
       (SELECT string_agg(concat_ws(',', r.name, r.capacity), ';' ORDER BY r.name) FROM room r JOIN building b ON b.id = r.building_id WHERE b.organisation_id = $1),
       (SELECT string_agg(concat_ws(',', external_id, kind, interval_minutes, room_id), ';' ORDER BY external_id) FROM sensor WHERE organisation_id = $1),
       (SELECT string_agg(concat_ws(',', s.external_id, o.ts, o.value), ';' ORDER BY s.external_id, o.ts)
          FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id WHERE s.organisation_id = $1),
       (SELECT string_agg(concat_ws(',', s.external_id, h.hour, h.avg_value, h.n_readings), ';' ORDER BY s.external_id, h.hour)
          FROM occupancy_hourly h JOIN sensor s ON s.id = h.sensor_id WHERE s.organisation_id = $1),
       (SELECT string_agg(concat_ws(',', s.external_id, q.readings, q.coverage, q.flags), ';' ORDER BY s.external_id)
          FROM sensor_quality q JOIN sensor s ON s.id = q.sensor_id WHERE s.organisation_id = $1),
       (SELECT string_agg(concat_ws(',', b.registry_id, c.year, c.type, c.amount_dkk), ';' ORDER BY b.registry_id, c.year, c.type)
          FROM cost_record c JOIN building b ON b.id = c.building_id WHERE b.organisation_id = $1),
       (SELECT string_agg(concat_ws(',', b.registry_id, m.component, m.condition_grade, m.cost_dkk, m.due_year, m.done), ';' ORDER BY b.registry_id, m.component, m.due_year)
          FROM maintenance_item m JOIN building b ON b.id = m.building_id WHERE b.organisation_id = $1),
       (SELECT string_agg(concat_ws(',', fa.name, fa.code, fa.kind, fa.district_id, ST_AsText(fa.geom)), ';' ORDER BY fa.name)
          FROM forecast_area fa WHERE fa.organisation_id = $1),
       (SELECT string_agg(concat_ws(',', fa.name, p.variant, p.year, p.age_from, p.age_to, p.persons, p.source), ';' ORDER BY fa.name, p.variant, p.year, p.age_from)
          FROM population_forecast p JOIN forecast_area fa ON fa.id = p.area_id WHERE fa.organisation_id = $1),
       (SELECT count(*) FROM occupancy_reading)
     )) AS f`,
    [organisationId],
  );
  return rows[0].f;
}
