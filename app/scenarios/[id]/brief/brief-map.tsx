import type { ScenarioSketch } from '@/lib/scenarios/citizen-brief';

const COLOUR = { removed: '#c0392b', receiver: '#1e8449', other: '#b3b8bd' } as const;

// The scenario's map as SVG, drawn on the server: it prints in the PDF exactly as on the page (no tiles, no WebGL).
export function BriefMap({ sketch, label, legend }: { sketch: ScenarioSketch; label: string; legend: Record<'removed' | 'receiver' | 'other', string> }) {
  const order = { other: 0, receiver: 1, removed: 2 } as const;
  const points = [...sketch.points].sort((a, b) => order[a.role] - order[b.role]);
  return (
    <figure className="brief-map brief-card" data-testid="brief-map">
      <svg viewBox={`0 0 ${sketch.width} ${sketch.height}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        <defs>
          <marker id="brief-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#34495e" />
          </marker>
        </defs>
        <rect x="0" y="0" width={sketch.width} height={sketch.height} fill="#f7f8f9" />
        {sketch.moves.map((m) => (
          <line key={`${m.from}-${m.to}`} x1={m.x1} y1={m.y1} x2={m.x2} y2={m.y2} stroke="#34495e" strokeWidth="2" markerEnd="url(#brief-arrow)" />
        ))}
        {points.map((p) => (
          <circle key={p.id} cx={p.x} cy={p.y} r={p.role === 'other' ? 3 : 7} fill={COLOUR[p.role]} stroke="#fff" strokeWidth={p.role === 'other' ? 0 : 1.5}>
            <title>{p.name}</title>
          </circle>
        ))}
        <g transform={`translate(16 ${sketch.height - 18})`}>
          <line x1="0" y1="0" x2={sketch.scale.length} y2="0" stroke="#222" strokeWidth="3" />
          <text x={sketch.scale.length / 2} y="-6" textAnchor="middle" fontSize="14" fill="#222">{sketch.scale.km} km</text>
        </g>
      </svg>
      <figcaption>
        <ul className="brief-map__legend">
          {(['removed', 'receiver', 'other'] as const).map((role) => (
            <li key={role}><span className="swatch" style={{ background: COLOUR[role] }} aria-hidden="true" /> {legend[role]}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
