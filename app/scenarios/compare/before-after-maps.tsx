'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { ScenarioGeo } from '@/lib/scenarios/scenario-geo';
import { ScenarioMap, ScenarioMapLegend } from '../_map/scenario-map';

// Before/after maps for each compared scenario, from GET /api/scenarios/{id}/map: the portfolio before (what the
// scenario touches ringed), and after (removed buildings crossed out, let-out hatched, receivers marked, moves drawn).
function ScenarioPair({ id, name }: { id: string; name: string }) {
  const t = useTranslations('scenarios.maps');
  const [geo, setGeo] = useState<ScenarioGeo | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/scenarios/${id}/map`, { signal: controller.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then(setGeo)
      .catch((e) => e.name !== 'AbortError' && setFailed(true));
    return () => controller.abort();
  }, [id]);
  const label = (variant: 'before' | 'after') =>
    geo ? `${name}, ${t('label', { variant: t(variant).toLowerCase(), buildings: geo.counts.buildings, removed: geo.counts.removed, receivers: geo.counts.receivers, moves: geo.counts.moves })}` : '';
  return (
    <section className="scenario-maps__section" data-testid="before-after" aria-labelledby={`maps-${id}`}>
      <h3 id={`maps-${id}`}>{name}</h3>
      {failed && <p role="alert" className="notice">{t('failed')}</p>}
      {!geo && !failed && <p aria-live="polite">{t('loading')}</p>}
      {geo && (
        <>
          <p>{t('summary', { removed: geo.counts.removed, letOut: geo.counts.letOut, moves: geo.counts.moves, receivers: geo.counts.receivers })}</p>
          <div className="scenario-maps__pair">
            <figure>
              <figcaption>{t('before')}</figcaption>
              <ScenarioMap geo={geo} variant="before" label={label('before')} testId="map-before" interactive />
            </figure>
            <figure>
              <figcaption>{t('after')}</figcaption>
              <ScenarioMap geo={geo} variant="after" label={label('after')} testId="map-after" interactive />
            </figure>
          </div>
        </>
      )}
    </section>
  );
}

export function BeforeAfterMaps({ scenarios }: { scenarios: { id: string; name: string }[] }) {
  const t = useTranslations('scenarios.maps');
  return (
    <div className="scenario-maps" data-testid="compare-maps">
      <h2>{t('title')}</h2>
      <ScenarioMapLegend variant="both" />
      {scenarios.map((s) => <ScenarioPair key={s.id} id={s.id} name={s.name} />)}
    </div>
  );
}
