// PUT /api/demand/settings – the organisation's services per category (age band, take-up) and forecast horizon
import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/api/with-auth';
import { rolesWith } from '@/lib/auth/roles';
import { saveDemandSettings } from '@/lib/demand/save-demand-settings';

export const dynamic = 'force-dynamic';

export const PUT = withAuth({ roles: rolesWith('settings:manage') }, async (request: Request, ctx) => {
  const settings = await saveDemandSettings(ctx.pool, ctx.auth.organisation.id, await request.json());
  return NextResponse.json({ settings });
});
