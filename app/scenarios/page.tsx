import Link from 'next/link';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { getPool } from '@/lib/db/pool';
import { mustKeepCandidates } from '@/lib/buildings/building-lists';
import { formatArea, formatDateTime, formatMoney } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { loadOptimiserDefaults, loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import { SERVICE_KINDS } from '@/lib/scenarios/optimiser-defaults';
import { listScenarios } from '@/lib/scenarios/scenario-store';
import { CompareSelection } from './compare-selection';
import { OptimiserForm } from './optimiser-form';
import { requirePageAuth } from '@/lib/auth/current';
import { SCENARIO_READERS, can, canSeeScenario } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

// Scenarios: the saved ones (pick two to four to compare), a new hand-built one, or a proposal from the optimiser.
export default async function ScenariosPage() {
  const pageAuth = await requirePageAuth(SCENARIO_READERS, '/scenarios');
  const { organisation } = pageAuth;
  const [t, locale, timeZone] = await Promise.all([getTranslations('scenarios'), getLocale(), getTimeZone()]);
  const pool = getPool();
  const writer = can(pageAuth.role, 'scenario:write');
  const [scenarios, defaults, optimiserDefaults, buildings] = await Promise.all([
    listScenarios(pool, organisation.id).then((all) => all.filter((s) => canSeeScenario(pageAuth.role, s.status))),
    loadScenarioDefaults(pool, organisation.id),
    loadOptimiserDefaults(pool, organisation.id),
    // Candidates for "must stay" (ancillary buildings never close anyway, so they are not offered).
    writer
      ? mustKeepCandidates(pool, organisation.id)
      : Promise.resolve([]),
  ]);
  const loc = locale as Locale;
  const rows = scenarios.map((s) => ({
    id: s.id,
    name: s.name,
    status: t(`status.${s.status}`),
    area: s.result ? formatArea(s.result.areaRemovedM2, loc) : '–',
    savings: s.result ? formatMoney(s.result.annualSavingsDkk, loc) : '–',
    changed: s.statusChangedAt ? formatDateTime(new Date(s.statusChangedAt), loc, timeZone) : '',
  }));
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{writer ? t('lead') : t('leadViewer')}</p>
      {writer && (
        <p>
          <Link className="button button--primary" href="/scenarios/new">{t('newScenario')}</Link>
        </p>
      )}
      {rows.length === 0 ? <p className="notice">{t('empty')}</p> : <CompareSelection rows={rows} />}
      {writer && <OptimiserForm defaults={{ params: defaults, compatibility: optimiserDefaults.compatibility, kinds: SERVICE_KINDS, minClosureConfidence: optimiserDefaults.minClosureConfidence, buildings }} />}
    </div>
  );
}
