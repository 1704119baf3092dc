import { toCsv } from '@/lib/format/csv';
import type { StoredScenario } from './scenario-store';
import type { ScenarioBuilding } from './types';

// Scenario exports: CSV of actions and moves (Danish: ';' and decimal comma, opens in Excel; the one CSV writer,
// lib/format/csv.ts, defuses formula cells such as a building named `-1+HYPERLINK(…)`) and JSON (everything,
// re-importable through POST /api/scenarios).

const da = (v: number, digits = 2) => v.toFixed(digits).replace('.', ',');

/** One CSV row per action and receiver: building, action, receiver, share, users moved. */
export function scenarioToCsv(scenario: StoredScenario, portfolio: ScenarioBuilding[]): string {
  const byId = new Map(portfolio.map((b) => [b.id, b]));
  const rows: string[][] = [];
  for (const a of scenario.actions) {
    const b = byId.get(a.buildingId);
    const base = [a.buildingId, b?.name ?? '', b?.category ?? '', da(b?.grossAreaM2 ?? 0, 0), a.action];
    if (a.receivers.length === 0) rows.push([...base, '', '', '', '']);
    for (const r of a.receivers) {
      rows.push([...base, r.buildingId, byId.get(r.buildingId)?.name ?? '', da(r.share, 4), da((b?.usersTotal ?? 0) * r.share, 1)]);
    }
  }
  const header = ['bygning_id', 'bygning', 'kategori', 'areal_m2', 'handling', 'modtager_id', 'modtager', 'andel', 'brugere_flyttet'];
  return toCsv(header, rows);
}

/** The whole scenario as JSON, shaped like the POST /api/scenarios body so it can be imported again. */
export function scenarioToJson(scenario: StoredScenario) {
  return {
    format: 'areal.scenario/v1',
    name: scenario.name,
    description: scenario.description,
    status: scenario.status,
    statusChangedAt: scenario.statusChangedAt,
    params: scenario.params,
    actions: scenario.actions,
    result: scenario.result,
  };
}
