import { distanceKm, peakPeople } from './simulate';
import type { ScenarioAction, ScenarioBuilding, ScenarioParams } from './types';

// The action a building gets when it is picked into a scenario (from the map, the ranking or the builder's map):
// merge all its users into the nearest building of the same category that has room for them, else close it.
// The user edits it in the builder; this only has to be a sensible start. Pure: the API route and the builder
// (in the browser) call the same function.
//
// "Room" is the receiver's spare peak under the scenario's ceiling: (ceiling − peak) × capacity, minus what the
// scenario's existing merges already move into it — the same arithmetic the simulation uses. A receiver must have
// a measured peak and a capacity (an unmeasured building has no proven room, as in the optimiser), a position, and
// be within the scenario's longest allowed move (maxAddedTravelKm); it must not itself be taken out of use.

/** Peak people already moved into each receiver by the scenario's merges (share moves add no peak). */
function loadsFrom(actions: ScenarioAction[], byId: Map<string, ScenarioBuilding>): Map<string, number> {
  const load = new Map<string, number>();
  for (const a of actions) {
    if (a.action !== 'merge') continue;
    const b = byId.get(a.buildingId);
    if (!b) continue;
    for (const r of a.receivers) load.set(r.buildingId, (load.get(r.buildingId) ?? 0) + peakPeople(b) * r.share);
  }
  return load;
}

/**
 * The default action for one building, given the scenario's current actions. `alsoLeaving` are buildings about to be
 * picked too (they cannot receive either).
 */
export function defaultAction(
  portfolio: ScenarioBuilding[],
  actions: ScenarioAction[],
  buildingId: string,
  params: ScenarioParams,
  alsoLeaving: Iterable<string> = [],
): ScenarioAction {
  const byId = new Map(portfolio.map((b) => [b.id, b]));
  const b = byId.get(buildingId);
  const close: ScenarioAction = { buildingId, action: 'close', receivers: [] };
  if (!b || !b.usersTotal || b.usersTotal <= 0) return close; // nobody to move
  const removed = new Set([...actions.map((a) => a.buildingId), buildingId, ...alsoLeaving]);
  const load = loadsFrom(actions, byId);
  const need = peakPeople(b);
  let best: { id: string; km: number } | null = null;
  for (const r of portfolio) {
    if (removed.has(r.id) || r.category !== b.category) continue;
    if (r.peakUtilisation === null || !r.capacity || r.capacity <= 0) continue;
    const km = distanceKm(b, r);
    if (km === null || km > params.maxAddedTravelKm) continue;
    const spare = (params.peakUtilisationCeiling - r.peakUtilisation) * r.capacity - (load.get(r.id) ?? 0);
    if (spare + 1e-9 < need) continue;
    if (!best || km < best.km || (km === best.km && r.id < best.id)) best = { id: r.id, km };
  }
  return best ? { buildingId, action: 'merge', receivers: [{ buildingId: best.id, share: 1 }] } : close;
}

/**
 * Appends default actions for the picked buildings, in order. None of the picked buildings can receive another's
 * users, and each sees the merges added before it (two picks do not both fill a receiver's last places). Buildings
 * already in the scenario, unknown ids and repeats are skipped.
 */
export function withDefaultActions(
  portfolio: ScenarioBuilding[],
  actions: ScenarioAction[],
  buildingIds: string[],
  params: ScenarioParams,
): { actions: ScenarioAction[]; added: ScenarioAction[] } {
  const known = new Set(portfolio.map((b) => b.id));
  const picked = [...new Set(buildingIds)].filter((id) => known.has(id) && !actions.some((a) => a.buildingId === id));
  const added: ScenarioAction[] = [];
  for (const id of picked) added.push(defaultAction(portfolio, [...actions, ...added], id, params, picked));
  return { actions: [...actions, ...added], added };
}
