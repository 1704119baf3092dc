// The scenario maps' symbols, defined once as SVG primitives in a 24 × 24 box: drawn into MapLibre icons (canvas,
// Path2D) and into the legend and the static SVG map, so all three look the same. Every role differs by shape,
// not only by colour: removed = outlined circle with ×, let out = outlined circle with hatching, receiver = filled
// circle with +, involved (before map) = ring around a dot, other = small dot.

export type GlyphName = 'removed' | 'let_out' | 'receiver' | 'involved' | 'other';

interface Primitive { d: string; fill?: string; stroke?: string; width?: number }

const circle = (cx: number, cy: number, r: number) => `M ${cx - r} ${cy} a ${r} ${r} 0 1 0 ${2 * r} 0 a ${r} ${r} 0 1 0 ${-2 * r} 0 Z`;

export const REMOVED_COLOUR = '#b2182b';
export const LET_OUT_COLOUR = '#5e3c99';
export const RECEIVER_COLOUR = '#0b5cad';
export const OTHER_COLOUR = '#5b6770';
export const MOVE_COLOUR = '#2b2b2b';

export const GLYPHS: Record<GlyphName, Primitive[]> = {
  removed: [
    { d: circle(12, 12, 9), fill: '#ffffff', stroke: REMOVED_COLOUR, width: 2.5 },
    { d: 'M 7.5 7.5 L 16.5 16.5 M 16.5 7.5 L 7.5 16.5', stroke: REMOVED_COLOUR, width: 2.5 },
  ],
  let_out: [
    { d: circle(12, 12, 9), fill: '#ffffff', stroke: LET_OUT_COLOUR, width: 2.5 },
    { d: 'M 6 15 L 15 6 M 8.5 18 L 18 8.5 M 5 10.5 L 10.5 5', stroke: LET_OUT_COLOUR, width: 1.6 },
  ],
  receiver: [
    { d: circle(12, 12, 9), fill: RECEIVER_COLOUR, stroke: '#ffffff', width: 2 },
    { d: 'M 12 6.5 L 12 17.5 M 6.5 12 L 17.5 12', stroke: '#ffffff', width: 2.6 },
  ],
  involved: [
    { d: circle(12, 12, 8.5), stroke: '#111111', width: 2.2 },
    { d: circle(12, 12, 3.5), fill: OTHER_COLOUR, stroke: '#ffffff', width: 1 },
  ],
  other: [{ d: circle(12, 12, 3.5), fill: OTHER_COLOUR, stroke: '#ffffff', width: 1 }],
};

/** A glyph as SVG, centred on (x, y), `size` px wide. */
export function SvgGlyph({ name, x = 12, y = 12, size = 24 }: { name: GlyphName; x?: number; y?: number; size?: number }) {
  const k = size / 24;
  return (
    <g transform={`translate(${x - 12 * k} ${y - 12 * k}) scale(${k})`}>
      {GLYPHS[name].map((p, i) => (
        <path key={i} d={p.d} fill={p.fill ?? 'none'} stroke={p.stroke ?? 'none'} strokeWidth={p.width ?? 0} strokeLinecap="round" />
      ))}
    </g>
  );
}

/** A glyph rendered to RGBA pixels for map.addImage (at `pixelRatio` × 24 px). Browser only. */
export function glyphImage(name: GlyphName, pixelRatio = 2): { width: number; height: number; data: Uint8Array } {
  const size = 24 * pixelRatio;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(pixelRatio, pixelRatio);
  ctx.lineCap = 'round';
  for (const p of GLYPHS[name]) {
    const path = new Path2D(p.d);
    if (p.fill) {
      ctx.fillStyle = p.fill;
      ctx.fill(path);
    }
    if (p.stroke && p.width) {
      ctx.strokeStyle = p.stroke;
      ctx.lineWidth = p.width;
      ctx.stroke(path);
    }
  }
  return { width: size, height: size, data: new Uint8Array(ctx.getImageData(0, 0, size, size).data.buffer) };
}
