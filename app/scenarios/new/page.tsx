import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getPool } from '@/lib/db/pool';
import { buildingNames } from '@/lib/buildings/building-lists';
import { NewScenarioForm } from './new-scenario-form';
import { requirePageAuth } from '@/lib/auth/current';
import { SCENARIO_WRITERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

const MAX_BUILDINGS = 500;

// A new scenario, optionally starting with buildings: one ?building=<id> each (the map's panel and the ranking's
// selection link here). Each starts with its default action (lib/scenarios/default-action.ts).
export default async function NewScenarioPage({ searchParams }: { searchParams: Promise<{ building?: string | string[] }> }) {
  const { organisation } = await requirePageAuth(SCENARIO_WRITERS, '/scenarios/new');
  const [t, tp, sp] = await Promise.all([getTranslations('scenarios.new'), getTranslations('scenarios.pick'), searchParams]);
  const requested = [sp.building ?? []].flat().filter((id) => z.string().uuid().safeParse(id).success).slice(0, MAX_BUILDINGS);
  const buildings = await buildingNames(getPool(), organisation.id, requested); // in the order given
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {buildings.length > 0 && (
        <>
          <p>{tp('startWith', { count: buildings.length })}</p>
          <ul data-testid="new-scenario-buildings">{buildings.map((b) => <li key={b.id}>{b.name}</li>)}</ul>
          <p className="hint">{tp('defaultHint')}</p>
        </>
      )}
      <NewScenarioForm buildings={buildings} />
    </div>
  );
}
