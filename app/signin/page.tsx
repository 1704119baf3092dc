import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { currentAuthResolution } from '@/lib/auth/current';
import { oidcConfig } from '@/lib/auth/oidc';
import { safeReturnPath } from '@/lib/auth/redirect-target';
import { signInWithOidcAction } from './actions';
import { SignInForm } from './sign-in-form';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const [t, sp, state] = await Promise.all([getTranslations('auth'), searchParams, currentAuthResolution()]);
  const next = safeReturnPath(typeof sp.next === 'string' ? sp.next : '/');
  if (state.status === 'member') redirect(next);
  // Signed in with only invitations so far: answering them is the one thing this account can do.
  if (state.status === 'no_membership' && state.pendingInvitations > 0) redirect('/invitations');
  const oidc = oidcConfig();
  const error = typeof sp.error === 'string' ? sp.error : null;
  return (
    <div className="page" style={{ maxWidth: '28rem' }}>
      <h1>{t('signIn.title')}</h1>
      <p className="lead">{t('signIn.lead')}</p>
      {sp.signedOut && <p role="status">{t('signIn.signedOut')}</p>}
      {error === 'no_membership' && <p className="notice" role="alert">{t('errors.no_membership')}</p>}
      {error === 'oidc_failed' && <p className="notice" role="alert">{t('errors.oidc_failed')}</p>}
      {state.status === 'no_membership' && <p className="notice" role="alert">{t('errors.no_membership_user', { email: state.user.email })}</p>}
      <SignInForm next={next} />
      {oidc && (
        <form action={signInWithOidcAction} style={{ marginTop: '1.5rem' }}>
          <input type="hidden" name="next" value={next} />
          <button type="submit" className="button">{t('signIn.oidc', { provider: oidc.name })}</button>
        </form>
      )}
    </div>
  );
}
