// GET /api/tiles/buildings/{z}/{x}/{y} – the organisation's buildings as a Mapbox vector tile
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';
import { serveTile } from '@/lib/map/serve-tile';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, { auth, pool, params }: AuthedContext<{ z: string; x: string; y: string }>) =>
  serveTile(request, pool, auth.organisation, await params, 'buildings'),
);
