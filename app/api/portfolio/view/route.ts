// GET /api/portfolio/view?bbox=&category=&district=&colour=&min=&max=&minConf= – totals and buildings in view
import { NextResponse } from 'next/server';
import { getPool } from '@/lib/db/pool';
import { portfolioView } from '@/lib/map/portfolio-view';
import { parseViewFilter } from '@/lib/map/view-filter';
import { currentOrganisation } from '@/lib/organisations/current';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request) => {
  const filter = parseViewFilter(new URL(request.url).searchParams);
  const organisation = await currentOrganisation();
  if (!organisation) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  return NextResponse.json(await portfolioView(getPool(), organisation.id, filter));
});
