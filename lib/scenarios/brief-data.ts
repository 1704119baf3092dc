import type { Pool } from 'pg';
import { canSeeScenario, type Role } from '@/lib/auth/roles';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { scenarioDemand, type ScenarioDemand } from '@/lib/demand/scenario-demand';
import { scenarioIdSchema } from './api';
import { citizenBrief, scenarioSketch, type CitizenBrief, type ScenarioSketch } from './citizen-brief';
import { loadOptimiserDefaults, loadPortfolio } from './load-portfolio';
import { getScenario, type StoredScenario } from './scenario-store';
import { simulateScenario } from './simulate';
import type { ScenarioBuilding, ScenarioOutcome } from './types';

// What the scenario pages read: the scenario the caller may see, and everything the politicians' brief shows of it.

/** The scenario if the caller may see it; null for a malformed or unknown id, another organisation's, or a draft a viewer may not read. */
export async function visibleScenario(pool: Pool, auth: { organisation: { id: string }; role: Role }, id: string): Promise<StoredScenario | null> {
  if (!scenarioIdSchema.safeParse(id).success) return null;
  const scenario = await getScenario(pool, auth.organisation.id, id);
  return scenario && canSeeScenario(auth.role, scenario.status) ? scenario : null;
}

export interface ScenarioBriefData {
  portfolio: readonly ScenarioBuilding[];
  outcome: ScenarioOutcome;
  citizens: CitizenBrief;
  sketch: ScenarioSketch | null;
  demand: ScenarioDemand | null;
}

/** The brief's figures for `scenario` against the portfolio and demand of `year`. */
export async function loadScenarioBrief(pool: Pool, organisationId: string, scenario: StoredScenario, year: number): Promise<ScenarioBriefData> {
  const [portfolio, rules, demandInputs] = await Promise.all([
    loadPortfolio(pool, organisationId, year), loadOptimiserDefaults(pool, organisationId), loadDemandInputs(pool, organisationId, year),
  ]);
  return {
    portfolio,
    outcome: simulateScenario(portfolio, scenario.actions, scenario.params),
    citizens: citizenBrief(portfolio, scenario.actions, rules.minClosureConfidence),
    sketch: scenarioSketch(portfolio, scenario.actions),
    demand: scenarioDemand(demandInputs, scenario.actions, scenario.params.maxAddedTravelKm),
  };
}
