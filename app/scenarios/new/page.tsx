import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getPool } from '@/lib/db/pool';
import { currentOrganisation } from '@/lib/organisations/current';
import { NewScenarioForm } from './new-scenario-form';
import { requirePageAuth } from '@/lib/auth/current';
import { SCENARIO_WRITERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

// A new scenario, optionally starting with one building closed (the map's panel links here with ?building=<id>).
export default async function NewScenarioPage({ searchParams }: { searchParams: Promise<{ building?: string }> }) {
  await requirePageAuth(SCENARIO_WRITERS, '/scenarios/new');
  const [t, tc, organisation, sp] = await Promise.all([getTranslations('scenarios.new'), getTranslations('common'), currentOrganisation(), searchParams]);
  if (!organisation) return <p className="notice">{tc('noOrganisation')}</p>;
  const id = z.string().uuid().safeParse(sp.building);
  let building: { id: string; name: string } | null = null;
  if (id.success) {
    const { rows } = await getPool().query<{ id: string; name: string }>('SELECT id, name FROM building WHERE organisation_id = $1 AND id = $2', [organisation.id, id.data]);
    building = rows[0] ?? null;
  }
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {building && <p>{t('startWith', { name: building.name })}</p>}
      <NewScenarioForm building={building} />
    </div>
  );
}
