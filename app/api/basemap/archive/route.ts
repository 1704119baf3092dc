// GET /api/basemap/archive – the deployment's PMTiles base map (AREAL_BASEMAP_PMTILES), by range requests
import { ApiError } from '@/lib/api/errors';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';
import { archivePath, serveArchive } from '@/lib/basemap/serve-archive';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request) => {
  const file = archivePath();
  if (!file) throw new ApiError('not_found', 'This deployment has no base map archive');
  return serveArchive(request, file);
});
