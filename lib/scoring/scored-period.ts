// "The latest scored period" — defined once, here, for every reader of building_score: the map (tiles, clusters,
// the list beside it), the ranking and the scores API, the building panel, scenarios and the re-score after an
// import. Latest means the period that ENDS last (then the shorter one), never the run that was computed last:
// re-scoring an earlier period (`npm run score -- --from … --to …`, a user checking last year) writes newer
// computed_at rows, and must not move what every page shows. Two copies of this rule (period_to vs computed_at)
// once made the map and the ranking show different periods. Served by the index building_score_org_period.
import type { ClientBase } from 'pg';
import { z } from 'zod';
import type { Period } from './opening-hours';

type Queryable = Pick<ClientBase, 'query'>;

/** The order of scored periods, newest first: by end, then the shorter (later start) one. */
const NEWEST_FIRST = 'period_to DESC, period_from DESC';

/** Placeholders (e.g. '$3', '$4') of a chosen period's first and last day, as ISO dates. */
export interface ChosenPeriodParams {
  from: string;
  to: string;
}

/**
 * SQL of a one-row subquery `(period_from, period_to)`: the organisation's latest scored period, or — with `chosen`
 * — that period if it was scored (else no row, so every score reads as "no data"). `org` is the placeholder of the
 * organisation id, e.g. '$1'. Use it as a CTE (`WITH latest AS (${scoredPeriodSql('$1')})`) or a derived table.
 */
export function scoredPeriodSql(org: string, chosen?: ChosenPeriodParams): string {
  const pick = chosen ? ` AND period_from = ${chosen.from}::date AND period_to = ${chosen.to}::date` : '';
  return `SELECT period_from, period_to FROM building_score WHERE organisation_id = ${org}${pick} ORDER BY ${NEWEST_FIRST} LIMIT 1`;
}

/** The organisation's latest scored period (see the file comment), or null if it was never scored. */
export async function latestScoredPeriod(db: Queryable, organisationId: string): Promise<Period | null> {
  const { rows } = await db.query<Period>(
    `SELECT to_char(period_from, 'YYYY-MM-DD') AS "from", to_char(period_to, 'YYYY-MM-DD') AS "to" FROM (${scoredPeriodSql('$1')}) p`,
    [organisationId],
  );
  return rows[0] ?? null;
}

/** Every period the organisation has scores for, latest first (the first is {@link latestScoredPeriod}). */
export async function listScoredPeriods(db: Queryable, organisationId: string): Promise<Period[]> {
  const { rows } = await db.query<Period>(
    `SELECT to_char(period_from, 'YYYY-MM-DD') AS "from", to_char(period_to, 'YYYY-MM-DD') AS "to"
       FROM (SELECT DISTINCT period_from, period_to FROM building_score WHERE organisation_id = $1) p ORDER BY ${NEWEST_FIRST}`,
    [organisationId],
  );
  return rows;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A period as it travels in a URL: `2026-01-01..2026-03-31`. */
export const periodParamSchema = z
  .string()
  .max(40)
  .transform((s, ctx): Period => {
    const [from, to, extra] = s.split('..');
    if (extra !== undefined || !ISO_DATE.test(from ?? '') || !ISO_DATE.test(to ?? '') || from > to) {
      ctx.addIssue({ code: 'custom', message: 'period must be YYYY-MM-DD..YYYY-MM-DD' });
      return z.NEVER;
    }
    return { from, to };
  });

/** The URL form of a period, the inverse of {@link periodParamSchema}. */
export function periodParam(p: Period): string {
  return `${p.from}..${p.to}`;
}
