'use client';

import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { colourExpression, offlineStyle, strokeExpression } from '@/lib/map/map-style';
import { NO_DATA_COLOUR, SCORE_STEPS } from '@/lib/map/palette';
import { svgProjection, type GeoRole, type ScenarioGeo } from '@/lib/scenarios/scenario-geo';
import { glyphImage, MOVE_COLOUR, OTHER_COLOUR, SvgGlyph, type GlyphName } from './glyphs';
import './scenario-map.css';

export type MapVariant = 'before' | 'after';

declare global {
  interface Window {
    /** Scenario maps by test id, for browser tests (as window.__arealMap for the portfolio map). */
    __arealScenarioMaps?: Record<string, maplibregl.Map>;
  }
}

const MARKED: GlyphName[] = ['removed', 'let_out', 'receiver', 'involved'];

/** Whether this browser can draw WebGL (MapLibre needs it); false means the static SVG is shown instead. */
let webgl: boolean | null = null;
function webglAvailable(): boolean {
  if (webgl === null) {
    try {
      const canvas = document.createElement('canvas');
      webgl = !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
    } catch {
      webgl = false;
    }
  }
  return webgl;
}
const noSubscription = () => () => undefined;

/** The glyph a building gets on a map: after = its role; before = a ring around everything the scenario touches. */
function glyphOf(role: GeoRole, variant: MapVariant): GlyphName {
  if (role === 'other') return 'other';
  return variant === 'before' ? 'involved' : role;
}

const SVG_W = 480;
const SVG_H = 320;

/** The static rendering: same data, same symbols, projected with Web Mercator into an SVG (print, no WebGL). */
export function StaticScenarioMap({ geo, variant, label }: { geo: ScenarioGeo; variant: MapVariant; label: string }) {
  if (!geo.bounds) return null;
  const project = svgProjection(geo.bounds, SVG_W, SVG_H, 32);
  const inside = ([x, y]: [number, number]) => x >= -12 && y >= -12 && x <= SVG_W + 12 && y <= SVG_H + 12;
  const marked = geo.counts.removed + geo.counts.letOut + geo.counts.receivers;
  const glyphSize = marked > 20 ? 15 : 22; // many symbols: smaller, so they overlap less
  const points = geo.buildings.features.map((f) => ({ p: project(f.geometry.coordinates as [number, number]), glyph: glyphOf(f.properties.role, variant), id: f.properties.id })).filter((x) => inside(x.p));
  return (
    <svg className="scenario-map__static" viewBox={`0 0 ${SVG_W} ${SVG_H}`} role="img" aria-label={label} data-testid={`static-map-${variant}`}>
      <rect width={SVG_W} height={SVG_H} fill="#f8f9f6" stroke="#9aa5a0" />
      {points.filter((x) => x.glyph === 'other').map((x) => <SvgGlyph key={x.id} name="other" x={x.p[0]} y={x.p[1]} size={20} />)}
      {variant === 'after' && geo.moves.features.map((f, i) => {
        const [a, b] = (f.geometry.coordinates as [number, number][]).map(project);
        return <line key={i} x1={a[0]} y1={a[1]} x2={b[0]} y2={b[1]} stroke={MOVE_COLOUR} strokeWidth={2} strokeDasharray="5 3" data-move="" />;
      })}
      {points.filter((x) => x.glyph !== 'other').map((x) => (
        <g key={x.id} data-glyph={x.glyph}><SvgGlyph name={x.glyph} x={x.p[0]} y={x.p[1]} size={glyphSize} /></g>
      ))}
    </svg>
  );
}

/** The legend for a before or after map, with the very symbols the maps draw. */
export function ScenarioMapLegend({ variant, colourByScore = false }: { variant: MapVariant | 'both'; colourByScore?: boolean }) {
  const t = useTranslations('scenarios.maps');
  const items: { glyph: GlyphName | 'move'; label: string }[] = [
    { glyph: 'other', label: t('legendOther') },
    ...(variant !== 'after' ? [{ glyph: 'involved' as const, label: t('legendInvolved') }] : []),
    ...(variant !== 'before'
      ? [
          { glyph: 'removed' as const, label: t('legendRemoved') },
          { glyph: 'let_out' as const, label: t('legendLetOut') },
          { glyph: 'receiver' as const, label: t('legendReceiver') },
          { glyph: 'move' as const, label: t('legendMove') },
        ]
      : []),
  ];
  return (
    <ul className="legend scenario-map-legend" aria-label={t('legend')}>
      {items.map((i) => (
        <li key={i.glyph}>
          <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
            {i.glyph === 'move' ? <line x1="2" y1="12" x2="22" y2="12" stroke={MOVE_COLOUR} strokeWidth={2} strokeDasharray="5 3" /> : <SvgGlyph name={i.glyph} />}
          </svg>
          {i.label}
        </li>
      ))}
      {colourByScore && (
        <li className="scenario-map-legend__scores">
          {SCORE_STEPS.map((step) => <span key={step.from} className="swatch" style={{ background: step.colour }} aria-hidden="true" />)}
          <span className="swatch swatch--nodata" style={{ background: NO_DATA_COLOUR }} aria-hidden="true" />
          {t('legendScore')}
        </li>
      )}
    </ul>
  );
}

/**
 * One scenario map: MapLibre over the app's offline base map (districts), buildings as points with their role's
 * symbol, dashed lines for moves (after). `onPick` makes untouched buildings clickable (the builder adds them).
 * Without WebGL — and always in print — the static SVG rendering is shown.
 */
