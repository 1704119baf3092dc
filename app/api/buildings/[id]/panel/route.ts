// GET /api/buildings/{id}/panel – key figures, scores, charts' data and data quality for the map's panel, and the
// future-demand pressure on the building's service in its district (null when none)
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { buildingPanel } from '@/lib/buildings/building-panel';
import { districtPressure } from '@/lib/demand/district-pressure';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import { getPool } from '@/lib/db/pool';
import { currentOrganisation } from '@/lib/organisations/current';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (_request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const id = z.string().uuid().safeParse((await ctx.params).id);
  if (!id.success) return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid building id' } }, { status: 400 });
  const organisation = await currentOrganisation();
  if (!organisation) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  const year = new Date().getFullYear();
  const pool = getPool();
  const panel = await buildingPanel(pool, organisation.id, id.data, year);
  if (!panel) return NextResponse.json({ error: { code: 'not_found', message: 'Building not found' } }, { status: 404 });
  const [inputs, defaults] = await Promise.all([loadDemandInputs(pool, organisation.id, year), loadScenarioDefaults(pool, organisation.id)]);
  return NextResponse.json({ ...panel, demand: districtPressure(inputs, id.data, defaults.maxAddedTravelKm) });
});
