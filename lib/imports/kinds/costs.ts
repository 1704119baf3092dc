// Operating costs per building, year and type (template: public/templates/costs.csv). Unique per
// (building, year, type): re-importing updates the amount, an unchanged amount counts as a duplicate.
import { BuildingLookup } from '../lookups';
import type { FieldSpec } from '../mapping';
import { readInt, readNumber, readText } from './field-readers';
import type { KindContext, KindHandler, RecordView } from './types';
import { report } from '../validate/plausibility';
import { krPerUnitOfColumn, moneyNotices } from '../validate/units';

export const COST_TYPES = ['cleaning', 'energy', 'maintenance', 'rent', 'caretaking', 'other'] as const;

const TYPE_WORDS: Record<string, (typeof COST_TYPES)[number]> = {
  cleaning: 'cleaning', rengøring: 'cleaning', rengoering: 'cleaning',
  energy: 'energy', energi: 'energy', el: 'energy', varme: 'energy', vand: 'energy', forsyning: 'energy', 'energi/varme/vand': 'energy',
  maintenance: 'maintenance', vedligehold: 'maintenance', vedligeholdelse: 'maintenance', 'teknisk vedligehold': 'maintenance',
  rent: 'rent', lease: 'rent', leje: 'rent', husleje: 'rent',
  caretaking: 'caretaking', ejendomsservice: 'caretaking', vicevært: 'caretaking', pedel: 'caretaking', driftsservice: 'caretaking',
  other: 'other', andet: 'other', øvrige: 'other',
};

/** Maps a cost type written in English or Danish to its key; null when unknown. */
export function costType(text: string): (typeof COST_TYPES)[number] | null {
  return TYPE_WORDS[text.trim().toLowerCase()] ?? null;
}

export const COST_FIELDS: FieldSpec[] = [
  { key: 'building', required: true, synonyms: ['building', 'bygning', 'registry_id', 'bbr_id', 'building_id', 'bygnings_id', 'ejendom'] },
  { key: 'year', required: true, synonyms: ['year', 'år', 'aar', 'regnskabsår'] },
  { key: 'type', required: true, synonyms: ['type', 'cost_type', 'omkostningstype', 'udgiftstype', 'art'] },
  { key: 'amount', required: true, synonyms: ['amount_dkk', 'amount', 'beløb_kr', 'beløb', 'beloeb', 'kr', 'udgift', 'beløb_(kr)', 'beløb_(t.kr.)', 'beløb_t.kr.', 'beløb_tkr', 't.kr.', 'tkr', 'beløb_(mio._kr.)', 'beløb_mio._kr.', 'beløb_mio_kr', 'mio._kr.', 'amount_tdkk', 'amount_(tdkk)', 'amount_mdkk', 'amount_(mdkk)'] },
];

export function costsHandler(): KindHandler {
  let buildings: BuildingLookup;
  let ctx: KindContext;
  let krPerUnit: number = 1;
  return {
    kind: 'costs',
    fields: COST_FIELDS,
    stageColumns: [['building_id', 'uuid'], ['year', 'integer'], ['type', 'text'], ['amount', 'double precision'], ['line', 'integer']],
    async prepare(client, c) {
      ctx = c;
      buildings = await BuildingLookup.load(client, c.organisationId);
      krPerUnit = krPerUnitOfColumn(c.columnOf.get('amount') ?? '');
    },
    notices() {
      return moneyNotices(ctx.file, ctx.columnOf.get('amount'), krPerUnit);
    },
    row(rec: RecordView) {
      const b = readText(rec, 'building');
      const year = readInt(rec, 'year', ctx.decimal, 1900, 2100);
      const typeText = rec.get('type');
      const amount = readNumber(rec, 'amount', ctx.decimal, 0, 1e11);
      let ok = true;
      for (const [f, v] of [['building', b], ['year', year], ['type', typeText], ['amount', amount]] as const) {
        if (v === undefined) {
          ok = false;
          rec.issue('required', f);
        }
        else if (v === null) ok = false;
      }
      if (!ok) return null;
      const type = costType(typeText!);
      if (!type) return rec.issue('invalid_value', 'type', { reason: COST_TYPES.join(', ') }), null;
      const building = buildings.find(b!);
      if (!building) return rec.issue('unknown_building', 'building'), null;
      if (ctx.allowedBuildings && !ctx.allowedBuildings.has(building.id)) return rec.issue('building_not_assigned', 'building'), null;
      const kr = amount! * krPerUnit;
      const checks = ctx.settings.importChecks;
      if (building.grossAreaM2 && kr > 0) {
        const perM2 = kr / building.grossAreaM2;
        if ((perM2 < checks.costPerM2Min || perM2 > checks.costPerM2Max) && report(rec, checks.costPerM2, 'implausible_cost_per_m2', 'amount', { perM2: Math.round(perM2 * 10) / 10, min: checks.costPerM2Min, max: checks.costPerM2Max })) return null;
      }
      return [building.id, year!, type, kr, rec.line];
    },
    async merge(client) {
      const { rows } = await client.query<{ inserted: string; updated: string; building_ids: string[] }>(
        `WITH ins AS (
           INSERT INTO cost_record AS c (building_id, year, type, amount_dkk)
           SELECT DISTINCT ON (building_id, year, type) building_id, year, type, amount FROM stage ORDER BY building_id, year, type, line DESC
           ON CONFLICT (building_id, year, type) DO UPDATE SET amount_dkk = EXCLUDED.amount_dkk WHERE c.amount_dkk IS DISTINCT FROM EXCLUDED.amount_dkk
           RETURNING (xmax = 0) AS inserted, building_id)
         SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated,
                COALESCE(array_agg(DISTINCT building_id::text), '{}') AS building_ids FROM ins`,
      );
      // Only rows that changed come back, so re-importing the same file re-scores nothing.
      return { inserted: Number(rows[0].inserted), updated: Number(rows[0].updated), buildingIds: rows[0].building_ids };
    },
  };
}
