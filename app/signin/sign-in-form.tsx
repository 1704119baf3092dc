'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { signInAction, type SignInState } from './actions';

/** E-mail and password; errors are announced to screen readers. Works without JavaScript too. */
export function SignInForm({ next }: { next: string }) {
  const t = useTranslations('auth');
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { error: null });
  return (
    <form action={action} noValidate={false} className="sign-in-form" style={{ display: 'grid', gap: '.75rem' }}>
      <input type="hidden" name="next" value={next} />
      <label style={{ display: 'grid', gap: '.25rem' }}>
        {t('signIn.email')}
        <input name="email" type="email" autoComplete="username" required defaultValue={state.email} style={{ font: 'inherit', padding: '.4rem' }} />
      </label>
      <label style={{ display: 'grid', gap: '.25rem' }}>
        {t('signIn.password')}
        <input name="password" type="password" autoComplete="current-password" required style={{ font: 'inherit', padding: '.4rem' }} />
      </label>
      <div role="alert" aria-live="assertive">
        {state.error === 'rate_limited' && <p className="notice" style={{ margin: 0 }}>{t('errors.rate_limited', { seconds: state.retryAfterSeconds ?? 30 })}</p>}
        {(state.error === 'invalid_credentials' || state.error === 'invalid_input') && <p className="notice" style={{ margin: 0 }}>{t('errors.invalid_credentials')}</p>}
      </div>
      <button type="submit" className="button button--primary" disabled={pending}>{pending ? t('signIn.pending') : t('signIn.submit')}</button>
    </form>
  );
}
