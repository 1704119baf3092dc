// Demo geography: an approximate outline of the area around Herning (inland Jutland — no sea) split into
// eight districts named after real parts of the town. Approximate and labelled demo data.

export const HERNING = { lon: 8.9738, lat: 56.1393 };
export const IKAST = { lon: 9.1577, lat: 56.1387 };

export type Ring = [number, number][];

/** A rectangle-ish outline around a centre, in degrees: half-width dLon, half-height dLat, corners trimmed. */
export function outline(centre: { lon: number; lat: number }, dLon: number, dLat: number): Ring {
  const { lon, lat } = centre;
  const cut = 0.25;
  return [
    [lon - dLon * (1 - cut), lat - dLat],
    [lon + dLon * (1 - cut), lat - dLat],
    [lon + dLon, lat - dLat * (1 - cut)],
    [lon + dLon, lat + dLat * (1 - cut)],
    [lon + dLon * (1 - cut), lat + dLat],
    [lon - dLon * (1 - cut), lat + dLat],
    [lon - dLon, lat + dLat * (1 - cut)],
    [lon - dLon, lat - dLat * (1 - cut)],
    [lon - dLon * (1 - cut), lat - dLat],
  ];
}

export interface DistrictCell {
  name: string;
  /** Bounding cell [minLon, minLat, maxLon, maxLat]; the district polygon is the cell clipped to the outline in SQL. */
  cell: [number, number, number, number];
}

/** Eight districts on a 4 × 2 grid over the outline's bounding box, west→east, south then north. */
export function herningDistricts(dLon: number, dLat: number): DistrictCell[] {
  const names = ['Gullestrup', 'Centrum', 'Hammerum', 'Gjellerup', 'Snejbjerg', 'Tjørring', 'Lind', 'Sunds'];
  const cells: DistrictCell[] = [];
  const w = (2 * dLon) / 4;
  const h = dLat;
  for (let row = 0; row < 2; row++) {
    for (let col = 0; col < 4; col++) {
      const minLon = HERNING.lon - dLon + col * w;
      const minLat = HERNING.lat - dLat + row * h;
      // Row 0 is south: Gullestrup, Centrum, Hammerum, Gjellerup; row 1 north: Snejbjerg, Tjørring, Lind, Sunds.
      cells.push({ name: names[row * 4 + col], cell: [minLon, minLat, minLon + w, minLat + h] });
    }
  }
  return cells;
}

/** Metres to degrees at a latitude. */
export function metresToDegrees(dx: number, dy: number, lat: number): [number, number] {
  return [dx / (111_320 * Math.cos((lat * Math.PI) / 180)), dy / 110_574];
}

/** A rotated rectangle footprint of `area` m² centred on (lon, lat), as a closed ring. */
export function rectangleFootprint(lon: number, lat: number, area: number, aspect: number, angle: number): Ring {
  const w = Math.sqrt(area * aspect);
  const h = area / w;
  const corners: [number, number][] = [[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2], [-w / 2, -h / 2]];
  return corners.map(([x, y]) => {
    const rx = x * Math.cos(angle) - y * Math.sin(angle);
    const ry = x * Math.sin(angle) + y * Math.cos(angle);
    const [dLon, dLat] = metresToDegrees(rx, ry, lat);
    return [lon + dLon, lat + dLat];
  });
}

export function ringToWkt(ring: Ring): string {
  return `MULTIPOLYGON(((${ring.map(([x, y]) => `${x.toFixed(7)} ${y.toFixed(7)}`).join(',')})))`;
}
