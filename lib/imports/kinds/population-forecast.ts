// Population forecasts per area, age and year (docs/demand.md § Import): the long layout (area;age;year;persons
// [;variant]) and Statistics Denmark's statbank CSV export (OMRÅDE;ALDER;TID;INDHOLD, optionally KØN), whose field
// names are among the synonyms. Age totals ("Alder i alt") are skipped; sexes are summed unless a total is given.
// Areas are created as forecast areas and matched to the organisation's districts by name or code; the ones that do
// not match wait for the mapping step (/demand). A new edition of an area's variant replaces the old one whole.
import type { PoolClient } from 'pg';
import { matchDistrict, namesMunicipality, normaliseAreaName, parseAge, parseVariant, sexIsPart } from '@/lib/demand/forecast-values';
import type { FieldSpec } from '../mapping';
import { readInt, readNumber, readText } from './field-readers';
import type { KindContext, KindHandler, MergeCounts, RecordView } from './types';

export const POPULATION_FORECAST_FIELDS: FieldSpec[] = [
  { key: 'area', required: true, synonyms: ['area', 'område', 'omraade', 'omrade', 'distrikt', 'skoledistrikt', 'bydel', 'district', 'area_name', 'områdenavn'] },
  { key: 'areaCode', required: false, synonyms: ['area_code', 'områdekode', 'omraadekode', 'kode', 'code', 'distriktsnummer', 'distriktsnr.', 'distriktsnr'] },
  { key: 'age', required: true, synonyms: ['age', 'alder', 'alder_år', 'aldersgruppe', 'age_group'] },
  { key: 'year', required: true, synonyms: ['year', 'tid', 'år', 'aar', 'prognoseår', 'prognoseaar'] },
  { key: 'persons', required: true, synonyms: ['persons', 'indhold', 'antal', 'personer', 'befolkning', 'value', 'population', 'count'] },
  { key: 'variant', required: false, synonyms: ['variant', 'prognosevariant', 'prognose', 'scenarie', 'alternativ', 'projection_variant'] },
  { key: 'sex', required: false, synonyms: ['sex', 'køn', 'koen', 'kon', 'gender'] },
];

export function populationForecastHandler(): KindHandler {
  let ctx: KindContext;
  let totalRows = 0;
  return {
    kind: 'forecast',
    fields: POPULATION_FORECAST_FIELDS,
    stageColumns: [['area', 'text'], ['area_code', 'text'], ['age_from', 'integer'], ['age_to', 'integer'], ['year', 'integer'],
      ['persons', 'double precision'], ['variant', 'text'], ['sex_part', 'boolean'], ['line', 'integer']],
    async prepare(_client, c) {
      ctx = c;
    },
    row(rec: RecordView) {
      const area = readText(rec, 'area', 200);
      const code = readText(rec, 'areaCode', 50);
      const ageText = rec.get('age');
      const year = readInt(rec, 'year', ctx.decimal, 1900, 2200);
      // Statistics Denmark writes ".." for a figure it does not publish; such a row is an error like any other.
      const persons = readNumber(rec, 'persons', ctx.decimal, 0, 1e8);
      const variantText = rec.get('variant');
      let ok = true;
      for (const [f, v] of [['area', area], ['age', ageText], ['year', year], ['persons', persons]] as const) {
        if (v === undefined) ok = (rec.issue('required', f), false);
        else if (v === null) ok = false;
      }
      if (code === null) ok = false;
      const age = ageText === undefined ? null : parseAge(ageText);
      if (ageText !== undefined && age === null) ok = (rec.issue('invalid_value', 'age', { reason: '"7 år", "0-4 år", "100 år og derover"' }), false);
      const variant = variantText === undefined ? 'main' : parseVariant(variantText);
      if (variant === null) ok = (rec.issue('invalid_value', 'variant', { reason: 'lav/hoved/høj, low/main/high' }), false);
      if (!ok) return null;
      if (age === 'total') {
        totalRows++;
        return null;
      }
      return [area!, code ?? null, age!.from, age!.to, year!, persons!, variant!, sexIsPart(rec.get('sex')), rec.line];
    },
    async merge(client, c) {
      return mergeForecast(client, c.organisationId, totalRows);
    },
  };
}

/** The planning area a file's area names: the same name, else the same code, else one loosely equal name; or null. */
function planningAreaFor(area: string, code: string | null, planning: ReadonlyArray<{ name: string; code: string | null }>): string | null {
  if (planning.some((p) => p.name === area)) return area;
  const byCode = code ? planning.filter((p) => p.code !== null && p.code.trim().toLowerCase() === code.trim().toLowerCase()) : [];
  if (byCode.length === 1) return byCode[0].name;
  const wanted = normaliseAreaName(area);
  const byName = planning.filter((p) => normaliseAreaName(p.name) === wanted);
  return byName.length === 1 ? byName[0].name : null;
}

