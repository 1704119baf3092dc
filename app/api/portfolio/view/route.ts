// GET /api/portfolio/view?bbox=&category=&district=&colour=&min=&max=&minConf= – totals and buildings in view
import { NextResponse } from 'next/server';
import { portfolioView } from '@/lib/map/portfolio-view';
import { parseViewFilter } from '@/lib/map/view-filter';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, { auth, pool }) => {
  const filter = parseViewFilter(new URL(request.url).searchParams);
  return NextResponse.json(await portfolioView(pool, auth.organisation.id, filter));
});
