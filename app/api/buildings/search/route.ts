// GET /api/buildings/search?q= – buildings by name, address or registry id, with geometry for fly-to
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { searchBuildings } from '@/lib/buildings/search-buildings';
import { getPool } from '@/lib/db/pool';
import { currentOrganisation } from '@/lib/organisations/current';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request) => {
  const q = z.string().trim().min(1).max(100).safeParse(new URL(request.url).searchParams.get('q') ?? '');
  if (!q.success) return NextResponse.json({ error: { code: 'bad_request', message: 'q must be 1–100 characters' } }, { status: 400 });
  const organisation = await currentOrganisation();
  if (!organisation) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  return NextResponse.json({ hits: await searchBuildings(getPool(), organisation.id, q.data) });
});
