import { getLocale, getTranslations } from 'next-intl/server';
import { getPool } from '@/lib/db/pool';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { listScores } from '@/lib/scoring/query-scores';
import { listScoredPeriods, periodParam, periodParamSchema } from '@/lib/scoring/scored-period';
import { PeriodForm } from './period-form';
import { RankingTable, type RankingRow } from './ranking-table';
import { loadUserWeights } from '@/lib/scoring/user-weights';
import { requirePageAuth } from '@/lib/auth/current';
import { can, PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

// The ranking: every scored building with its three KPI scores, the combined score and its data confidence,
// weakest first, with the signed-in user's saved weights (else the organisation's); `?period=from..to` shows an
// earlier scored period instead of the latest.
export default async function RankingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const auth = await requirePageAuth(PORTFOLIO_READERS, '/ranking');
  const org = auth.organisation;
  const [t, locale, sp] = await Promise.all([getTranslations('ranking'), getLocale(), searchParams]);
  const pool = getPool();
  const weights = (await loadOrganisationSettings(pool, org.id)).scoreWeights;
  const saved = await loadUserWeights(pool, auth.user.id, org.id);
  const periods = await listScoredPeriods(pool, org.id);
  const asked = periodParamSchema.safeParse(sp.period);
  const period = asked.success ? periods.find((p) => periodParam(p) === periodParam(asked.data)) : undefined;
  const scores = await listScores(pool, org.id, { period }, weights);
  if (scores.length === 0) return <div className="page page--wide"><h1>{t('title')}</h1><p className="notice">{t('notScored')}</p></div>;
  const lang = locale === 'en' ? 'en' : 'da';
  const data: RankingRow[] = scores.map((s) => ({
    id: s.buildingId, name: s.name, category: s.category, district: s.district, ancillary: s.ancillary, scores: s.scores, confidence: s.confidence,
    why: s.explanation.sentences.utilisation[lang],
  }));
  const { from, to } = scores[0].period;
  return (
    <div className="page page--wide">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead', { from, to })}</p>
      <PeriodForm periods={periods} shown={scores[0].period}
        labels={{ period: t('period'), latest: (p) => t('periodLatest', { from: p.from, to: p.to }), show: t('periodShow') }} />
      <RankingTable rows={data} orgWeights={weights} savedWeights={saved} selectable={can(auth.role, 'scenario:write')} />
    </div>
  );
}
