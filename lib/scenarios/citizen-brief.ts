import { measuredEnoughToClose } from './optimise-model';
import { serviceKind, type ServiceKind } from './optimiser-defaults';
import { distanceKm } from './simulate';
import type { ScenarioAction, ScenarioBuilding } from './types';

// The brief about citizens (the politicians' view of a scenario): for each building taken out of use, who uses it,
// where they go, what that does to the receiver's places, and the nearest other buildings of the same kind that
// could take them, with distances. Warnings where a closure rests on unmeasured use or moves users into a different
// kind of building. Pure.

/** How the brief names a building's users: children in day-care, pupils at school, residents in care homes. */
export type UserWord = 'children' | 'pupils' | 'residents' | 'employees' | 'users';

const USER_WORD: Partial<Record<string, UserWord>> = { daycare: 'children', school: 'pupils', elderly: 'residents', administration: 'employees' };

export interface CitizenMove {
  id: string;
  name: string;
  kind: ServiceKind;
  differentKind: boolean;
  share: number;
  users: number | null;
  km: number | null;
  capacity: number | null;
  /** Registered users of the receiver before and after everyone in the scenario has moved in. */
  usersBefore: number | null;
  usersAfter: number | null;
}

export interface CitizenAlternative {
  id: string;
  name: string;
  km: number;
  /** Registered places not taken (capacity − users), null when either is unknown. */
  freePlaces: number | null;
}

export interface CitizenClosure {
  id: string;
  name: string;
  kind: ServiceKind;
  action: ScenarioAction['action'];
  users: number | null;
  userWord: UserWord;
  /** The closure rests on registry data: use not measured, or measured with too little confidence. */
  unmeasured: boolean;
  confidence: number | null;
  moves: CitizenMove[];
  alternatives: CitizenAlternative[];
}

export interface CitizenBrief {
  closures: CitizenClosure[];
  /** Buildings closed on unmeasured use. */
  unmeasuredIds: string[];
  /** Moves into a different kind of building: [from id, to id]. */
  differentKindMoves: [string, string][];
}

/** The citizens' side of a scenario; `minConfidence` is the organisation's minimum data confidence for a closure (0..1). */
export function citizenBrief(portfolio: readonly ScenarioBuilding[], actions: ScenarioAction[], minConfidence: number, alternatives = 3): CitizenBrief {
  const byId = new Map(portfolio.map((b) => [b.id, b]));
  const removed = new Set(actions.map((a) => a.buildingId));
  const usersIn = new Map<string, number>();
  for (const a of actions) {
    const users = byId.get(a.buildingId)?.usersTotal ?? 0;
    for (const r of a.receivers) usersIn.set(r.buildingId, (usersIn.get(r.buildingId) ?? 0) + users * r.share);
  }
  const closures: CitizenClosure[] = [];
  for (const a of actions) {
    const b = byId.get(a.buildingId);
    if (!b) continue;
    const kind = serviceKind(b);
    const moves = a.receivers.flatMap((r): CitizenMove[] => {
      const to = byId.get(r.buildingId);
      if (!to) return [];
      const toKind = serviceKind(to);
      return [{
        id: to.id,
        name: to.name,
        kind: toKind,
        differentKind: toKind !== kind,
        share: r.share,
        users: b.usersTotal === null ? null : b.usersTotal * r.share,
        km: distanceKm(b, to),
        capacity: to.capacity,
        usersBefore: to.usersTotal,
        usersAfter: to.usersTotal === null ? null : to.usersTotal + (usersIn.get(to.id) ?? 0),
      }];
    });
    const receiving = new Set(a.receivers.map((r) => r.buildingId));
    const nearest = portfolio
      .filter((p) => p.id !== b.id && !removed.has(p.id) && !receiving.has(p.id) && serviceKind(p) === kind)
      .map((p) => ({ p, km: distanceKm(b, p) }))
      .filter((x): x is { p: ScenarioBuilding; km: number } => x.km !== null)
      .sort((x, y) => x.km - y.km || x.p.name.localeCompare(y.p.name, 'da'))
      .slice(0, alternatives)
      .map(({ p, km }) => ({ id: p.id, name: p.name, km, freePlaces: p.capacity !== null && p.usersTotal !== null ? Math.max(0, p.capacity - p.usersTotal - (usersIn.get(p.id) ?? 0)) : null }));
    closures.push({
      id: b.id,
      name: b.name,
      kind,
      action: a.action,
      users: b.usersTotal,
      userWord: USER_WORD[b.category] ?? 'users',
      unmeasured: !measuredEnoughToClose(b, minConfidence),
      confidence: b.confidence,
      moves,
      alternatives: nearest,
    });
  }
  return {
    closures,
    unmeasuredIds: closures.filter((c) => c.unmeasured).map((c) => c.id),
    differentKindMoves: closures.flatMap((c) => c.moves.filter((m) => m.differentKind).map((m): [string, string] => [c.id, m.id])),
  };
}

