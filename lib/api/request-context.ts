import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthContext } from '@/lib/auth/types';

// What the auth wrapper resolved for the request in flight. Library code that asks "which organisation?"
// (currentAuth, lib/auth/current.ts) reads it from here, so route handlers need no second session lookup.

export interface RequestContext {
  requestId: string;
  /** The request's headers, when they do not come from next/headers (route handlers, tests). */
  headers?: Headers;
  auth?: AuthContext;
}

declare global {
  var arealRequestContext: AsyncLocalStorage<RequestContext> | undefined;
}

const storage = (globalThis.arealRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs fn with the given request context. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The request context in flight, if any. */
export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}
