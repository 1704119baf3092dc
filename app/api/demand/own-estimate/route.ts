// POST /api/demand/own-estimate – Areal's own estimate ({ birthsPer1000 }): the areas that have only the current
// population by age projected to the horizon (cohorts age a year a year, births from the stated rate), audited. It
// runs in the request: 100 areas to 2040 take ~2 s, a municipality's few areas well under one (docs/demand.md).
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withAuth } from '@/lib/api/with-auth';
import { SCENARIO_WRITERS } from '@/lib/auth/roles';
import { writeOwnEstimate } from '@/lib/demand/own-estimate';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';

export const dynamic = 'force-dynamic';

/** Live births per 1,000 residents a year: Denmark 2023 ≈ 9.6; no municipality is outside 0–30. */
const bodySchema = z.object({ birthsPer1000: z.number().min(0).max(30) });

export const POST = withAuth({ roles: SCENARIO_WRITERS }, async (request: Request, { auth, pool }) => {
  const { birthsPer1000 } = bodySchema.parse(await request.json());
  const organisationId = auth.organisation.id;
  const { demand } = await loadOrganisationSettings(pool, organisationId);
  const result = await writeOwnEstimate(pool, organisationId, demand.horizonYear, birthsPer1000, { userId: auth.user.id });
  return NextResponse.json({ ...result, birthsPer1000, horizonYear: demand.horizonYear });
});
