import { headers as nextHeaders } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { requestContext } from '@/lib/api/request-context';
import { getPool } from '@/lib/db/pool';
import { auth as getAuth } from './auth';
import type { Role } from './roles';
import { resolveAuth, type AuthResolution, type AuthContext, type SignedInUser } from './session';

// The same resolution for server components (pages, layouts) and server actions, which read the request's
// headers through next/headers. Inside withAuth (or a test) the request context answers instead.

async function requestHeaders(): Promise<Headers> {
  const ctx = requestContext();
  if (ctx?.headers) return ctx.headers;
  return new Headers(await nextHeaders());
}

/** The signed-in state of the current request (memoised per server render). */
export const currentAuthResolution = cache(async (): Promise<AuthResolution> => {
  const ctx = requestContext();
  if (ctx?.auth) return { status: 'member', auth: ctx.auth };
  return resolveAuth(getAuth(), getPool(), await requestHeaders());
});

/** The current user's membership, or null when anonymous or without a role. */
export async function currentAuth(): Promise<AuthContext | null> {
  const r = await currentAuthResolution();
  return r.status === 'member' ? r.auth : null;
}

/**
 * For server-component pages: the signed-in member with one of the roles, else a redirect — to /signin when
 * anonymous (returning to `returnTo` afterwards), to /signin?error=forbidden when the role does not allow it.
 */
export async function requirePageAuth(roles: readonly Role[], returnTo?: string): Promise<AuthContext> {
  const r = await currentAuthResolution();
  if (r.status === 'anonymous') redirect(returnTo ? `/signin?next=${encodeURIComponent(returnTo)}` : '/signin');
  if (r.status === 'no_membership') redirect(r.pendingInvitations ? '/invitations' : '/signin?error=no_membership');
  if (!roles.includes(r.auth.role)) redirect('/signin/forbidden');
  return r.auth;
}

/**
 * For pages every signed-in account may see, with or without a role (the invitations page): the account, else a
 * redirect to /signin.
 */
export async function requireSignedInPage(returnTo: string): Promise<SignedInUser> {
  const r = await currentAuthResolution();
  if (r.status === 'anonymous') redirect(`/signin?next=${encodeURIComponent(returnTo)}`);
  return r.status === 'member' ? r.auth.user : r.user;
}

/** Thrown by server actions when the caller may not run them. */
export class ActionAuthError extends Error {
  constructor(readonly code: 'unauthorized' | 'forbidden' | 'no_membership' | 'csrf_rejected') {
    super(code);
  }
}

/** For actions about the account itself (answering an invitation): the signed-in account, role or not. */
export async function requireSignedInAction(): Promise<SignedInUser> {
  const r = await currentAuthResolution();
  if (r.status === 'anonymous') throw new ActionAuthError('unauthorized');
  return r.status === 'member' ? r.auth.user : r.user;
}

/** For the first line of a server action: the signed-in member with one of the roles, else ActionAuthError. */
export async function requireActionAuth(roles: readonly Role[]): Promise<AuthContext> {
  const r = await currentAuthResolution();
  if (r.status === 'anonymous') throw new ActionAuthError('unauthorized');
  if (r.status === 'no_membership') throw new ActionAuthError('no_membership');
  if (!roles.includes(r.auth.role)) throw new ActionAuthError('forbidden');
  return r.auth;
}

/**
 * Wraps a server action: the signed-in member with one of the roles, else ActionAuthError. (Next.js already
 * refuses server actions whose Origin differs from the host, so CSRF is handled there.)
 */
export function withActionAuth<A extends unknown[], R>(
  roles: readonly Role[],
  action: (auth: AuthContext, ...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => action(await requireActionAuth(roles), ...args);
}
