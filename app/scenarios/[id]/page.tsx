import { notFound } from 'next/navigation';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { getPool } from '@/lib/db/pool';
import { formatDateTime } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { loadPortfolio } from '@/lib/scenarios/load-portfolio';
import { visibleScenario } from '@/lib/scenarios/brief-data';
import { ScenarioBuilder } from './scenario-builder';
import { requirePageAuth } from '@/lib/auth/current';
import { SCENARIO_READERS, can } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

// The scenario builder: actions, assumptions, live outcome and status.
export default async function ScenarioPage({ params }: { params: Promise<{ id: string }> }) {
  const pageAuth = await requirePageAuth(SCENARIO_READERS);
  const [t, locale, { id }, timeZone] = await Promise.all([getTranslations('scenarios'), getLocale(), params, getTimeZone()]);
  const pool = getPool();
  const scenario = await visibleScenario(pool, pageAuth, id);
  if (!scenario) notFound();
  const portfolio = await loadPortfolio(pool, pageAuth.organisation.id, new Date().getFullYear());
  const statusLine = scenario.statusChangedAt
    ? t('builder.statusBy', {
        status: t(`status.${scenario.status}`),
        when: formatDateTime(new Date(scenario.statusChangedAt), locale as Locale, timeZone),
        who: scenario.statusChangedByName ?? t('builder.unknownUser'),
      })
    : t(`status.${scenario.status}`);
  return (
    <div className="page">
      <h1>{scenario.name}</h1>
      <p className="lead" data-testid="scenario-status">{statusLine}</p>
      <ScenarioBuilder scenario={scenario} portfolio={portfolio} canWrite={can(pageAuth.role, 'scenario:write')} />
    </div>
  );
}
