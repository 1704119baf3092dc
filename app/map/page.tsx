import { runtimeEnv } from '@/lib/config/env';
import { getTranslations } from 'next-intl/server';
import { getPool } from '@/lib/db/pool';
import { mapExtent } from '@/lib/map/map-extent';
import { parseViewFilter } from '@/lib/map/view-filter';
import { archivePath } from '@/lib/basemap/serve-archive';
import { MapExplorer, type Basemap } from './map-explorer';
import './map.css';
import { requirePageAuth } from '@/lib/auth/current';
import { can, PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

/** The app's own archive first, then a deployment's style URL, else the offline drawing (which says how to get streets). */
function basemapOf(): Basemap {
  if (archivePath()) return { kind: 'archive' };
  const url = runtimeEnv().AREAL_BASEMAP_STYLE_URL;
  return url ? { kind: 'style', url } : { kind: 'offline' };
}

// GET /map — the property manager's home: the portfolio on a map, filters, summary and building panel.
export default async function MapPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const pageAuth = await requirePageAuth(PORTFOLIO_READERS, '/map');
  const { organisation } = pageAuth;
  const t = await getTranslations('map');
  const params = await searchParams;
  const extent = await mapExtent(getPool(), organisation.id);
  const view = {
    lng: Number(params.lng) || null,
    lat: Number(params.lat) || null,
    zoom: Number(params.z) || null,
    selected: params.b && /^[0-9a-f-]{36}$/i.test(params.b) ? params.b : null,
  };
  return (
    <div className="map-page">
      <h1 className="visually-hidden">{t('title')}</h1>
      <MapExplorer
        districts={extent.districts ?? []}
        bounds={(extent.bounds as [number, number, number, number] | null) ?? [8.8, 56.05, 9.15, 56.22]}
        buildingCount={extent.buildings}
        initialFilter={parseViewFilter(params)}
        initialView={view}
        basemap={basemapOf()}
        canEditScenarios={can(pageAuth.role, 'scenario:write')}
      />
    </div>
  );
}
