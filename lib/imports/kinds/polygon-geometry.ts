// A GeoJSON Polygon or MultiPolygon whose rings are closed-enough coordinate lists of finite numbers: the check every
// polygon import (footprints, planning areas) makes before PostGIS sees the geometry. Self-intersections and the like
// are repaired by ST_MakeValid in the merge; what cannot be a polygon at all is a row error here.

/** True when `coords` are the coordinates of a `type` Polygon or MultiPolygon (≥ 4 positions a ring, finite numbers). */
export function validPolygonCoords(type: string, coords: unknown): boolean {
  const ring = (r: unknown) =>
    Array.isArray(r) && r.length >= 4 && r.every((p) => Array.isArray(p) && p.length >= 2 && p.slice(0, 3).every((n) => typeof n === 'number' && Number.isFinite(n)));
  const polygon = (p: unknown) => Array.isArray(p) && p.length >= 1 && p.every(ring);
  if (type === 'Polygon') return polygon(coords);
  if (type === 'MultiPolygon') return Array.isArray(coords) && coords.length >= 1 && coords.every(polygon);
  return false;
}

/** Every position of a Polygon's or MultiPolygon's coordinates (valid ones: see validPolygonCoords). */
export function polygonPositions(type: string, coords: unknown): number[][] {
  const polys = (type === 'Polygon' ? [coords] : coords) as number[][][][];
  return polys.flat(2);
}
