// The database edge of scoring: score a whole organisation and store the results in building_score, or re-score
// only the buildings an import touched (their KPIs are recomputed; the rest of their categories are re-ranked from
// the stored KPIs and only rows whose scores or category medians changed are rewritten).
import type { ClientBase } from 'pg';
import type { ScoreWeights } from '@/lib/organisations/settings';
import type { Category } from '@/lib/registry/categories';
import { explainScores } from './explain';
import { buildingKpis, type BuildingKpis } from './kpis';
import { defaultPeriod, loadScoringInputs, loadSettings } from './load-inputs';
import type { Period } from './opening-hours';
import { latestScoredPeriod } from './scored-period';
import { scorePortfolio, type BuildingScore } from './score-portfolio';
import { combineScores, scoreWithinCategories, type PartialScores, type RankedKpis, type ScoredKpis } from './scores';

export interface ScoreRunSummary {
  period: Period | null;
  buildings: number;
  withUtilisation: number;
  written: number;
  timingsMs: { load: number; compute: number; write: number; total: number };
}

/** Scores every building of the organisation over `period` (default: the 91 days up to the newest data) and stores them. */
export async function computeScores(
  client: ClientBase,
  organisationId: string,
  { asOf, period, weights }: { asOf: Date; period?: Period; weights?: ScoreWeights },
): Promise<ScoreRunSummary> {
  const t0 = performance.now();
  const settings = await loadSettings(client, organisationId);
  const p = period ?? (await defaultPeriod(client, organisationId, asOf, settings.timeZone)) ?? emptyPeriod(asOf);
  const inputs = await loadScoringInputs(client, organisationId, p, asOf, { settings });
  const t1 = performance.now();
  const results = scorePortfolio(inputs, weights ?? settings.scoreWeights, asOf);
  const t2 = performance.now();
  await atomically(client, async () => {
    await client.query('DELETE FROM building_score WHERE organisation_id = $1 AND period_from = $2::date AND period_to = $3::date', [organisationId, p.from, p.to]);
    await writeScores(client, organisationId, p, results);
  });
  const t3 = performance.now();
  return {
    period: p,
    buildings: results.length,
    withUtilisation: results.filter((r) => r.scores.utilisation !== null).length,
    written: results.length,
    timingsMs: { load: t1 - t0, compute: t2 - t1, write: t3 - t2, total: t3 - t0 },
  };
}

/**
 * Re-scores the buildings an import touched, in the organisation's latest scored period (full run when never
 * scored). Call with RollupRefresh.buildingIds after refreshRollups(). Returns how many rows were rewritten.
 */
export async function rescoreBuildings(client: ClientBase, organisationId: string, buildingIds: readonly string[], asOf: Date): Promise<{ rewritten: number; ms: number }> {
  const t0 = performance.now();
  if (buildingIds.length === 0) return { rewritten: 0, ms: 0 };
  const period = await latestScoredPeriod(client, organisationId);
  if (!period) return { rewritten: (await computeScores(client, organisationId, { asOf })).written, ms: performance.now() - t0 };
  const settings = await loadSettings(client, organisationId);
  const inputs = await loadScoringInputs(client, organisationId, period, asOf, { buildingIds, settings });
  const touched = new Map(inputs.map((i) => [i.building.id, { id: i.building.id, category: i.building.category, kpis: buildingKpis(i, asOf) }]));
  const categories = [...new Set(inputs.map((i) => i.building.category))];

  // The rest of the touched categories, from the stored rows: ranked KPI values, old scores and old category stats.
  const { rows: peers } = await client.query<{
    building_id: string; category: Category; utilisation: number | null; cost: number | null; backlog: number | null;
    s_u: number | null; s_c: number | null; s_m: number | null; stats: string;
  }>(
    `SELECT building_id, category, (kpis->>'utilisation')::float8 AS utilisation, (kpis->>'costPerM2')::float8 AS cost,
            (kpis->>'backlogPerM2')::float8 AS backlog, utilisation_score AS s_u, cost_score AS s_c, condition_score AS s_m,
            jsonb_build_object('m', explanation->'medians', 'n', explanation->'peers')::text AS stats
       FROM building_score
      WHERE organisation_id = $1 AND period_from = $2::date AND period_to = $3::date AND category = ANY($4::text[])
        AND NOT (building_id = ANY($5::uuid[]))`,
    [organisationId, period.from, period.to, categories, [...touched.keys()]],
  );
  const items: ScoredKpis<RankedKpis>[] = [
    ...touched.values(),
    ...peers.map((p) => ({ id: p.building_id, category: p.category, kpis: { utilisation: p.utilisation, costPerM2: p.cost, backlogPerM2: p.backlog } })),
  ];
  const { scores, stats } = scoreWithinCategories(items);
  const statsJson = (c: Category) => JSON.stringify({ m: stats.get(c)!.median, n: stats.get(c)!.n });
  const changedPeers = peers.filter((p) => {
    const s = scores.get(p.building_id)!;
    const same = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) < 1e-9);
    return !same(s.utilisation, p.s_u) || !same(s.cost, p.s_c) || !same(s.condition, p.s_m) || !sameJson(p.stats, statsJson(p.category));
  });
  // Unchanged KPIs of changed peers are read back whole, to rebuild their explanation.
  const { rows: full } = changedPeers.length
    ? await client.query<{ building_id: string; category: Category; kpis: BuildingKpis }>(
        `SELECT building_id, category, kpis FROM building_score
          WHERE organisation_id = $1 AND period_from = $2::date AND period_to = $3::date AND building_id = ANY($4::uuid[])`,
        [organisationId, period.from, period.to, changedPeers.map((p) => p.building_id)],
      )
    : { rows: [] };
  const rewrite: BuildingScore[] = [...touched.values(), ...full.map((f) => ({ id: f.building_id, category: f.category, kpis: f.kpis }))].map((item) => {
    const s = scores.get(item.id) as PartialScores;
    return {
      buildingId: item.id, category: item.category, kpis: item.kpis, scores: s, combined: combineScores(s, settings.scoreWeights),
      confidence: item.kpis.confidence, explanation: explainScores(item.category, item.kpis, s, stats.get(item.category)!),
    };
  });
  await atomically(client, () => writeScores(client, organisationId, period, rewrite));
  return { rewritten: rewrite.length, ms: performance.now() - t0 };
}

