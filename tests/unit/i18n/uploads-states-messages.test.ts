// The upload page's and the page states' texts exist in both languages with the same keys and placeholders,
// so switching to English never shows a raw key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };
const load = (lang: string, ns: string): Tree => JSON.parse(readFileSync(path.join('lib/i18n/messages', lang, `${ns}.json`), 'utf8'));

/** Every leaf as "a.b.c → sorted placeholder names". */
function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string'
      ? [`${prefix}${k} → ${[...new Set([...v.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]))].sort().join(',')}`]
      : leaves(v, `${prefix}${k}.`),
  );
}

describe.each(['uploads', 'states', 'demand'])('the %s messages', (ns) => {
  it('have the same keys and placeholders in Danish and English', () => {
    expect(leaves(load('en', ns)).sort()).toEqual(leaves(load('da', ns)).sort());
  });
  it('have no empty text', () => {
    const texts = (t: Tree): string[] => Object.values(t).flatMap((v) => (typeof v === 'string' ? [v] : texts(v)));
    for (const lang of ['da', 'en']) expect(texts(load(lang, ns)).filter((v) => v.trim() === '')).toEqual([]);
  });
});
