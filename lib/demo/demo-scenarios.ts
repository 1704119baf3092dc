import type { Pool } from 'pg';
import { DEMO_USERS } from '@/lib/auth/demo-users';
import { loadOptimiserDefaults, loadPortfolio, loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { withDemandLimits } from '@/lib/demand/optimiser-demand';
import { loadHighs, optimiseSync, type OptimiseResult } from '@/lib/scenarios/optimise';
import { optimiseOptions } from '@/lib/scenarios/optimise-model';
import { changeStatus, createScenario, type ScenarioActor } from '@/lib/scenarios/scenario-store';
import { distanceKm, peakPeople, simulateScenario } from '@/lib/scenarios/simulate';
import type { ScenarioAction, ScenarioBuilding, ScenarioParams } from '@/lib/scenarios/types';

// Three example scenarios for the demo municipality, made through the same functions the app uses (loadPortfolio,
// the optimiser, simulateScenario, createScenario, changeStatus), so the scenario pages, the comparison and the
// politicians' view have something to show straight after `npm run demo`. Needs scores (run after npm run score).
// Idempotent: a scenario whose name already exists in the organisation is left alone. Created by the demo property
// manager when that user exists (scripts/demo-users.ts), else with no user; the audit rows say source 'demo-seed'.

export const DEMO_SCENARIO_NAMES = {
  optimised: 'Optimeret forslag 2027',
  daycare: 'Sammenlægning af dagtilbud i Herning Midt',
  draft: 'Kladde: udlejning af lavt udnyttede lokaler',
} as const;

/**
 * The lower end of the demo proposal's band: the demo municipality's measured buildings allow about 3,5 % fewer m²
 * under the defensible rules (npm run optimise shows it), so the proposal asks for 3–10 % rather than 5–10 %.
 */
export const DEMO_TARGET_MIN = 0.03;
/** Lower ends tried in turn when DEMO_TARGET_MIN is out of reach. */
export const DEMO_TARGET_FALLBACKS = [0.02, 0.01] as const;

/** The district the day-care merger looks in (the town centre of the generated Herning). */
export const DAYCARE_DISTRICT = 'Centrum';

export interface DemoScenarioSummary {
  name: string;
  id: string;
  status: 'draft' | 'proposed';
  created: boolean;
  buildings: number;
}

export interface DemoScenariosResult {
  actor: { userId: string | null; email: string | null };
  scenarios: DemoScenarioSummary[];
  optimiser: Pick<OptimiseResult, 'status' | 'gap' | 'seconds'> | null;
}

/**
 * Picks the day-care merger: within one district, a receiving day-care with measured peak utilisation and the most
 * room under the ceiling, and two or three of the least used day-cares (measured peak) within `maxKm` that fit into
 * that room together. Returns the merge actions, or [] when the district has no such group.
 */
export function pickDaycareMerger(daycares: ScenarioBuilding[], params: ScenarioParams, maxKm = 3): ScenarioAction[] {
  const measured = daycares.filter((b) => b.peakUtilisation !== null && b.capacity && b.usersTotal !== null && b.lat !== null);
  let best: { receiver: ScenarioBuilding; movers: ScenarioBuilding[]; area: number } | null = null;
  for (const receiver of measured) {
    let room = (params.peakUtilisationCeiling - receiver.peakUtilisation!) * receiver.capacity!;
    const movers: ScenarioBuilding[] = [];
    const weakest = measured
      .filter((b) => b.id !== receiver.id && (distanceKm(b, receiver) ?? Infinity) <= maxKm)
      .sort((a, b) => a.peakUtilisation! - b.peakUtilisation! || a.id.localeCompare(b.id));
    for (const b of weakest) {
      if (movers.length === 3) break;
      if (peakPeople(b) > room) continue;
      room -= peakPeople(b);
      movers.push(b);
    }
    const area = movers.reduce((s, b) => s + b.grossAreaM2, 0);
    if (movers.length >= 2 && (!best || movers.length > best.movers.length || (movers.length === best.movers.length && area > best.area))) {
      best = { receiver, movers, area };
    }
  }
  if (!best) return [];
  return best.movers.map((b) => ({ buildingId: b.id, action: 'merge', receivers: [{ buildingId: best.receiver.id, share: 1 }] }));
}

/** Creates the three demo scenarios in organisation `slug` (default 'demo') unless they exist. */
export async function createDemoScenarios(pool: Pool, slug = 'demo', year = new Date().getFullYear()): Promise<DemoScenariosResult> {
  const { rows: orgs } = await pool.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [slug]);
  if (!orgs[0]) throw new Error(`organisation "${slug}" not found — run npm run seed`);
  const organisationId = orgs[0].id;
  const manager = DEMO_USERS.property_manager;
  const { rows: users } = await pool.query<{ id: string }>(
    `SELECT u.id FROM app_user u JOIN membership m ON m.user_id = u.id AND m.organisation_id = $2 WHERE u.email = $1`,
    [manager.email, organisationId],
  );
  const userId = users[0]?.id ?? null;
  const actor: ScenarioActor = { userId, source: 'demo-seed' };
  const { rows: existingRows } = await pool.query<{ id: string; name: string; status: 'draft' | 'proposed' }>(
    'SELECT id, name, status FROM scenario WHERE organisation_id = $1 AND name = ANY($2)',
    [organisationId, Object.values(DEMO_SCENARIO_NAMES)],
  );
  const existing = new Map(existingRows.map((r) => [r.name, r]));
  const { rows: scored } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM building_score WHERE organisation_id = $1', [organisationId]);
  if (existing.size < 3 && scored[0].n === 0) throw new Error(`organisation "${slug}" has no scores — run npm run score first`);

  const portfolio = await loadPortfolio(pool, organisationId, year);
  const params = await loadScenarioDefaults(pool, organisationId);
  const out: DemoScenarioSummary[] = [];
  let optimiser: DemoScenariosResult['optimiser'] = null;

  async function save(name: string, description: string, actions: ScenarioAction[], status: 'draft' | 'proposed', details?: Record<string, unknown>) {
    const found = existing.get(name);
    if (found) return void out.push({ name, id: found.id, status: found.status, created: false, buildings: 0 });
    const result = simulateScenario(portfolio, actions, params);
    const id = await createScenario(pool, organisationId, { name, description, params, actions, result }, { ...actor, details });
    if (status === 'proposed') {
      const change = await changeStatus(pool, organisationId, id, 'proposed', actor);
      if (!change.ok) throw new Error(`could not propose "${name}": ${change.reason}`);
    }
    out.push({ name, id, status, created: true, buildings: actions.length });
  }

  // 1. The optimiser's proposal under the defensible rules: closures only on measured use, receivers within their
  // measured peak and registered places, the organisation's compatibility table, 3 km. On the demo's measurements the
  // band starts at DEMO_TARGET_MIN (5 % needs the unmeasured buildings measured first: the proposal lists them).
  if (!existing.has(DEMO_SCENARIO_NAMES.optimised)) {
    const rules = await loadOptimiserDefaults(pool, organisationId);
    const highs = await loadHighs();
    // The proposal keeps the demo forecast's main variant covered in every district and year (docs/demand.md § Demo).
    const demand = await loadDemandInputs(pool, organisationId, year);
    const solve = (targetMin: number) => {
      const options = withDemandLimits(optimiseOptions(params, { ...rules, compatibility: rules.compatibility as Record<string, string[]>, targetMin, timeLimitSeconds: 10 }), demand, 'main');
      return { options, result: optimiseSync(highs, portfolio, params, options) };
    };
    // A smaller demo (tests load it at 40 %) measures fewer buildings: the band's lower end steps down until reachable.
    let { options, result } = solve(DEMO_TARGET_MIN);
    for (const lower of DEMO_TARGET_FALLBACKS) {
      if (result.plan) break;
      ({ options, result } = solve(lower));
    }
    if (!result.plan) throw new Error(`the optimiser found no demo proposal (${result.status}; binding: ${result.binding.join(', ') || '–'})`);
    optimiser = { status: result.status, gap: result.gap, seconds: result.seconds };
    await save(
      DEMO_SCENARIO_NAMES.optimised,
      `Optimeringens forslag: ${Math.round(options.targetMin * 100)}–${Math.round(options.targetMax * 100)} % færre m² (mere kræver at flere bygninger måles), højst 3 km ekstra afstand, modtagere højst 85 % belagt i spidsbelastning og inden for deres registrerede pladser, kun lukning af bygninger med målt brug (datasikkerhed mindst ${Math.round(options.minClosureConfidence * 100)} %), organisationens regler for hvilke funktioner der må flytte sammen, og befolkningsprognosens behov for pladser (hovedvariant) dækket i alle distrikter og år.`,
      result.plan.actions,
      'proposed',
      { optimiser: { options: { ...options, demandLimits: undefined, demandVariant: 'main' }, status: result.status, gap: result.gap, objective: result.plan.objective, greedyObjective: result.greedy?.objective ?? null, seconds: result.seconds } },
    );
  } else {
    await save(DEMO_SCENARIO_NAMES.optimised, '', [], 'proposed');
  }

  // 2. By hand: two or three weak day-care centres in the town centre move into a nearby one with room.
  const { rows: centre } = await pool.query<{ id: string }>(
    `SELECT b.id FROM building b JOIN district d ON d.id = b.district_id WHERE b.organisation_id = $1 AND d.name = $2 AND b.category = 'daycare'`,
    [organisationId, DAYCARE_DISTRICT],
  );
  const inCentre = new Set(centre.map((r) => r.id));
  const merger = pickDaycareMerger(portfolio.filter((b) => inCentre.has(b.id)), params);
  if (merger.length === 0 && !existing.has(DEMO_SCENARIO_NAMES.daycare)) throw new Error(`no day-care merger fits in district ${DAYCARE_DISTRICT}`);
  await save(
    DEMO_SCENARIO_NAMES.daycare,
    'Håndbygget: de mindst udnyttede dagtilbud i bymidten flytter sammen i et nærliggende dagtilbud med plads (målt spidsbelægning under loftet efter flytningen).',
    merger,
    'proposed',
  );

  // 3. A draft: let out the two least used administration or culture buildings with a measured peak.
  const lettable = portfolio
    .filter((b) => (b.category === 'administration' || b.category === 'culture') && b.peakUtilisation !== null && b.grossAreaM2 > 0)
    .sort((a, b) => a.peakUtilisation! - b.peakUtilisation! || a.id.localeCompare(b.id))
    .slice(0, 2);
  await save(
    DEMO_SCENARIO_NAMES.draft,
    'Kladde: de to mindst udnyttede administrations- og kulturbygninger udlejes; brugerne skal endnu have en ny adresse.',
    lettable.map((b) => ({ buildingId: b.id, action: 'let_out', receivers: [] })),
    'draft',
  );
  return { actor: { userId, email: userId ? manager.email : null }, scenarios: out, optimiser };
}
