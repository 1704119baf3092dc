// GET /api/buildings/search?q= – buildings by name, address or registry id, with geometry for fly-to
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { searchBuildings } from '@/lib/buildings/search-buildings';
import { ApiError } from '@/lib/api/errors';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, { auth, pool }) => {
  const q = z.string().trim().min(1).max(100).safeParse(new URL(request.url).searchParams.get('q') ?? '');
  if (!q.success) throw new ApiError('bad_request', { en: 'q must be 1–100 characters', da: 'q skal være 1–100 tegn' });
  return NextResponse.json({ hits: await searchBuildings(pool, auth.organisation.id, q.data) });
});
