import { runtimeEnv } from '@/lib/config/env';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locale } from './config';

// Messages are split per area (lib/i18n/messages/<locale>/<namespace>.json) so each area owns its
// texts; they are merged into one object keyed by namespace.
const ROOT = path.join(process.cwd(), 'lib', 'i18n', 'messages');
const cache = new Map<Locale, Record<string, unknown>>();

/** All message namespaces for a locale, e.g. { common: {...}, map: {...} }. */
export function loadMessages(locale: Locale): Record<string, unknown> {
  const hit = cache.get(locale);
  if (hit && runtimeEnv().NODE_ENV === 'production') return hit;
  const dir = path.join(ROOT, locale);
  const messages: Record<string, unknown> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    messages[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  }
  cache.set(locale, messages);
  return messages;
}
