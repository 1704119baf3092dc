// GET /api/tiles/districts/{z}/{x}/{y} – districts and the municipal boundary as a vector tile
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';
import { serveTile } from '@/lib/map/serve-tile';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, ctx: { params: Promise<{ z: string; x: string; y: string }> }) =>
  serveTile(request, await ctx.params, 'districts'),
);
