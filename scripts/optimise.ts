// npm run optimise -- --target-min 0.05 --target-max 0.10 --max-distance-km 3 [--ceiling 0.85] [--mode savings|service]
//   [--must-keep id,id] [--compatible culture:school+administration,sport:school | none] [--savings-floor 1000000]
//   [--include-sale] [--assume-unknown-peak] [--min-confidence 0.5] [--allow-registry-closures] [--horizon 10]
//   [--time-limit 30] [--gap 0.01] [--year 2026]
//   [--json] [--org demo] [--save "name"]
// Proposes which buildings to close and where their users go (HiGHS MILP in a worker thread) and compares with the
// greedy baseline. --must-keep takes building ids or registry ids. Without --compatible the organisation's default
// category rules apply (as in the optimiser form); --compatible none allows moves within a category only. Progress goes to stderr, the result to stdout.
import { parseArgs } from 'node:util';
import { getPool } from '@/lib/db/pool';
import { formatArea, formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import { loadOptimiserDefaults, loadPortfolio, loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import { optimiseOptions, type ConstraintName } from '@/lib/scenarios/optimise-model';
import { OPTIMISER_DEFAULTS } from '@/lib/scenarios/optimiser-defaults';
import { optimiseInWorker } from '@/lib/scenarios/optimise-worker-client';
import { createScenario } from '@/lib/scenarios/scenario-store';
import { simulateScenario } from '@/lib/scenarios/simulate';

async function main() {
  const { values } = parseArgs({
    options: {
      'target-min': { type: 'string', default: String(OPTIMISER_DEFAULTS.targetMin) },
      'target-max': { type: 'string', default: String(OPTIMISER_DEFAULTS.targetMax) },
      'max-distance-km': { type: 'string' },
      ceiling: { type: 'string' },
      mode: { type: 'string', default: 'savings' },
      'time-limit': { type: 'string', default: String(OPTIMISER_DEFAULTS.timeLimitSeconds) },
      gap: { type: 'string', default: String(OPTIMISER_DEFAULTS.mipRelGap) },
      'must-keep': { type: 'string', default: '' },
      compatible: { type: 'string' },
      'savings-floor': { type: 'string' },
      'include-sale': { type: 'boolean', default: false },
      'assume-unknown-peak': { type: 'boolean', default: false },
      'min-confidence': { type: 'string' },
      'allow-registry-closures': { type: 'boolean', default: false },
      horizon: { type: 'string', default: String(OPTIMISER_DEFAULTS.horizonYears) },
      year: { type: 'string', default: String(new Date().getFullYear()) },
      json: { type: 'boolean', default: false },
      org: { type: 'string', default: process.env.AREAL_DEFAULT_ORG ?? 'demo' },
      save: { type: 'string' },
    },
  });
  if (values.mode !== 'savings' && values.mode !== 'service') throw new Error('--mode must be savings or service');
  const pool = getPool();
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [values.org]);
  if (!rows[0]) throw new Error(`No organisation "${values.org}"`);
  const orgId = rows[0].id;
  const params = await loadScenarioDefaults(pool, orgId);
  if (values.ceiling) params.peakUtilisationCeiling = Number(values.ceiling);
  if (values['max-distance-km']) params.maxAddedTravelKm = Number(values['max-distance-km']);
  const portfolio = await loadPortfolio(pool, orgId, Number(values.year));
  const mustKeep = await resolveMustKeep(pool, orgId, values['must-keep']);
  const orgRules = await loadOptimiserDefaults(pool, orgId);
  const options = optimiseOptions(params, {
    minClosureConfidence: values['min-confidence'] === undefined ? orgRules.minClosureConfidence : Number(values['min-confidence']),
    allowRegistryClosures: values['allow-registry-closures'],
    placesCeiling: orgRules.placesCeiling,
    targetMin: Number(values['target-min']),
    targetMax: Number(values['target-max']),
    mode: values.mode,
    mustKeep,
    compatibility: values.compatible === undefined ? orgRules.compatibility : parseCompatibility(values.compatible),
    horizonYears: Number(values.horizon),
    includeSaleValue: values['include-sale'],
    savingsFloorDkk: values['savings-floor'] === undefined ? null : Number(values['savings-floor']),
    unknownUtilisation: values['assume-unknown-peak'] ? 'assume_users' : 'cannot_receive',
    timeLimitSeconds: Number(values['time-limit']),
    mipRelGap: Number(values.gap),
  });
  const PHASE = { building: 'bygger model', solving: 'løser', diagnosing: 'finder bindende begrænsning', done: 'færdig' } as const;
  const result = await optimiseInWorker(portfolio, params, options, (p) => {
    const what = `${PHASE[p.phase]}${p.phase === 'diagnosing' ? ` (${p.purpose})` : ''}`;
    process.stderr.write(`\r${what}: ${formatNumber(p.seconds, 'da', 1)} s${p.gap === null ? '' : `, højst ${formatPercent(p.gap, 'da', 2)} fra det bedst mulige`}        `);
  });
  process.stderr.write('\n');
  const outcome = result.plan ? simulateScenario(portfolio, result.plan.actions, params) : null;
  const greedyOutcome = result.greedy ? simulateScenario(portfolio, result.greedy.actions, params) : null;
  let savedId: string | null = null;
  if (values.save && result.plan && outcome) {
    savedId = await createScenario(pool, orgId, { name: values.save, params, actions: result.plan.actions, result: outcome }, {
      userId: null,
      source: 'cli',
      details: { optimiser: { options, status: result.status, gap: result.gap, objective: result.plan.objective, greedyObjective: result.greedy?.objective ?? null, seconds: result.seconds } },
    });
  }
  if (values.json) {
    console.log(JSON.stringify({ options, result, outcome, greedyOutcome, savedId }, null, 2));
  } else {
    const byId = new Map(portfolio.map((b) => [b.id, b]));
    const bound = result.bound === null ? '–' : values.mode === 'savings' ? formatMoney(result.bound, 'da') : `${formatNumber(result.bound, 'da', 0)} bruger-km`;
    console.log(`Optimering (${values.mode === 'savings' ? 'størst nettobesparelse' : 'mindst flytning'}): ${STATUS_DA[result.status]}, ${formatNumber(result.seconds, 'da', 2)} s, ` +
      `${result.gap === null ? 'afstand til det bedst mulige ukendt' : `højst ${formatPercent(result.gap, 'da', 2)} fra det bedst mulige`} (ingen plan kan give mere end ${bound}); ${result.size.candidates} kandidater, ${result.size.moves} mulige flytninger; ${result.needsMeasuring.length} bygninger skal måles før de kan foreslås lukket` +
      (result.size.ancillaryExcluded > 0 ? `; ${result.size.ancillaryExcluded} sekundære bygninger (garager, udhuse o.l., BBR 910–990) holdt uden for` : ''));
    if (result.status === 'infeasible') {
      console.log(`Målet kan ikke nås. ${result.bindingCombined ? 'Flere begrænsninger binder på én gang (ingen enkelt lempelse er nok).' : `Bindende begrænsning: ${result.binding.map((c) => CONSTRAINT_DA[c]).join(', ')}`}`);
    }
    if (outcome && result.plan) {
      console.log(`Areal fjernet: ${formatArea(outcome.areaRemovedM2, 'da')} (${formatPercent(outcome.areaRemovedShare, 'da', 1)} af ${formatArea(outcome.portfolioAreaM2, 'da')})`);
      console.log(`Årlig besparelse: ${formatMoney(outcome.annualSavingsDkk, 'da')}; engangsudgifter ${formatMoney(outcome.oneOffCostsDkk, 'da')}; salgsværdi ${formatMoney(outcome.saleValueDkk, 'da')}`);
      console.log(`CO₂ undgået: ${formatNumber(outcome.co2AvoidedTPerYear, 'da', 1)} t/år; ${formatNumber(outcome.usersAffected, 'da')} brugere flytter, gns. ${formatNumber(outcome.travel.meanAddedKm ?? 0, 'da', 1)} km ekstra (maks ${formatNumber(outcome.travel.maxAddedKm ?? 0, 'da', 1)} km)`);
      for (const a of result.plan.actions) {
        const to = a.receivers.map((r) => `${byId.get(r.buildingId)?.name} (${formatPercent(r.share, 'da')})`).join(', ');
        console.log(`  ${a.action === 'merge' ? 'Sammenlæg' : 'Luk'} ${byId.get(a.buildingId)?.name} (${formatArea(byId.get(a.buildingId)!.grossAreaM2, 'da')})${to ? ' → ' + to : ''}`);
      }
    }
    if (result.greedy && result.plan && values.mode === 'savings') {
      const ratio = result.greedy.objective > 0 ? result.plan.objective / result.greedy.objective : null;
      console.log(`Nettobesparelse/år (${options.includeSaleValue ? 'med' : 'uden'} salgsværdi, engangsudgifter over ${options.horizonYears} år): bedste løsning ${formatMoney(result.plan.objective, 'da')} mod den enkle metode (lukker de dyreste m² først) ${formatMoney(result.greedy.objective, 'da')}` +
        (ratio ? ` (${formatPercent(ratio - 1, 'da', 1)} mere)` : ''));
    } else if (result.greedy && result.plan) {
      console.log(`Bruger-km: bedste løsning ${formatNumber(result.plan.objective, 'da', 0)} mod den enkle metode ${formatNumber(result.greedy.objective, 'da', 0)}`);
    } else console.log('Den enkle metode fandt ingen plan inden for målet.');
    if (greedyOutcome) console.log(`Den enkle metode: ${formatArea(greedyOutcome.areaRemovedM2, 'da')}, ${formatMoney(greedyOutcome.annualSavingsDkk, 'da')}/år`);
    if (savedId) console.log(`Gemt som scenarie ${savedId}`);
  }
  await pool.end();
}

const STATUS_DA = { optimal: 'bedste løsning fundet', feasible: 'gyldig plan (tidsgrænsen nået)', infeasible: 'umuligt', no_solution: 'ingen løsning inden for tidsgrænsen' } as const;
const CONSTRAINT_DA: Record<ConstraintName, string> = {
  confidence: 'mindste datasikkerhed for lukning (målt brug)',
  places: 'modtagernes registrerede pladser',
  distance: 'maks. afstand',
  ceiling: 'belægningsloft (eller ukendt belægning hos modtagerne)',
  mustKeep: 'bygninger der skal blive',
  compatibility: 'kategorier der må flytte sammen',
  targetBand: 'målets øvre grænse',
  savingsFloor: 'mindste besparelse',
  demand: 'fremtidigt behov (prognose)',
};

/** Building ids for --must-keep: each value may be a building id or a registry id. */
async function resolveMustKeep(pool: ReturnType<typeof getPool>, orgId: string, list: string): Promise<string[]> {
  const keys = list.split(',').map((k) => k.trim()).filter(Boolean);
  if (keys.length === 0) return [];
  const { rows } = await pool.query<{ id: string; key: string }>(
    `SELECT b.id, k AS key FROM unnest($2::text[]) k JOIN building b ON b.organisation_id = $1 AND (b.id::text = k OR b.registry_id = k)`,
    [orgId, keys],
  );
  const missing = keys.filter((k) => !rows.some((r) => r.key === k));
  if (missing.length > 0) throw new Error(`--must-keep: unknown building ${missing.join(', ')}`);
  return rows.map((r) => r.id);
}

/** --compatible culture:school+administration,sport:school → { culture: ['school', 'administration'], sport: ['school'] }. */
function parseCompatibility(spec: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  if (spec.trim() === 'none') return map;
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [from, to] = part.split(':');
    if (!from || !to) throw new Error(`--compatible: expected from:to+to, got "${part}"`);
    map[from] = to.split('+').filter(Boolean);
  }
  return map;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