/** A point of the scenario's map: a building's role in it. */
export interface MapPoint {
  id: string;
  name: string;
  role: 'removed' | 'receiver' | 'other';
  lon: number;
  lat: number;
}

export interface ScenarioSketch {
  width: number;
  height: number;
  points: (MapPoint & { x: number; y: number })[];
  moves: { from: string; to: string; x1: number; y1: number; x2: number; y2: number }[];
  /** Length of the scale bar in km and in drawing units. */
  scale: { km: number; length: number };
}

/**
 * A flat sketch of the scenario for the page and the PDF (no tiles, so it prints anywhere): the buildings involved
 * and the others around them, projected equirectangularly at the area's mean latitude onto `width` drawing units,
 * cropped to the involved buildings plus `padKm`.
 */
export function scenarioSketch(portfolio: readonly ScenarioBuilding[], actions: ScenarioAction[], width = 800, padKm = 1): ScenarioSketch | null {
  const removed = new Set(actions.map((a) => a.buildingId));
  const receivers = new Set(actions.flatMap((a) => a.receivers.map((r) => r.buildingId)));
  const placed = portfolio.filter((b): b is ScenarioBuilding & { lon: number; lat: number } => b.lon !== null && b.lat !== null);
  const involved = placed.filter((b) => removed.has(b.id) || receivers.has(b.id));
  if (involved.length === 0) return null;
  const meanLat = involved.reduce((s, b) => s + b.lat, 0) / involved.length;
  const kmPerDegLat = 111.2;
  const kmPerDegLon = kmPerDegLat * Math.cos((meanLat * Math.PI) / 180);
  const xs = involved.map((b) => b.lon * kmPerDegLon);
  const ys = involved.map((b) => b.lat * kmPerDegLat);
  const [minX, maxX] = [Math.min(...xs) - padKm, Math.max(...xs) + padKm];
  const [minY, maxY] = [Math.min(...ys) - padKm, Math.max(...ys) + padKm];
  const spanKm = Math.max(maxX - minX, (maxY - minY) * 1.6, 0.5);
  const unit = width / spanKm;
  const height = Math.max(200, Math.round((maxY - minY) * unit));
  const cx = (minX + maxX) / 2;
  const project = (b: { lon: number; lat: number }) => ({ x: width / 2 + (b.lon * kmPerDegLon - cx) * unit, y: (maxY - b.lat * kmPerDegLat) * unit });
  const points = placed
    .map((b) => ({ id: b.id, name: b.name, role: removed.has(b.id) ? 'removed' as const : receivers.has(b.id) ? 'receiver' as const : 'other' as const, lon: b.lon, lat: b.lat, ...project(b) }))
    .filter((p) => p.x >= 0 && p.x <= width && p.y >= 0 && p.y <= height);
  const at = new Map(points.map((p) => [p.id, p]));
  const moves = actions.flatMap((a) => a.receivers.flatMap((r) => {
    const from = at.get(a.buildingId);
    const to = at.get(r.buildingId);
    return from && to ? [{ from: from.id, to: to.id, x1: from.x, y1: from.y, x2: to.x, y2: to.y }] : [];
  }));
  const km = [0.5, 1, 2, 5, 10, 20].find((k) => k * unit >= width / 8) ?? 20;
  return { width, height, points, moves, scale: { km, length: km * unit } };
}
