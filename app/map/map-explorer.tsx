'use client';

import { bbox } from '@turf/turf';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useLocale, useTranslations } from 'next-intl';
import { Protocol } from 'pmtiles';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatArea, formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { archiveStyle, buildingLabelLayer } from '@/lib/basemap/basemap-style';
import { describeView } from '@/lib/map/describe-view';
import { isResorted, stableOrder } from '@/lib/map/stable-list';
import { clusterRadius, colourExpression, hatchPattern, layerFilter, noDataFilter, offlineStyle, scoreProperty, shapeIcon, shapePoints, strokeExpression } from '@/lib/map/map-style';
import { CATEGORY_COLOURS, CATEGORY_SHAPES, NO_DATA_COLOUR, NO_DATA_OUTLINE, SCORE_STEPS } from '@/lib/map/palette';
import type { PortfolioView } from '@/lib/map/portfolio-view';
import type { ColourKey, ViewFilter } from '@/lib/map/view-filter';
import { CATEGORIES } from '@/lib/registry/categories';
import { KpiHelp } from '../_components/kpi-help';
import { BuildingPanelView } from './building-panel-view';
import { PressureLayer } from './pressure-layer';

declare global {
  interface Window {
    __arealMap?: maplibregl.Map;
  }
}

interface Props {
  districts: string[];
  bounds: [number, number, number, number];
  buildingCount: number;
  initialFilter: ViewFilter;
  initialView: { lng: number | null; lat: number | null; zoom: number | null; selected: string | null };
  /** The base map: the app's own PMTiles archive, a deployment's style URL, or the offline drawing. */
  basemap: Basemap;
  /** Whether the signed-in role may edit scenarios (the panel then offers "add to scenario"). */
  canEditScenarios?: boolean;
}

export type Basemap = { kind: 'archive' } | { kind: 'style'; url: string } | { kind: 'offline' };

/** pmtiles:// is registered with MapLibre once per page, whichever map asks first. */
let pmtilesRegistered = false;
function registerPmtiles() {
  if (pmtilesRegistered) return;
  maplibregl.addProtocol('pmtiles', new Protocol().tile);
  pmtilesRegistered = true;
}

const BUILDING_LAYERS = ['buildings-cluster', 'buildings-point', 'buildings-fill', 'buildings-shape'];
/** Coloured by category, points become shapes (one per category) so the categories do not rest on colour alone. */
const visibleIf = (on: boolean) => (on ? 'visible' : 'none');
const COLOUR_KPI = { combined: 'combined', util: 'utilisation', cost: 'cost', cond: 'condition' } as const;

