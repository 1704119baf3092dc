'use client';

import type * as maplibregl from 'maplibre-gl';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useState, type RefObject } from 'react';
import type { PressureStatus } from '@/lib/demand/coverage';
import type { PressureMap } from '@/lib/demand/pressure-map';
import { NO_DATA_COLOUR, PRESSURE_COLOURS } from '@/lib/map/palette';

// The map layer "capacity pressure in year Y": districts coloured over capacity / within two years of it / enough for
// one service, with a year slider, a legend and the same statuses as a list (the text equivalent of the colours).
// Figures from GET /api/demand/pressure (the demand report the /demand page uses), fetched when the layer is turned on.

const SOURCE = 'pressure';
const FILL = 'pressure-fill';
const LINE = 'pressure-line';
const STATUSES: PressureStatus[] = ['over', 'warning', 'enough'];

interface Loaded {
  pressure: PressureMap | null;
  districts: GeoJSON.FeatureCollection | null;
}

/** The districts with the status of `service` in year index `yearIndex` as a `status` property ('none' without figures). */
function coloured(districts: GeoJSON.FeatureCollection, statuses: Record<string, Array<PressureStatus | null>>, yearIndex: number): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: districts.features.map((f) => ({ ...f, properties: { ...f.properties, status: statuses[String(f.id)]?.[yearIndex] ?? 'none' } })),
  };
}

export function PressureLayer({ mapRef }: { mapRef: RefObject<maplibregl.Map | null> }) {
  const t = useTranslations('map.pressure');
  const td = useTranslations('demand');
  const [on, setOn] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState(false);
  const [service, setService] = useState<string | null>(null);
  const [yearIndex, setYearIndex] = useState(0);

  useEffect(() => {
    if (!on || loaded) return;
    const controller = new AbortController();
    fetch('/api/demand/pressure', { signal: controller.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((body: Loaded) => {
        setLoaded(body);
        setService(body.pressure?.services[0]?.category ?? null);
        setYearIndex(0);
      })
      .catch((e: Error) => {
        if (e.name !== 'AbortError') setFailed(true);
      });
    return () => controller.abort();
  }, [on, loaded]);

  const statuses = useMemo(() => loaded?.pressure?.services.find((s) => s.category === service)?.statuses ?? null, [loaded, service]);
  const data = useMemo(() => (loaded?.districts && statuses ? coloured(loaded.districts, statuses, yearIndex) : null), [loaded, statuses, yearIndex]);

  // Draw (or hide) the layer under the buildings: the districts' colour is the background the buildings sit on.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const apply = () => {
      if (!data) {
        for (const id of [FILL, LINE]) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'none');
        return;
      }
      const source = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined;
      if (source) source.setData(data);
      else {
        map.addSource(SOURCE, { type: 'geojson', data });
        const below = map.getLayer('buildings-cluster') ? 'buildings-cluster' : undefined;
        map.addLayer({ id: FILL, type: 'fill', source: SOURCE, paint: {
          'fill-color': ['match', ['get', 'status'], 'over', PRESSURE_COLOURS.over, 'warning', PRESSURE_COLOURS.warning, 'enough', PRESSURE_COLOURS.enough, NO_DATA_COLOUR],
          'fill-opacity': 0.45 } }, below);
        map.addLayer({ id: LINE, type: 'line', source: SOURCE, paint: { 'line-color': '#1b1f24', 'line-width': 1.5 } }, below);
      }
      for (const id of [FILL, LINE]) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    };
    // A style still loading (a previous setData in flight counts) defers the drawing to the next idle; a newer year
    // cancels the deferred one, so a stale year can never be drawn over the one the slider shows.
    if (map.isStyleLoaded()) apply();
    else map.once('idle', apply);
    return () => {
      map.off('idle', apply);
    };
  }, [mapRef, data, on]);

  const pressure = loaded?.pressure ?? null;
  const year = pressure?.years[yearIndex];
  const serviceLabel = (c: string) => (td.has(`services.${c}`) ? td(`services.${c}`) : c);
  const districtName = new Map((loaded?.districts?.features ?? []).map((f) => [String(f.id), String(f.properties?.name ?? '')]));

  return (
    <fieldset className="field pressure-layer" data-testid="pressure-layer">
      <legend>{t('title')}</legend>
      <label className="checkbox">
        <input type="checkbox" id="map-pressure" checked={on} onChange={(e) => setOn(e.target.checked)} data-testid="pressure-toggle" />
        {t('show')}
      </label>
      {on && !loaded && !failed && <p className="hint">{t('loading')}</p>}
      {on && failed && <p className="notice" role="alert">{t('failed')}</p>}
      {on && loaded && !pressure && <p className="hint" data-testid="pressure-empty">{t('noForecast')}</p>}
      {on && pressure && year !== undefined && (
        <>
          {pressure.ownEstimate && <p className="notice" data-testid="pressure-own-estimate">{td('ownEstimate')}</p>}
          <p className="hint">{t('variant', { variant: td(`variants.${pressure.variant}`), km: pressure.reachKm })}</p>
          {pressure.services.length > 1 && (
            <>
              <label htmlFor="map-pressure-service">{td('service')}</label>
              <select id="map-pressure-service" value={service ?? ''} onChange={(e) => setService(e.target.value)} data-testid="pressure-service">
                {pressure.services.map((s) => <option key={s.category} value={s.category}>{serviceLabel(s.category)}</option>)}
              </select>
            </>
          )}
          <label htmlFor="map-pressure-year">{t('year')}: <strong data-testid="pressure-year">{year}</strong></label>
          <input id="map-pressure-year" type="range" min={0} max={pressure.years.length - 1} step={1} value={yearIndex}
            aria-valuetext={String(year)} onChange={(e) => setYearIndex(Number(e.target.value))} data-testid="pressure-slider" />
          <ul className="legend" aria-label={t('legend')}>
            {STATUSES.map((s) => (
              <li key={s}><span className="swatch" style={{ background: PRESSURE_COLOURS[s] }} aria-hidden="true" />{td(`statuses.${s}`)}</li>
            ))}
            <li><span className="swatch swatch--nodata" style={{ background: NO_DATA_COLOUR }} aria-hidden="true" />{t('none')}</li>
          </ul>
          <ul className="pressure-list" aria-live="polite" aria-label={t('listLabel', { service: serviceLabel(service ?? ''), year })} data-testid="pressure-list">
            {(loaded?.districts?.features ?? []).map((f) => {
              const status = statuses?.[String(f.id)]?.[yearIndex] ?? null;
              return (
                <li key={String(f.id)} data-district={districtName.get(String(f.id))} data-status={status ?? 'none'}>
                  <span className="swatch" style={{ background: status ? PRESSURE_COLOURS[status] : NO_DATA_COLOUR }} aria-hidden="true" />
                  {districtName.get(String(f.id))}: {status ? td(`statuses.${status}`) : t('none')}
                </li>
              );
            })}
          </ul>
          <p className="hint"><a href={`/demand?service=${service ?? ''}&year=${year}`}>{t('details')}</a></p>
        </>
      )}
    </fieldset>
  );
}
