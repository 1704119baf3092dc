'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth/auth';

/** Form action: deletes the session (row and cookie) and returns to the sign-in page. */
export async function signOutAction(): Promise<void> {
  await auth().api.signOut({ headers: new Headers(await headers()) }).catch(() => undefined);
  redirect('/signin?signedOut=1');
}
