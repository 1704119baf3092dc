'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth/auth';
import { oidcConfig } from '@/lib/auth/oidc';
import { safeReturnPath } from '@/lib/auth/redirect-target';
import { signInWithPassword, type SignInFailure } from '@/lib/auth/sign-in';

export interface SignInState {
  error: SignInFailure | 'oidc_failed' | null;
  retryAfterSeconds?: number;
  email?: string;
}

// Sign-in is the one action that runs without a session (it makes one); it is rate limited in lib/auth/sign-in.
/** Form action: e-mail + password → session cookie (set by better-auth's nextCookies plugin) → return path. */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '');
  const result = await signInWithPassword(auth(), { email, password: form.get('password') }, new Headers(await headers()));
  if (!result.ok) return { error: result.code, retryAfterSeconds: result.retryAfterSeconds, email };
  redirect(safeReturnPath(form.get('next')));
}

/** Form action: starts OpenID Connect sign-in at the organisation's identity provider (when configured). */
export async function signInWithOidcAction(form: FormData): Promise<void> {
  const oidc = oidcConfig();
  if (!oidc) redirect('/signin');
  // The generic-oauth plugin registers the provider as a social provider, reached through signInSocial.
  const { url } = await auth().api.signInSocial({
    body: { provider: oidc.providerId, callbackURL: safeReturnPath(form.get('next')), errorCallbackURL: '/signin?error=oidc_failed' },
    headers: new Headers(await headers()),
  });
  if (!url) redirect('/signin?error=oidc_failed');
  redirect(url);
}
