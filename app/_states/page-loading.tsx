import { getTranslations } from 'next-intl/server';
import './page-states.css';

export type LoadingWhat = 'page' | 'home' | 'map' | 'ranking' | 'scenarios' | 'scenario' | 'brief' | 'compare' | 'newScenario' | 'uploads' | 'admin' | 'users' | 'tokens' | 'audit';

/** What a route segment shows while its server data loads: a polite live status with words, not only a spinner. */
export async function PageLoading({ what }: { what: LoadingWhat }) {
  const t = await getTranslations('states.loading');
  return (
    <div className="page-loading-wrap" aria-busy="true">
      <div className="page-loading" role="status" aria-live="polite" data-testid="page-loading">
        <span className="page-loading__spinner" aria-hidden="true" />
        <span>{t(what)}</span>
      </div>
      <div className="page-loading__skeleton" aria-hidden="true"><span /><span /><span /></div>
    </div>
  );
}
