// Maintenance plans: component, condition grade 1 (good) – 4 (critical), estimated cost and due year per
// building (template: public/templates/maintenance.csv). Unique per (building, component, due year).
import { BuildingLookup } from '../lookups';
import type { FieldSpec } from '../mapping';
import { parsePresence } from '../validate/numbers';
import { readInt, readNumber, readText } from './field-readers';
import type { KindContext, KindHandler, RecordView } from './types';
import { krPerUnitOfColumn, moneyNotices } from '../validate/units';

export const MAINTENANCE_FIELDS: FieldSpec[] = [
  { key: 'building', required: true, synonyms: ['building', 'bygning', 'registry_id', 'bbr_id', 'building_id', 'bygnings_id', 'ejendom'] },
  { key: 'component', required: true, synonyms: ['component', 'komponent', 'bygningsdel', 'emne', 'aktivitet'] },
  { key: 'condition_grade', required: true, synonyms: ['condition_grade', 'tilstandsgrad', 'tilstand', 'grade', 'karakter'] },
  { key: 'cost_dkk', required: true, synonyms: ['cost_dkk', 'cost', 'overslag_kr', 'overslag', 'pris', 'beløb', 'kr', 'overslag_(t.kr.)', 'overslag_t.kr.', 'overslag_tkr', 'beløb_(t.kr.)', 'beløb_t.kr.', 'beløb_tkr', 't.kr.', 'tkr', 'overslag_(mio._kr.)', 'beløb_(mio._kr.)', 'beløb_mio_kr', 'mio._kr.', 'cost_tdkk', 'cost_(tdkk)'] },
  { key: 'due_year', required: true, synonyms: ['due_year', 'udførelsesår', 'planlagt_år', 'år', 'year'] },
  { key: 'done', required: false, synonyms: ['done', 'udført', 'afsluttet'] },
];

export function maintenanceHandler(): KindHandler {
  let buildings: BuildingLookup;
  let ctx: KindContext;
  let krPerUnit: number = 1;
  return {
    kind: 'maintenance',
    fields: MAINTENANCE_FIELDS,
    stageColumns: [
      ['building_id', 'uuid'], ['component', 'text'], ['condition_grade', 'integer'], ['cost_dkk', 'double precision'],
      ['due_year', 'integer'], ['done', 'boolean'], ['line', 'integer'],
    ],
    async prepare(client, c) {
      ctx = c;
      buildings = await BuildingLookup.load(client, c.organisationId);
      krPerUnit = krPerUnitOfColumn(c.columnOf.get('cost_dkk') ?? '');
    },
    notices() {
      return moneyNotices(ctx.file, ctx.columnOf.get('cost_dkk'), krPerUnit);
    },
    row(rec: RecordView) {
      const b = readText(rec, 'building');
      const component = readText(rec, 'component', 200);
      const grade = readInt(rec, 'condition_grade', ctx.decimal, 1, 4);
      const cost = readNumber(rec, 'cost_dkk', ctx.decimal, 0, 1e11);
      const due = readInt(rec, 'due_year', ctx.decimal, 1900, 2100);
      let ok = true;
      for (const [f, v] of [['building', b], ['component', component], ['condition_grade', grade], ['cost_dkk', cost], ['due_year', due]] as const) {
        if (v === undefined) {
          ok = false;
          rec.issue('required', f);
        }
        else if (v === null) ok = false;
      }
      const doneText = rec.get('done');
      const done = doneText === undefined ? 0 : parsePresence(doneText);
      if (done === null) {
        ok = false;
        rec.issue('invalid_value', 'done', { reason: 'ja/nej, 1/0' });
      }
      if (!ok) return null;
      const building = buildings.find(b!);
      if (!building) return rec.issue('unknown_building', 'building'), null;
      if (ctx.allowedBuildings && !ctx.allowedBuildings.has(building.id)) return rec.issue('building_not_assigned', 'building'), null;
      return [building.id, component!, grade!, cost! * krPerUnit, due!, done === 1, rec.line];
    },
    async merge(client) {
      const { rows } = await client.query<{ inserted: string; updated: string; building_ids: string[] }>(
        `WITH ins AS (
           INSERT INTO maintenance_item AS m (building_id, component, condition_grade, cost_dkk, due_year, done)
           SELECT DISTINCT ON (building_id, component, due_year) building_id, component, condition_grade, cost_dkk, due_year, done
             FROM stage ORDER BY building_id, component, due_year, line DESC
           ON CONFLICT (building_id, component, due_year) DO UPDATE
             SET condition_grade = EXCLUDED.condition_grade, cost_dkk = EXCLUDED.cost_dkk, done = EXCLUDED.done
             WHERE (m.condition_grade, m.cost_dkk, m.done) IS DISTINCT FROM (EXCLUDED.condition_grade, EXCLUDED.cost_dkk, EXCLUDED.done)
           RETURNING (xmax = 0) AS inserted, building_id)
         SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated,
                COALESCE(array_agg(DISTINCT building_id::text), '{}') AS building_ids FROM ins`,
      );
      // Only rows that changed come back, so re-importing the same file re-scores nothing.
      return { inserted: Number(rows[0].inserted), updated: Number(rows[0].updated), buildingIds: rows[0].building_ids };
    },
  };
}