/** Creates the file's areas (matched to districts where they can be) and replaces each area's variant by the file's figures. */
async function mergeForecast(client: PoolClient, organisationId: string, totalRowsSkipped: number): Promise<MergeCounts> {
  let { rows: areas } = await client.query<{ area: string; code: string | null }>(
    `SELECT area, max(area_code) AS code FROM stage GROUP BY area ORDER BY area`,
  );
  const { rows: districts } = await client.query<{ id: string; name: string }>(`SELECT id, name FROM district WHERE organisation_id = $1`, [organisationId]);
  const { rows: org } = await client.query<{ name: string }>(`SELECT name FROM organisation WHERE id = $1`, [organisationId]);
  // A file's area that names an imported planning area (by code, or by name written loosely) is that area: its
  // figures go to the planning area, and with it to the district the planning area lies in.
  const { rows: planning } = await client.query<{ name: string; code: string | null }>(
    `SELECT name, code FROM forecast_area WHERE organisation_id = $1 AND kind = 'planning_area'`, [organisationId]);
  for (const a of areas) {
    const known = planningAreaFor(a.area, a.code, planning);
    if (known && known !== a.area) {
      await client.query(`UPDATE stage SET area = $2 WHERE area = $1`, [a.area, known]);
      a.area = known;
    }
  }
  const seen = new Set<string>();
  areas = areas.filter((a) => !seen.has(a.area) && seen.add(a.area));
  const names: string[] = [];
  const codes: (string | null)[] = [];
  const kinds: string[] = [];
  const districtIds: (string | null)[] = [];
  for (const a of areas) {
    const municipal = namesMunicipality(a.area, org[0]?.name ?? '');
    names.push(a.area);
    codes.push(a.code);
    kinds.push(municipal ? 'municipality' : 'district');
    districtIds.push(municipal ? null : matchDistrict(a.area, a.code, districts));
  }
  // A mapping made by hand (district_id already set) is kept; a new match fills only an empty one.
  await client.query(
    `INSERT INTO forecast_area (organisation_id, name, code, kind, district_id)
     SELECT $1, n, c, k, d::uuid FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(n, c, k, d)
     ON CONFLICT (organisation_id, name) DO UPDATE
       SET code = COALESCE(EXCLUDED.code, forecast_area.code),
           district_id = COALESCE(forecast_area.district_id, EXCLUDED.district_id)`,
    [organisationId, names, codes, kinds, districtIds],
  );
  // A total row per key wins (the last one in the file); without one, the parts (men + women) are summed.
  await client.query(
    `CREATE TEMP TABLE forecast_figures ON COMMIT DROP AS
     WITH totals AS (
       SELECT DISTINCT ON (area, variant, year, age_from, age_to) area, variant, year, age_from, age_to, persons
         FROM stage WHERE NOT sex_part ORDER BY area, variant, year, age_from, age_to, line DESC),
     parts AS (
       SELECT area, variant, year, age_from, age_to, sum(persons) AS persons FROM stage WHERE sex_part GROUP BY 1, 2, 3, 4, 5)
     SELECT fa.id AS area_id, f.variant, f.year, f.age_from, f.age_to, f.persons
       FROM (SELECT * FROM totals
             UNION ALL
             SELECT p.* FROM parts p WHERE NOT EXISTS (
               SELECT 1 FROM totals t WHERE (t.area, t.variant, t.year, t.age_from, t.age_to) = (p.area, p.variant, p.year, p.age_from, p.age_to))) f
       JOIN forecast_area fa ON fa.organisation_id = $1 AND fa.name = f.area`,
    [organisationId],
  );
  const { rows: counts } = await client.query<{ figures: string; inserted: string; updated: string }>(
    `SELECT count(*) AS figures,
            count(*) FILTER (WHERE p.area_id IS NULL) AS inserted,
            count(*) FILTER (WHERE p.area_id IS NOT NULL AND p.persons IS DISTINCT FROM f.persons) AS updated
       FROM forecast_figures f
       LEFT JOIN population_forecast p USING (area_id, variant, year, age_from, age_to)`,
  );
  await client.query(
    `DELETE FROM population_forecast p USING (SELECT DISTINCT area_id, variant FROM forecast_figures) k
      WHERE p.area_id = k.area_id AND p.variant = k.variant`,
  );
  await client.query(
    `INSERT INTO population_forecast (area_id, variant, year, age_from, age_to, persons, source)
     SELECT area_id, variant, year, age_from, age_to, persons, 'import' FROM forecast_figures`,
  );
  const figures = Number(counts[0].figures);
  const inserted = Number(counts[0].inserted);
  const updated = Number(counts[0].updated);
  const { rows: unmatchedRows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM forecast_area WHERE organisation_id = $1 AND name = ANY($2::text[]) AND district_id IS NULL AND kind <> 'municipality'`,
    [organisationId, names]);
  const unmatched = unmatchedRows[0].n;
  return {
    inserted,
    updated,
    duplicates: figures - inserted - updated,
    extra: { areas: areas.length, areasUnmatched: unmatched, totalRowsSkipped },
  };
}