export function MapExplorer({ districts, bounds, buildingCount, initialFilter, initialView, basemap, canEditScenarios = false }: Props) {
  const t = useTranslations('map');
  const tc = useTranslations('common');
  const locale = useLocale() as Locale;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [filter, setFilter] = useState<ViewFilter>(initialFilter);
  const [selected, setSelected] = useState<string | null>(initialView.selected);
  const [view, setView] = useState<PortfolioView | null>(null);
  // The list's order: kept stable while panning (lib/map/stable-list.ts), the server's order after a filter change.
  const [listIds, setListIds] = useState<string[]>([]);
  const listFilter = useRef<string>('');
  const [bbox4, setBbox4] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ id: string; name: string; address: string | null; geometry: GeoJSON.Geometry }[] | null>(null);
  const filterRef = useRef(filter);
  const selectedRef = useRef(selected);
  const listRef = useRef<HTMLUListElement>(null);
  // Phones: the filters and list are a drawer over a map that fills the screen; "full screen" hides the page around it.
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [fullscreen, setFullscreen] = useState(false);
  // Set when a building is chosen from the list by keyboard or click: the panel then takes focus once loaded.
  const [focusPanel, setFocusPanel] = useState(false);

  const syncUrl = useCallback(() => {
    const map = mapRef.current;
    if (!map) return;
    const c = map.getCenter();
    const p = new URLSearchParams();
    p.set('lng', c.lng.toFixed(5));
    p.set('lat', c.lat.toFixed(5));
    p.set('z', map.getZoom().toFixed(2));
    const f = filterRef.current;
    if (f.colour !== 'combined') p.set('colour', f.colour);
    if (f.category) p.set('category', f.category);
    if (f.district) p.set('district', f.district);
    if (f.min > 0) p.set('min', String(f.min));
    if (f.max < 100) p.set('max', String(f.max));
    if (f.minConf > 0) p.set('minConf', String(f.minConf));
    if (selectedRef.current) p.set('b', selectedRef.current);
    window.history.replaceState(null, '', `?${p.toString()}`);
  }, []);

  // Create the map once.
  useEffect(() => {
    if (!container.current) return;
    maplibregl.setWorkerUrl('/maplibre-gl-worker.mjs');
    const origin = window.location.origin;
    if (basemap.kind === 'archive') registerPmtiles();
    const map = new maplibregl.Map({
      container: container.current,
      style: basemap.kind === 'archive' ? archiveStyle(origin) : basemap.kind === 'style' ? basemap.url : offlineStyle(origin),
      bounds: initialView.lng && initialView.lat ? undefined : bounds,
      center: initialView.lng && initialView.lat ? [initialView.lng, initialView.lat] : undefined,
      zoom: initialView.zoom ?? undefined,
      fitBoundsOptions: { padding: 20 },
      attributionControl: false,
      keyboard: true,
      locale: {
        'NavigationControl.ZoomIn': t('maplibre.zoomIn'),
        'NavigationControl.ZoomOut': t('maplibre.zoomOut'),
        'NavigationControl.ResetBearing': t('maplibre.resetBearing'),
        'Popup.Close': t('maplibre.popupClose'),
      },
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    mapRef.current = map;
    window.__arealMap = map;
    const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 8 });

    map.on('load', () => {
      if (basemap.kind === 'style') map.addSource('districts', offlineStyle(origin).sources.districts);
      map.addSource('buildings', { type: 'vector', tiles: [`${origin}/api/tiles/buildings/{z}/{x}/{y}`], minzoom: 5, maxzoom: 16 });
      const f = filterRef.current;
      map.addLayer({ id: 'buildings-cluster', type: 'circle', source: 'buildings', 'source-layer': 'buildings', maxzoom: 11,
        filter: layerFilter(f, true),
        paint: { 'circle-radius': clusterRadius(f), 'circle-color': colourExpression(f.colour),
          'circle-stroke-color': strokeExpression(f.colour), 'circle-stroke-width': 1.5 } });
      map.addLayer({ id: 'buildings-point', type: 'circle', source: 'buildings', 'source-layer': 'buildings', minzoom: 11, maxzoom: 14,
        filter: layerFilter(f, false),
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 14, 7], 'circle-color': colourExpression(f.colour),
          'circle-stroke-color': strokeExpression(f.colour), 'circle-stroke-width': 1.5 } });
      map.addLayer({ id: 'buildings-fill', type: 'fill', source: 'buildings', 'source-layer': 'buildings', minzoom: 14,
        filter: layerFilter(f, false), paint: { 'fill-color': colourExpression(f.colour), 'fill-opacity': 0.9 } });
      map.addImage('no-data-hatch', hatchPattern(), { pixelRatio: 2 });
      map.addLayer({ id: 'buildings-nodata', type: 'fill', source: 'buildings', 'source-layer': 'buildings', minzoom: 14,
        filter: noDataFilter(f), paint: { 'fill-pattern': 'no-data-hatch' } });
      map.addLayer({ id: 'buildings-outline', type: 'line', source: 'buildings', 'source-layer': 'buildings', minzoom: 14,
        filter: layerFilter(f, false), paint: { 'line-color': NO_DATA_OUTLINE, 'line-width': 1 } });
      for (const [category, shape] of Object.entries(CATEGORY_SHAPES)) {
        map.addImage(`shape-${category}`, shapeIcon(shape, CATEGORY_COLOURS[category], 32), { pixelRatio: 2 });
      }
      map.addLayer({ id: 'buildings-shape', type: 'symbol', source: 'buildings', 'source-layer': 'buildings', minzoom: 11,
        filter: layerFilter(f, false),
        layout: { 'icon-image': ['concat', 'shape-', ['get', 'category']], 'icon-allow-overlap': true, 'icon-size': ['interpolate', ['linear'], ['zoom'], 11, 0.8, 14, 1.1],
          visibility: visibleIf(f.colour === 'category') } });
      map.setLayoutProperty('buildings-point', 'visibility', visibleIf(f.colour !== 'category'));
      map.addLayer({ id: 'buildings-selected-line', type: 'line', source: 'buildings', 'source-layer': 'buildings', minzoom: 14,
        filter: ['==', ['get', 'id'], selectedRef.current ?? ''], paint: { 'line-color': '#d7191c', 'line-width': 3 } });
      map.addLayer({ id: 'buildings-selected', type: 'circle', source: 'buildings', 'source-layer': 'buildings', maxzoom: 14,
        filter: ['==', ['get', 'id'], selectedRef.current ?? ''],
        paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#d7191c', 'circle-stroke-width': 3 } });
      // Names over everything (a deployment's own style may have no glyphs: then its buildings go unnamed).
      if (basemap.kind !== 'style') map.addLayer(buildingLabelLayer());
    });

    for (const layer of BUILDING_LAYERS) {
      map.on('mousemove', layer, (e) => {
        const feature = e.features?.[0];
        if (!feature) return;
        map.getCanvas().style.cursor = 'pointer';
        const p = feature.properties as Record<string, string | number>;
        const key = scoreProperty(filterRef.current.colour);
        const label = Number(p.n) > 1 ? `${p.n} ${t('buildings').toLowerCase()}` : String(p.name ?? '');
        const score = p[key] === undefined ? t('noData') : `${t('score')} ${p[key]}`;
        popup.setLngLat(e.lngLat).setText(`${label} — ${score}`).addTo(map);
      });
      map.on('mouseleave', layer, () => {
        map.getCanvas().style.cursor = '';
        popup.remove();
      });
      map.on('click', layer, (e) => {
        const p = e.features?.[0]?.properties as Record<string, string | number> | undefined;
        if (!p) return;
        if (p.id) setSelected(String(p.id));
        else map.easeTo({ center: e.lngLat, zoom: Math.min(map.getZoom() + 2, 13) });
      });
    }
    const onMove = () => {
      const b = map.getBounds();
      setBbox4([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(','));
      syncUrl();
    };
    map.on('moveend', onMove);
    map.once('load', onMove);
    return () => {
      popup.remove();
      map.remove();
      mapRef.current = null;
      delete window.__arealMap;
    };
    // The map is created once; later changes go through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Restyle and refilter when the sidebar changes.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const apply = () => {
      if (!map.getLayer('buildings-point')) return;
      const colour = colourExpression(filter.colour);
      const stroke = strokeExpression(filter.colour);
      map.setPaintProperty('buildings-cluster', 'circle-radius', clusterRadius(filter));
      map.setPaintProperty('buildings-cluster', 'circle-color', colour);
      map.setPaintProperty('buildings-point', 'circle-color', colour);
      map.setPaintProperty('buildings-fill', 'fill-color', colour);
      map.setPaintProperty('buildings-cluster', 'circle-stroke-color', stroke);
      map.setPaintProperty('buildings-point', 'circle-stroke-color', stroke);
      map.setFilter('buildings-cluster', layerFilter(filter, true));
      for (const id of ['buildings-point', 'buildings-fill', 'buildings-outline', 'buildings-shape']) map.setFilter(id, layerFilter(filter, false));
      map.setLayoutProperty('buildings-shape', 'visibility', visibleIf(filter.colour === 'category'));
      map.setLayoutProperty('buildings-point', 'visibility', visibleIf(filter.colour !== 'category'));
      map.setFilter('buildings-nodata', noDataFilter(filter));
    };
    filterRef.current = filter;
    if (map.isStyleLoaded() && map.getLayer('buildings-point')) apply();
    else map.once('idle', apply);
    syncUrl();
  }, [filter, syncUrl]);

  // Ring a building on the map (both the point and the footprint layer): the selected one, or the one the
  // keyboard is on in the list.
  const highlight = useCallback((id: string | null) => {
    const map = mapRef.current;
    for (const layer of ['buildings-selected', 'buildings-selected-line']) {
      if (map?.getLayer(layer)) map.setFilter(layer, ['==', ['get', 'id'], id ?? '']);
    }
  }, []);

  useEffect(() => {
    selectedRef.current = selected;
    highlight(selected);
    syncUrl();
    // The map's selection shows in the list: scroll its entry into view (focus stays where the user is).
    if (selected) listRef.current?.querySelector(`[data-building-id="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected, syncUrl, highlight]);

  // Summary and list for what is in view.
  useEffect(() => {
    if (!bbox4) return;
    const controller = new AbortController();
    const p = new URLSearchParams({ bbox: bbox4, colour: filter.colour, min: String(filter.min), max: String(filter.max), minConf: String(filter.minConf) });
    if (filter.category) p.set('category', filter.category);
    if (filter.district) p.set('district', filter.district);
    const timer = setTimeout(() => {
      fetch(`/api/portfolio/view?${p}`, { signal: controller.signal })
        .then((r) => (r.ok ? r.json() : null))
        .then((v: PortfolioView | null) => {
          if (!v) return;
          const key = JSON.stringify(filter);
          const panned = key === listFilter.current;
          listFilter.current = key;
          setListIds((prev) => (panned ? stableOrder(prev, v.buildings) : v.buildings).map((x) => x.id));
          setView(v);
        })
        .catch(() => undefined);
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [bbox4, filter]);

  // Search as the user types.
  useEffect(() => {
    if (query.trim().length < 2) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/buildings/search?q=${encodeURIComponent(query.trim())}`, { signal: controller.signal })
        .then((r) => (r.ok ? r.json() : { hits: [] }))
        .then((r) => setHits(r.hits))
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const flyTo = (geometry: GeoJSON.Geometry, id: string) => {
    const [w, s, e, n] = bbox(geometry);
    mapRef.current?.fitBounds([w, s, e, n], { padding: 120, maxZoom: 16.5, duration: 800 });
    setSelected(id);
    setHits(null);
    setQuery('');
  };

  const mapLabel = t('mapLabel', { count: buildingCount, colour: t(`colour.${filter.colour}`) });
  useEffect(() => {
    const canvas = mapRef.current?.getCanvas();
    if (!canvas) return;
    canvas.setAttribute('aria-label', mapLabel);
    canvas.setAttribute('aria-describedby', 'map-text-alt');
  }, [mapLabel]);
  const textAlt = view ? describeView(view.summary, filter.colour, locale, t, (c) => tc(`categories.${c}`)) : null;

  const closePanel = () => {
    const id = selected;
    setSelected(null);
    // Back to where the user came from: the building's entry in the list, else the list's heading.
    const target = listRef.current?.querySelector<HTMLElement>(`[data-building-id="${id}"]`) ?? document.getElementById('list-title');
    target?.focus();
  };

  // Escape closes the panel from anywhere on the page (the search box's own Escape clears it first).
  const closeRef = useRef(closePanel);
  useEffect(() => {
    closeRef.current = closePanel;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if ((e.target as HTMLElement | null)?.closest('input[type="search"], select, dialog')) return;
      if (selectedRef.current) closeRef.current();
      else if (sidebarOpen) setSidebarOpen(false);
      else if (fullscreen) setFullscreen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [sidebarOpen, fullscreen]);
  // The canvas changes size with the drawer and full screen: tell MapLibre.
  useEffect(() => {
    mapRef.current?.resize();
  }, [sidebarOpen, fullscreen, selected]);

  const scoreKey = scoreProperty(filter.colour);
  const listed = useMemo(() => {
    if (!view) return [];
    const byId = new Map(view.buildings.map((x) => [x.id, x]));
    return listIds.map((id) => byId.get(id)).filter((x): x is PortfolioView['buildings'][number] => !!x);
  }, [view, listIds]);
  const legend = useMemo(
    () =>
      filter.colour === 'category'
        ? CATEGORIES.map((c) => ({ colour: CATEGORY_COLOURS[c], label: tc(`categories.${c}`), shape: shapePoints(CATEGORY_SHAPES[c]) }))
        : SCORE_STEPS.map((s, i) => ({
            shape: null,
            colour: s.colour,
            label: i === 0 ? t('legendWeak') : i === SCORE_STEPS.length - 1 ? t('legendStrong') : `${s.from}–${s.from + 20}`,
          })),
    [filter.colour, t, tc],
  );

  return (
    <div className={`map-explorer${selected ? ' has-panel' : ''}${sidebarOpen ? ' sidebar-open' : ''}${fullscreen ? ' is-fullscreen' : ''}`}>
      <aside className="map-sidebar" id="map-sidebar" aria-label={t('filters')}>
        <nav className="map-skip-links" aria-label={t('skipLinks')}>
          <a className="skip-link" href="#map-region" onClick={(e) => { e.preventDefault(); mapRef.current?.getCanvas().focus(); }}>{t('skipToMap')}</a>
          <a className="skip-link" href="#map-search" onClick={() => setSidebarOpen(true)}>{t('skipToFilters')}</a>
          <a className="skip-link" href="#list-title">{t('skipToList')}</a>
        </nav>
        <div className="field">
          <label htmlFor="map-search">{t('search')}</label>
          <input id="map-search" type="search" value={query} placeholder={t('searchPlaceholder')} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
          {hits && query.trim().length >= 2 && (
            <ul className="search-hits" aria-live="polite">
              {hits.length === 0 && <li className="hint">{t('noHits')}</li>}
              {hits.map((h) => (
                <li key={h.id}>
                  <button type="button" onClick={() => flyTo(h.geometry, h.id)}>
                    {h.name}
                    {h.address && <span className="hint"> · {h.address}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div className="field">
          <label htmlFor="map-colour">{t('colourBy')}</label>
          <select id="map-colour" value={filter.colour} onChange={(e) => setFilter({ ...filter, colour: e.target.value as ColourKey })}>
            {(['combined', 'util', 'cost', 'cond', 'category'] as const).map((k) => (
              <option key={k} value={k}>{t(`colour.${k}`)}</option>
            ))}
          </select>
        </div>
        <div className="legend-head">
          <h2 id="legend-title">{t('legend')}</h2>
          {filter.colour !== 'category' && <KpiHelp kpi={COLOUR_KPI[filter.colour]} />}
        </div>
        <ul className="legend" aria-labelledby="legend-title">
          {legend.map((l) => (
            <li key={l.label}>
              {l.shape ? (
                <svg className="legend-shape" viewBox="0 0 20 20" aria-hidden="true"><polygon points={l.shape} fill={l.colour} stroke="#1b1f24" strokeWidth="2" /></svg>
              ) : (
                <span className="swatch" style={{ background: l.colour }} aria-hidden="true" />
              )}
              {l.label}
            </li>
          ))}
          {filter.colour !== 'category' && (
            <li><span className="swatch swatch--nodata" style={{ background: NO_DATA_COLOUR }} aria-hidden="true" />{t('noData')}</li>
          )}
        </ul>
        {filter.colour !== 'category' && <p className="hint">{t('noDataHint')}</p>}
        <PressureLayer mapRef={mapRef} />

        <h2>{t('filters')}</h2>
        <div className="field">
          <label htmlFor="map-category">{t('category')}</label>
          <select id="map-category" value={filter.category ?? ''} onChange={(e) => setFilter({ ...filter, category: (e.target.value || undefined) as ViewFilter['category'] })}>
            <option value="">{t('allCategories')}</option>
            {CATEGORIES.map((c) => <option key={c} value={c}>{tc(`categories.${c}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="map-district">{t('district')}</label>
          <select id="map-district" value={filter.district ?? ''} onChange={(e) => setFilter({ ...filter, district: e.target.value || undefined })}>
            <option value="">{t('allDistricts')}</option>
            {districts.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </div>
        <fieldset className="field">
          <legend>{t('scoreRange', { min: filter.min, max: filter.max })}</legend>
          <label className="hint" htmlFor="map-min">{t('scoreMin')}</label>
          <input id="map-min" type="range" min={0} max={100} step={5} value={filter.min} onChange={(e) => setFilter({ ...filter, min: Math.min(Number(e.target.value), filter.max) })} />
          <label className="hint" htmlFor="map-max">{t('scoreMax')}</label>
          <input id="map-max" type="range" min={0} max={100} step={5} value={filter.max} onChange={(e) => setFilter({ ...filter, max: Math.max(Number(e.target.value), filter.min) })} />
        </fieldset>
        <div className="field">
          <label htmlFor="map-conf">{t('minConfidence', { value: filter.minConf })}</label>
          <input id="map-conf" type="range" min={0} max={100} step={5} value={filter.minConf} onChange={(e) => setFilter({ ...filter, minConf: Number(e.target.value) })} />
        </div>

        <h2>{t('summary')}</h2>
        <p id="map-text-alt" className="map-text-alt" aria-live="polite" data-testid="map-text-alt">{textAlt ?? '…'}</p>
        <dl className="summary" data-testid="view-summary">
          <div><dt>{t('buildings')}</dt><dd>{view ? formatNumber(view.summary.buildings, locale) : '…'}</dd></div>
          <div><dt>{t('area')}</dt><dd>{view ? formatArea(view.summary.grossAreaM2, locale) : '…'}</dd></div>
          <div><dt>{t('cost')}</dt><dd>{view ? formatMoney(view.summary.annualCostDkk, locale) : '…'}</dd></div>
          <div><dt>{t('backlog')}</dt><dd>{view ? formatMoney(view.summary.backlogDkk, locale) : '…'}</dd></div>
          <div><dt>{t('medianUtilisation')}</dt><dd>{view?.summary.medianUtilisation != null ? formatPercent(view.summary.medianUtilisation, locale) : '–'}</dd></div>
        </dl>

        <h2 id="list-title" tabIndex={-1}>{t('listTitle')}</h2>
        <p className="hint">{t('keyboardHint')}</p>
        {view && isResorted(listed, view.buildings) && (
          <button type="button" className="button button--small" onClick={() => setListIds(view.buildings.map((x) => x.id))}>{t('listResort')}</button>
        )}
        <ul className="building-list" aria-labelledby="list-title" data-testid="building-list" ref={listRef}>
          {listed.map((b) => (
            <li key={b.id}>
              <button type="button" data-building-id={b.id} aria-pressed={selected === b.id}
                onClick={() => {
                  setFocusPanel(true);
                  setSelected(b.id);
                  setSidebarOpen(false); // on a phone the drawer gives way to the panel
                  // Centre it: the panel narrows the map, and the building should stay in view (and in this list).
                  mapRef.current?.easeTo({ center: [b.lon, b.lat], duration: 300 });
                }}
                onFocus={() => highlight(b.id)} onBlur={() => highlight(selectedRef.current)}
                onMouseEnter={() => highlight(b.id)} onMouseLeave={() => highlight(selectedRef.current)}>
                <span>{b.name}<span className="hint"> · {tc(`categories.${b.category}`)}</span></span>
                <span className="score-badge">{b[scoreKey] ?? '–'}</span>
              </button>
            </li>
          ))}
        </ul>
        {view && view.buildings.length < view.summary.buildings && (
          <p className="hint">{t('listMore', { shown: view.buildings.length, total: view.summary.buildings })}</p>
        )}
      </aside>

      <div className="map-canvas">
        <div className="map-toolbar">
          <button type="button" className="button map-toolbar__filters" aria-expanded={sidebarOpen} aria-controls="map-sidebar" onClick={() => setSidebarOpen((o) => !o)} data-testid="toggle-filters">
            {sidebarOpen ? t('hideFilters') : t('showFilters')}
          </button>
          <button type="button" className="button" aria-pressed={fullscreen} onClick={() => setFullscreen((f) => !f)} data-testid="toggle-fullscreen">
            {fullscreen ? t('exitFullscreen') : t('fullscreen')}
          </button>
        </div>
        <div ref={container} id="map-region" style={{ position: 'absolute', inset: 0 }} role="region" aria-label={t('regionLabel')} data-testid="map" />
        {basemap.kind === 'offline' && (
          <p className="basemap-note" data-testid="basemap-note">{t('basemapOffline')}</p>
        )}
      </div>

      {selected && (
        <aside className="map-panel" aria-label={t('panel.keyFigures')}>
          <button type="button" className="button panel-close" onClick={closePanel}>{t('close')}</button>
          <BuildingPanelView key={selected} buildingId={selected} canEditScenarios={canEditScenarios} focusOnLoad={focusPanel} onFocused={() => setFocusPanel(false)} />
        </aside>
      )}
    </div>
  );
}
