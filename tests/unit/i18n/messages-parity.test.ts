// Every namespace's texts exist in both languages with the same keys and placeholders, so switching language
// never shows a raw key. The namespaces are the message files themselves: a new one is checked without a change here.
import { readdirSync, readFileSync } from 'node:fs';
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

const namespaces = (lang: string) => readdirSync(path.join('lib/i18n/messages', lang)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

describe('the message files', () => {
  it('are the same namespaces in Danish and English, the upload page and page states among them', () => {
    expect(namespaces('en')).toEqual(namespaces('da'));
    expect(namespaces('da')).toEqual(expect.arrayContaining(['uploads', 'states', 'ranking', 'map', 'scenarios']));
  });
});

describe.each(namespaces('da'))('the %s messages', (ns) => {
  it('have the same keys and placeholders in Danish and English', () => {
    expect(leaves(load('en', ns)).sort()).toEqual(leaves(load('da', ns)).sort());
  });
  it('have no empty text', () => {
    const texts = (t: Tree): string[] => Object.values(t).flatMap((v) => (typeof v === 'string' ? [v] : texts(v)));
    for (const lang of ['da', 'en']) expect(texts(load(lang, ns)).filter((v) => v.trim() === '')).toEqual([]);
  });
});
