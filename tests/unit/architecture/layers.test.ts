// The architecture's rules (docs/architecture.md), checked on the source: app/ runs no SQL of its own (no `pg`
// import), and the import graph of app/ and lib/ has no cycle — every import runs downward. The graph is a small
// walk over the TypeScript files' import/export specifiers (type-only imports count: a type cycle is still a
// cycle of modules a reader has to hold in their head at once).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const SKIP = new Set(['node_modules', 'generated', '.next']);
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.d.mts', '.mjs', '/index.ts', '/index.tsx'];

/** Every TypeScript/JavaScript module under `dir` (relative to the repository), tests excluded. */
function modules(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    if (SKIP.has(name)) continue;
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...modules(rel));
    else if (/\.(ts|tsx|mts|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(rel);
  }
  return out;
}

/** The specifiers a module imports or re-exports (comments removed first). */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2]);
}

/** The repository file a specifier names, or null for a package. */
function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = path.join(path.dirname(from), specifier);
  else return null;
  for (const ext of ['', ...EXTENSIONS]) {
    const candidate = base + ext;
    try {
      if (statSync(path.join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // not this extension
    }
  }
  return null;
}

/** Module → the repository modules it imports. */
export function importGraph(files: readonly string[], read: (f: string) => string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    graph.set(f, importSpecifiers(read(f)).map((s) => resolve(f, s)).filter((t): t is string => t !== null && t !== f));
  }
  return graph;
}

/** The graph's cycles: its strongly connected components of more than one module (Tarjan). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

describe('the layers', () => {
  const files = [...modules('app'), ...modules('lib')];
  const graph = importGraph(files, read);

  it('reads the imports it is meant to see (the walk itself)', () => {
    expect(importSpecifiers(`import a from 'x';\nimport type { B } from "./b";\nexport { c } from '@/lib/c';\nconst d = await import('./d');\n// import e from 'e';`))
      .toEqual(['x', './b', '@/lib/c', './d']);
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(graph.get('lib/scoring/query-scores.ts')).toContain('lib/scoring/scored-period.ts');
  });

  it('app/ runs no SQL itself: nothing under app/ imports pg or calls .query() on a pool or client', () => {
    const app = files.filter((f) => f.startsWith('app/'));
    expect(app.filter((f) => importSpecifiers(read(f)).some((s) => s === 'pg' || s.startsWith('pg/') || s === 'pg-copy-streams'))).toEqual([]);
    expect(app.filter((f) => /\b(?:pool|client|getPool\(\)|ctx\.pool|db)\s*\.query\s*[<(]/.test(read(f)))).toEqual([]);
  });

  it('every error response is built by lib/api/errors.ts (one shape, with the request id), none by hand in app/ or lib/', () => {
    // A readiness probe answers load balancers {status} with 503 by design; it is not an error of a request.
    const allowed = new Set(['app/api/ready/route.ts', 'lib/api/errors.ts']);
    const handBuilt = (source: string) =>
      /\.json\(\s*\{\s*error\s*:/.test(source) || /\{\s*status\s*:\s*[45]\d\d\b/.test(source);
    expect(['NextResponse.json({ error: { code } }, { status: 404 })', "return new Response('Job not found', { status: 404 })", 'x.json({ error: 1 })'].map(handBuilt)).toEqual([true, true, true]);
    expect(handBuilt("return errorJson('not_found', requestId)") || handBuilt("throw new ApiError('not_found', 'Job not found')")).toBe(false);
    const checked = files.filter((f) => !allowed.has(f));
    expect(checked.filter((f) => f.startsWith('app/api/')).length).toBeGreaterThan(20);
    expect(checked.filter((f) => handBuilt(read(f)))).toEqual([]);
  });

  it('reads the environment only through lib/config/env.ts (validated, one list of every variable)', () => {
    // security-headers.ts runs in the edge proxy too, which must not load Node modules, so it reads its one flag itself.
    const allowed = new Set(['lib/config/env.ts', 'lib/api/security-headers.ts']);
    const reads = (source: string) => /\bprocess\.env\b/.test(source.replace(/^\s*(?:\/\/|\*).*$/gm, ''));
    expect([reads('const x = process.env.X;'), reads('// set process.env.X first'), reads('runtimeEnv().X')]).toEqual([true, false, false]);
    expect(files.filter((f) => !allowed.has(f) && reads(read(f)))).toEqual([]);
  });

  it('shows times in the organisation\'s zone: no page or handler formats with the default zone', () => {
    // The settings page shows the default beside the setting; everything else takes next-intl's per-request zone
    // (the audit trail keeps Danish time, labelled as such in the page and the CSV: lib/audit/list.ts AUDIT_ZONE).
    const allowed = new Set(['app/admin/settings/page.tsx']);
    const usesDefault = (source: string) => /\bDEFAULT_TIME_ZONE\b/.test(source);
    const pages = files.filter((f) => f.startsWith('app/') && !allowed.has(f));
    expect(pages.length).toBeGreaterThan(50);
    expect(pages.filter((f) => usesDefault(read(f)))).toEqual([]);
  });

  it('has no import cycle in app/ and lib/', () => {
    expect(cycles(graph)).toEqual([]);
  });
});
