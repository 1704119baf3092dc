import { toMercator } from '@turf/turf';
import type { ActionKind, ScenarioAction } from './types';

// A scenario as map data: every building of the portfolio as a point with its role in the scenario, and one line
// per move from a building to each receiver. Pure; the compare page gets it from GET /api/scenarios/{id}/map, the
// builder computes it in the browser from its live actions. Also the projection for the static (SVG) rendering.

/** What a building is in the scenario: taken out of use, let out, receiving users, or untouched. */
export type GeoRole = 'removed' | 'let_out' | 'receiver' | 'other';

export interface GeoBuildingProps {
  id: string;
  name: string;
  category: string;
  areaM2: number;
  role: GeoRole;
  action: ActionKind | null;
  /** Combined score 0–100 (absent = no score): the builder colours untouched buildings by it. */
  combined?: number;
}

export interface GeoMoveProps {
  fromId: string;
  toId: string;
  share: number;
}

export interface ScenarioGeo {
  buildings: GeoJSON.FeatureCollection<GeoJSON.Point, GeoBuildingProps>;
  moves: GeoJSON.FeatureCollection<GeoJSON.LineString, GeoMoveProps>;
  /** [west, south, east, north] of the buildings involved (of every building when none is); null without positions. */
  bounds: [number, number, number, number] | null;
  counts: { buildings: number; removed: number; letOut: number; receivers: number; moves: number };
}

export interface GeoBuildingInput {
  id: string;
  name: string;
  category: string;
  grossAreaM2: number;
  lon: number | null;
  lat: number | null;
  combinedScore?: number | null;
}

/** Minimum half-extent of the bounds in degrees (≈ 1 km), so one building alone is shown with its neighbourhood. */
const MIN_HALF_SPAN = 0.009;

function extent(points: [number, number][]): [number, number, number, number] | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [w, s, e, n] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const hx = Math.max((e - w) / 2, MIN_HALF_SPAN * 1.7); // a degree of longitude is ~0,56 of a degree of latitude at 56° N
  const hy = Math.max((n - s) / 2, MIN_HALF_SPAN);
  return [cx - hx, cy - hy, cx + hx, cy + hy];
}

/** The scenario's map data. Buildings without a position are left out (the outcome's warnings name them). */
export function scenarioGeo(portfolio: GeoBuildingInput[], actions: ScenarioAction[]): ScenarioGeo {
  const actionOf = new Map(actions.map((a) => [a.buildingId, a]));
  const receivers = new Set(actions.flatMap((a) => a.receivers.map((r) => r.buildingId)));
  const placed = portfolio.filter((b): b is GeoBuildingInput & { lon: number; lat: number } => b.lon !== null && b.lat !== null);
  const at = new Map(placed.map((b) => [b.id, [b.lon, b.lat] as [number, number]]));
  const role = (id: string): GeoRole => {
    const a = actionOf.get(id);
    if (a) return a.action === 'let_out' ? 'let_out' : 'removed';
    return receivers.has(id) ? 'receiver' : 'other';
  };
  const buildings = placed.map((b) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [b.lon, b.lat] },
    properties: {
      id: b.id, name: b.name, category: b.category, areaM2: b.grossAreaM2, role: role(b.id), action: actionOf.get(b.id)?.action ?? null,
      ...(b.combinedScore != null ? { combined: Math.round(b.combinedScore) } : {}),
    },
  }));
  const moves = actions.flatMap((a) =>
    a.receivers.flatMap((r) => {
      const from = at.get(a.buildingId);
      const to = at.get(r.buildingId);
      if (!from || !to || !r.buildingId) return [];
      return [{ type: 'Feature' as const, geometry: { type: 'LineString' as const, coordinates: [from, to] }, properties: { fromId: a.buildingId, toId: r.buildingId, share: r.share } }];
    }),
  );
  const involved = buildings.filter((b) => b.properties.role !== 'other').map((b) => b.geometry.coordinates as [number, number]);
  const roles = buildings.map((b) => b.properties.role);
  return {
    buildings: { type: 'FeatureCollection', features: buildings },
    moves: { type: 'FeatureCollection', features: moves },
    bounds: extent(involved.length > 0 ? involved : buildings.map((b) => b.geometry.coordinates as [number, number])),
    counts: {
      buildings: buildings.length,
      removed: roles.filter((r) => r === 'removed').length,
      letOut: roles.filter((r) => r === 'let_out').length,
      receivers: roles.filter((r) => r === 'receiver').length,
      moves: moves.length,
    },
  };
}

/**
 * A projection of WGS84 into an SVG box of `width` × `height` px (Web Mercator, as the maps draw it), fitting
 * `bounds` with `padding` px and keeping the aspect ratio; the static rendering for print and for browsers
 * without WebGL.
 */
export function svgProjection(bounds: [number, number, number, number], width: number, height: number, padding = 20): (lonLat: [number, number]) => [number, number] {
  const [x0, y0] = toMercator([bounds[0], bounds[1]]);
  const [x1, y1] = toMercator([bounds[2], bounds[3]]);
  const spanX = Math.max(x1 - x0, 1);
  const spanY = Math.max(y1 - y0, 1);
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return (lonLat) => {
    const [x, y] = toMercator(lonLat);
    return [offsetX + (x - x0) * scale, height - (offsetY + (y - y0) * scale)];
  };
}
