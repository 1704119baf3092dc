// GET /api/ready – readiness: database reachable, migrations current, a worker's heartbeat fresh, queue depth;
// 200 when ready, 503 with the failing checks otherwise (and while the instance drains after SIGTERM) (no sign-in: it names no organisation and no data)
import { NextResponse } from 'next/server';
import { getPool } from '@/lib/db/pool';
import { queueSchema } from '@/lib/jobs/boss';
import { isDraining } from '@/lib/ops/draining';
import { checkReadiness } from '@/lib/ops/readiness';

export const dynamic = 'force-dynamic';

export async function GET() {
  if (isDraining()) return NextResponse.json({ status: 'draining' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  const r = await checkReadiness(getPool(), queueSchema());
  return NextResponse.json({ status: r.ready ? 'ready' : 'not_ready', ...r.checks }, { status: r.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
