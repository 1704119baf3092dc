import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { CATEGORY_COLOURS, NO_DATA_COLOUR, NO_DATA_OUTLINE, SCORE_STEPS, type CategoryShape } from './palette';
import type { ColourKey, ViewFilter } from './view-filter';

// The map's MapLibre style pieces, as pure functions of the sidebar's state (no map instance needed).

/** The tile property a colour key reads its score from (category colours still rank by the combined score). */
export function scoreProperty(key: ColourKey): 'combined' | 'util' | 'cost' | 'cond' {
  return key === 'category' ? 'combined' : key;
}

/** Fill colour: Okabe–Ito by category, or viridis steps on the score with grey when the feature has no score. */
export function colourExpression(key: ColourKey): ExpressionSpecification {
  if (key === 'category') {
    return ['match', ['get', 'category'], ...Object.entries(CATEGORY_COLOURS).flat(), CATEGORY_COLOURS.mixed] as unknown as ExpressionSpecification;
  }
  const steps = SCORE_STEPS.slice(1).flatMap((s) => [s.from, s.colour]);
  return ['case', ['!', ['has', key]], NO_DATA_COLOUR, ['step', ['get', key], SCORE_STEPS[0].colour, ...steps]] as unknown as ExpressionSpecification;
}

/** Outline: dark for "no data" (so it never passes for a weak score), white otherwise. */
export function strokeExpression(key: ColourKey): ExpressionSpecification {
  return ['case', ['!', ['has', scoreProperty(key)]], NO_DATA_OUTLINE, '#ffffff'];
}

/**
 * Layer filter for the sidebar's filters. Buildings (zoom ≥ 11) match exactly. Clusters (zoom ≤ 10) carry a
 * count per category (`n_<category>`), so the category filter keeps cells holding that category; confidence
 * and score range apply to the cell's means; district is not known per cell and is left to the higher zooms.
 */
export function layerFilter(f: ViewFilter, clusters: boolean): FilterSpecification {
  const all: unknown[] = ['all', ['>=', ['coalesce', ['get', 'conf'], 0], f.minConf]];
  const key = scoreProperty(f.colour);
  if (f.min > 0 || f.max < 100) all.push(['all', ['has', key], ['>=', ['get', key], f.min], ['<=', ['get', key], f.max]]);
  if (clusters) {
    if (f.category) all.push(['>', ['coalesce', ['get', `n_${f.category}`], 0], 0]);
  } else {
    if (f.category) all.push(['==', ['get', 'category'], f.category]);
    if (f.district) all.push(['==', ['get', 'district'], f.district]);
  }
  return all as FilterSpecification;
}

/** Cluster radius in px from the number of buildings in the cell (of the filtered category, when one is chosen). */
export function clusterRadius(f: ViewFilter): ExpressionSpecification {
  const count: ExpressionSpecification = f.category ? ['coalesce', ['get', `n_${f.category}`], ['get', 'n']] : ['get', 'n'];
  return ['interpolate', ['linear'], count, 1, 4, 20, 10, 200, 18];
}

/** The offline base map (lib/basemap/basemap-style.ts), re-exported where the map's other style pieces live. */
export { offlineStyle } from '@/lib/basemap/basemap-style';

/** Filter for features lacking the chosen score (drawn hatched on top of their grey fill). */
export function noDataFilter(f: ViewFilter): FilterSpecification {
  return ['all', layerFilter(f, false), ['!', ['has', scoreProperty(f.colour)]]] as FilterSpecification;
}

/** An RGBA image of dark diagonal hatching on transparent, `size` px square — the "no data" fill pattern. */
export function hatchPattern(size = 8): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if ((x + y) % size > 1) continue; // a 2 px line every `size` px, continuous across repeats
      data.set([0x4a, 0x4a, 0x4a, 0xd0], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

/** The outline of a category shape in unit coordinates (−1..1, y down); a circle is a 32-gon. */
export function shapeVertices(shape: CategoryShape): [number, number][] {
  const ring = (n: number, r: number, start: number) => Array.from({ length: n }, (_, i) => {
    const a = start + (i * 2 * Math.PI) / n;
    return [r * Math.cos(a), r * Math.sin(a)] as [number, number];
  });
  switch (shape) {
    case 'square': return [[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]];
    case 'triangle': return [[0, -1], [1, 0.8], [-1, 0.8]];
    case 'triangleDown': return [[-1, -0.8], [1, -0.8], [0, 1]];
    case 'diamond': return [[0, -1], [1, 0], [0, 1], [-1, 0]];
    case 'hexagon': return ring(6, 1, 0);
    case 'pentagon': return ring(5, 1, -Math.PI / 2);
    case 'star': return Array.from({ length: 10 }, (_, i) => {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const r = i % 2 === 0 ? 1 : 0.45;
      return [r * Math.cos(a), r * Math.sin(a)] as [number, number];
    });
    case 'plus': return [[-0.35, -1], [0.35, -1], [0.35, -0.35], [1, -0.35], [1, 0.35], [0.35, 0.35], [0.35, 1], [-0.35, 1], [-0.35, 0.35], [-1, 0.35], [-1, -0.35], [-0.35, -0.35]];
    default: return ring(32, 0.9, 0);
  }
}

function inside(poly: [number, number][], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** An RGBA icon of a category shape: the category colour inside a dark outline, transparent around it. */
export function shapeIcon(shape: CategoryShape, colour: string, size = 24): { width: number; height: number; data: Uint8Array } {
  const rgb = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  const outer = shapeVertices(shape);
  const inner = outer.map(([x, y]) => [x * 0.7, y * 0.7] as [number, number]);
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = ((px + 0.5) / size) * 2 - 1;
      const y = ((py + 0.5) / size) * 2 - 1;
      if (inside(inner, x, y)) data.set([...rgb, 0xff], (py * size + px) * 4);
      else if (inside(outer, x, y)) data.set([0x1b, 0x1f, 0x24, 0xff], (py * size + px) * 4);
    }
  }
  return { width: size, height: size, data };
}

/** The same shape as SVG polygon points in a 0..20 box, for the legend. */
export function shapePoints(shape: CategoryShape): string {
  return shapeVertices(shape).map(([x, y]) => `${((x + 1) * 10).toFixed(2)},${((y + 1) * 10).toFixed(2)}`).join(' ');
}
