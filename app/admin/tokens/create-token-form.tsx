'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { createTokenAction, type CreateTokenState } from './actions';

/** Name a new token; the token is shown here once and never again. */
export function CreateTokenForm() {
  const t = useTranslations('admin.tokens');
  const [state, action, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, { token: null });
  return (
    <div>
      <form action={action} style={{ display: 'flex', gap: '.5rem', alignItems: 'end', flexWrap: 'wrap' }}>
        <label style={{ display: 'grid' }}>{t('name')}<input name="name" required maxLength={100} placeholder={t('namePlaceholder')} /></label>
        <button type="submit" className="button button--primary" disabled={pending}>{t('create')}</button>
      </form>
      {state.error && <p className="notice" role="alert">{t('invalid')}</p>}
      {state.token && (
        <div role="status" className="notice" style={{ marginLeft: 0, marginRight: 0 }}>
          <p style={{ margin: 0 }}>{t('shownOnce', { name: state.name ?? '' })}</p>
          <p><code data-testid="new-token" style={{ wordBreak: 'break-all', userSelect: 'all' }}>{state.token}</code></p>
          <p className="hint" style={{ margin: 0 }}>{t('usage')}</p>
        </div>
      )}
    </div>
  );
}