function sameJson(a: string, b: string): boolean {
  // Postgres normalises jsonb key order and number spelling; compare parsed values.
  const norm = (s: string) => JSON.stringify(JSON.parse(s), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
  return norm(a) === norm(b);
}

async function writeScores(client: ClientBase, organisationId: string, period: Period, results: readonly BuildingScore[]): Promise<void> {
  const chunk = 2_000;
  for (let i = 0; i < results.length; i += chunk) {
    const part = results.slice(i, i + chunk);
    await client.query(
      `INSERT INTO building_score AS bs (building_id, organisation_id, period_from, period_to, category, kpis, utilisation_score,
                                         cost_score, condition_score, combined_score, confidence, explanation, computed_at)
       SELECT b, $1, $2::date, $3::date, c, k::jsonb, su, sc, sm, sx, cf, e::jsonb, now()
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::text[])
              AS t(b, c, k, su, sc, sm, sx, cf, e)
       ON CONFLICT (building_id, period_from, period_to) DO UPDATE
         SET category = EXCLUDED.category, kpis = EXCLUDED.kpis, utilisation_score = EXCLUDED.utilisation_score,
             cost_score = EXCLUDED.cost_score, condition_score = EXCLUDED.condition_score, combined_score = EXCLUDED.combined_score,
             confidence = EXCLUDED.confidence, explanation = EXCLUDED.explanation, computed_at = EXCLUDED.computed_at`,
      [
        organisationId, period.from, period.to,
        part.map((r) => r.buildingId), part.map((r) => r.category), part.map((r) => JSON.stringify(r.kpis)),
        part.map((r) => r.scores.utilisation), part.map((r) => r.scores.cost), part.map((r) => r.scores.condition),
        part.map((r) => r.combined), part.map((r) => r.confidence), part.map((r) => JSON.stringify(r.explanation)),
      ],
    );
  }
}

function emptyPeriod(asOf: Date): Period {
  const to = asOf.toISOString().slice(0, 10);
  const from = new Date(asOf.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/**
 * Runs fn all or nothing: in its own transaction, or under a savepoint when the caller already has one open (an
 * import re-scores inside its own transaction). A nested BEGIN/COMMIT would commit the caller's work — a dry run's
 * readings included.
 */
async function atomically<T>(client: ClientBase, fn: () => Promise<T>): Promise<T> {
  const nested = await client.query('SAVEPOINT areal_scores').then(
    () => true,
    (e: { code?: string }) => {
      if (e.code === '25P01') return false; // no transaction open: SAVEPOINT is only allowed inside one
      throw e;
    },
  );
  if (!nested) await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query(nested ? 'RELEASE SAVEPOINT areal_scores' : 'COMMIT');
    return result;
  } catch (error) {
    await client.query(nested ? 'ROLLBACK TO SAVEPOINT areal_scores' : 'ROLLBACK');
    throw error;
  }
}
