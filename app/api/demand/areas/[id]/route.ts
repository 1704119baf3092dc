// PUT /api/demand/areas/{id} – match a forecast area to a district ({ districtId }, null to clear): the import's mapping step
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { SCENARIO_WRITERS } from '@/lib/auth/roles';
import { matchForecastArea } from '@/lib/demand/forecast-areas';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({ districtId: z.string().uuid().nullable() });

export const PUT = withAuth({ roles: SCENARIO_WRITERS }, async (request: Request, ctx: AuthedContext<{ id: string }>) => {
  const id = z.string().uuid().parse((await ctx.params).id);
  const { districtId } = bodySchema.parse(await request.json());
  if (!(await matchForecastArea(ctx.pool, ctx.auth.organisation.id, id, districtId))) throw new ApiError('not_found', 'Forecast area or district not found');
  return NextResponse.json({ id, districtId });
});
