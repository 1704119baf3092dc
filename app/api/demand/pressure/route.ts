// GET /api/demand/pressure?variant= – capacity pressure per service, district and year (over capacity / within two
// years of it / enough) and the district outlines, for the map layer on /map; null when there is no forecast
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';
import { cachedDemandInputs } from '@/lib/demand/cached-demand-inputs';
import { districtShapes } from '@/lib/demand/forecast-areas';
import { pressureMap } from '@/lib/demand/pressure-map';
import { FORECAST_VARIANTS } from '@/lib/demand/services';
import { loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ variant: z.enum(FORECAST_VARIANTS).optional() });

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, { auth, pool }) => {
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const organisationId = auth.organisation.id;
  const [inputs, defaults] = await Promise.all([cachedDemandInputs(pool, organisationId, new Date().getFullYear()), loadScenarioDefaults(pool, organisationId)]);
  const pressure = pressureMap(inputs, defaults.maxAddedTravelKm, query.variant);
  if (!pressure) return NextResponse.json({ pressure: null, districts: null });
  const shapes = await districtShapes(pool, organisationId);
  const districts: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: shapes.map((s) => ({ type: 'Feature', id: s.id, properties: { id: s.id, name: s.name }, geometry: s.geometry })),
  };
  return NextResponse.json({ pressure, districts }, { headers: { 'cache-control': 'private, no-store' } });
});
