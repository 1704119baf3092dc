import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getPool } from '@/lib/db/pool';
import { getScenario, type StoredScenario } from '@/lib/scenarios/scenario-store';
import { loadDemandInputs } from '@/lib/demand/load-demand-inputs';
import { scenarioDemand } from '@/lib/demand/scenario-demand';
import { DemandVerdict } from '../demand-verdict';
import { OutcomeFigures } from '../outcome-figures';
import { BeforeAfterMaps } from './before-after-maps';
import { CompareCharts, type CompareSeries } from './compare-charts';
import { requirePageAuth } from '@/lib/auth/current';
import { SCENARIO_READERS, canSeeScenario } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

const idsSchema = z.string().transform((s) => s.split(',').filter(Boolean)).pipe(z.array(z.string().uuid()).min(2).max(4));

// Two to four scenarios side by side: the outcome figures and charts of m², savings and costs.
export default async function ComparePage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  const pageAuth = await requirePageAuth(SCENARIO_READERS, '/scenarios/compare');
  const { organisation } = pageAuth;
  const [t, sp] = await Promise.all([getTranslations('scenarios'), searchParams]);
  const ids = idsSchema.safeParse(sp.ids ?? '');
  const found = ids.success ? await Promise.all(ids.data.map((id) => getScenario(getPool(), organisation.id, id))) : [];
  const scenarios = found.filter((s): s is StoredScenario => s !== null && s.result !== null && canSeeScenario(pageAuth.role, s.status));
  if (scenarios.length < 2) return <div className="page"><h1>{t('compare.title')}</h1><p className="notice">{t('compare.needTwo')}</p></div>;
  const demand = await loadDemandInputs(getPool(), organisation.id, new Date().getFullYear());
  const series: CompareSeries[] = scenarios.map((s) => ({
    name: s.name,
    areaRemovedM2: s.result!.areaRemovedM2,
    annualBenefitDkk: s.result!.annualSavingsDkk + s.result!.annualRentIncomeDkk,
    movingDkk: s.result!.costBreakdown.movingDkk,
    refurbishDkk: s.result!.costBreakdown.refurbishDkk,
    saleDkk: s.result!.saleValueDkk,
  }));
  return (
    <div className="page">
      <h1>{t('compare.title')}</h1>
      <p className="lead">{t('compare.lead')}</p>
      <div className="compare-grid" data-testid="compare-grid" style={{ display: 'grid', gridTemplateColumns: `repeat(${scenarios.length}, minmax(0, 1fr))`, gap: '1rem' }}>
        {scenarios.map((s) => (
          <section key={s.id}>
            <h2>{s.name}</h2>
            <p>{t(`status.${s.status}`)}</p>
            <OutcomeFigures outcome={s.result!} />
            <DemandVerdict demand={scenarioDemand(demand, s.actions, s.params.maxAddedTravelKm)} municipalityName={organisation.name} />
          </section>
        ))}
      </div>
      <CompareCharts series={series} />
      <BeforeAfterMaps scenarios={scenarios.map((s) => ({ id: s.id, name: s.name }))} />
    </div>
  );
}
