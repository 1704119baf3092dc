// Colour scales that work for colour-blind readers: viridis steps for scores (dark = weak, yellow = strong),
// Okabe–Ito for categories, and a neutral grey with an outline for "no data" so it never reads as "bad".

export const SCORE_STEPS = [
  { from: 0, colour: '#440154' },
  { from: 20, colour: '#3b528b' },
  { from: 40, colour: '#21918c' },
  { from: 60, colour: '#5ec962' },
  { from: 80, colour: '#fde725' },
] as const;

export const NO_DATA_COLOUR = '#d9d9d9';

/** Capacity pressure (Okabe–Ito): over capacity, within two years of it, enough — /demand and the layer on /map. */
export const PRESSURE_COLOURS = { over: '#d55e00', warning: '#e69f00', enough: '#009e73' } as const;
export const NO_DATA_OUTLINE = '#6b6b6b';

export const CATEGORY_COLOURS: Record<string, string> = {
  administration: '#0072B2',
  daycare: '#E69F00',
  school: '#009E73',
  elderly: '#CC79A7',
  culture: '#56B4E9',
  sport: '#D55E00',
  health: '#F0E442',
  letting: '#000000',
  other: '#999999',
  mixed: '#7f7f7f',
};

/** A shape per category as well as a colour, so the map's categories never rest on colour alone. */
export const CATEGORY_SHAPES: Record<string, CategoryShape> = {
  administration: 'square',
  daycare: 'circle',
  school: 'triangle',
  elderly: 'diamond',
  culture: 'star',
  sport: 'hexagon',
  health: 'plus',
  letting: 'triangleDown',
  other: 'pentagon',
  mixed: 'circle',
};
export type CategoryShape = 'circle' | 'square' | 'triangle' | 'triangleDown' | 'diamond' | 'star' | 'hexagon' | 'plus' | 'pentagon';