export function ScenarioMap({ geo, variant, label, onPick, interactive = false, colourByScore = false, testId }: {
  geo: ScenarioGeo;
  variant: MapVariant;
  label: string;
  /** Untouched buildings coloured by their combined score (the builder), instead of plain grey. */
  colourByScore?: boolean;
  onPick?: (buildingId: string) => void;
  interactive?: boolean;
  testId?: string;
}) {
  const t = useTranslations('scenarios.maps');
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const pickRef = useRef(onPick);
  const geoRef = useRef(geo);
  // On the server (and the first client render) assume WebGL; the browser then answers for real.
  const supported = useSyncExternalStore(noSubscription, webglAvailable, () => true);
  const [failed, setFailed] = useState(false);
  const gl = supported && !failed ? 'ok' : 'none';
  const [ready, setReady] = useState(false);
  const withGlyphs = useMemo(() => ({
    ...geo.buildings,
    features: geo.buildings.features.map((f) => ({ ...f, properties: { ...f.properties, glyph: glyphOf(f.properties.role, variant) } })),
  }), [geo, variant]);
  const dataRef = useRef(withGlyphs);

  useEffect(() => {
    pickRef.current = onPick;
  }, [onPick]);

  // Create the map once (or decide there is no WebGL).
  useEffect(() => {
    if (!container.current) return;
    if (!supported) return;
    let map: maplibregl.Map;
    try {
      maplibregl.setWorkerUrl('/maplibre-gl-worker.mjs');
      map = new maplibregl.Map({
        container: container.current,
        style: offlineStyle(window.location.origin),
        bounds: geoRef.current.bounds ?? undefined,
        fitBoundsOptions: { padding: 40 },
        attributionControl: false,
        interactive,
        scrollZoom: false, // the page scrolls past the map; zoom with the buttons, double-click or the keyboard
        canvasContextAttributes: { preserveDrawingBuffer: true },
      });
    } catch {
      void Promise.resolve().then(() => setFailed(true)); // the constructor throws when no WebGL context can be had
      return;
    }
    mapRef.current = map;
    if (testId) window.__arealScenarioMaps = { ...window.__arealScenarioMaps, [testId]: map };
    if (interactive) map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      for (const g of MARKED) map.addImage(`scenario-${g}`, glyphImage(g), { pixelRatio: 2 });
      map.addSource('scenario-buildings', { type: 'geojson', data: dataRef.current });
      map.addSource('scenario-moves', { type: 'geojson', data: geoRef.current.moves });
      map.addLayer({ id: 'scenario-other', type: 'circle', source: 'scenario-buildings', filter: ['==', ['get', 'glyph'], 'other'],
        paint: colourByScore
          ? { 'circle-radius': 5, 'circle-color': colourExpression('combined'), 'circle-stroke-color': strokeExpression('combined'), 'circle-stroke-width': 1 }
          : { 'circle-radius': 3.5, 'circle-color': OTHER_COLOUR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } });
      if (variant === 'after') {
        map.addLayer({ id: 'scenario-moves', type: 'line', source: 'scenario-moves',
          paint: { 'line-color': MOVE_COLOUR, 'line-width': 2, 'line-dasharray': [2.5, 1.5] } });
      }
      map.addLayer({ id: 'scenario-marks', type: 'symbol', source: 'scenario-buildings', filter: ['!=', ['get', 'glyph'], 'other'],
        layout: { 'icon-image': ['concat', 'scenario-', ['get', 'glyph']], 'icon-size': ['interpolate', ['linear'], ['zoom'], 9, 0.7, 12, 0.95], 'icon-allow-overlap': true, 'icon-ignore-placement': true } });
      map.once('idle', () => setReady(true));
    });
    const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 8 });
    for (const layer of ['scenario-other', 'scenario-marks']) {
      map.on('mousemove', layer, (e) => {
        const p = e.features?.[0]?.properties as { name?: string; role?: string } | undefined;
        if (!p) return;
        map.getCanvas().style.cursor = pickRef.current && p.role === 'other' ? 'pointer' : '';
        popup.setLngLat(e.lngLat).setText(String(p.name ?? '')).addTo(map);
      });
      map.on('mouseleave', layer, () => {
        map.getCanvas().style.cursor = '';
        popup.remove();
      });
    }
    map.on('click', 'scenario-other', (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (id && pickRef.current) pickRef.current(String(id));
    });
    return () => {
      popup.remove();
      map.remove();
      mapRef.current = null;
      if (testId) delete window.__arealScenarioMaps?.[testId];
    };
    // The map is created once (per WebGL answer); data changes go through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [supported]);

  // Live data (the builder's actions change).
  useEffect(() => {
    geoRef.current = geo;
    dataRef.current = withGlyphs;
    const map = mapRef.current;
    const buildings = map?.getSource('scenario-buildings') as maplibregl.GeoJSONSource | undefined;
    const moves = map?.getSource('scenario-moves') as maplibregl.GeoJSONSource | undefined;
    buildings?.setData(withGlyphs);
    moves?.setData(geo.moves);
  }, [geo, withGlyphs]);

  return (
    <div className={`scenario-map scenario-map--${gl}`} data-testid={testId} data-ready={ready || gl === 'none' ? 'true' : 'false'}
      data-removed={geo.counts.removed} data-moves={geo.counts.moves}>
      <div ref={container} className="scenario-map__gl" role={interactive ? 'region' : 'img'} aria-label={label} />
      <StaticScenarioMap geo={geo} variant={variant} label={label} />
      {gl === 'none' && <p className="hint">{t('static')}</p>}
    </div>
  );
}
