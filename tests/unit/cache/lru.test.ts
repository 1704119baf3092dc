import { describe, expect, it } from 'vitest';
import { AsyncLru } from '@/lib/cache/lru';

const lru = (maxEntries: number, maxBytes = 1e9) => new AsyncLru<string>({ maxEntries, maxBytes, sizeOf: (v) => v.length });

describe('AsyncLru', () => {
  it('loads a missing key once, also for concurrent callers, and counts hits and misses', async () => {
    const cache = lru(10);
    let loads = 0;
    const load = async () => { loads++; await new Promise((r) => setTimeout(r, 5)); return 'value'; };
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toEqual(['value', 'value', 1]);
    expect(await cache.get('k', load)).toBe('value');
    expect(cache.stats()).toEqual({ entries: 1, bytes: 5, hits: 2, misses: 1 });
  });

  it('drops the least recently used entry beyond the entry limit', async () => {
    const cache = lru(2);
    await cache.get('a', async () => 'A');
    await cache.get('b', async () => 'B');
    await cache.get('a', async () => 'A'); // a is now the most recent
    await cache.get('c', async () => 'C');
    expect(cache.keys()).toEqual(['a', 'c']);
  });

  it('drops the least recently used entries beyond the byte limit; one larger than the limit is returned, not kept', async () => {
    const cache = lru(100, 10);
    await cache.get('a', async () => 'xxxx');
    await cache.get('b', async () => 'yyyy');
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 8 });
    await cache.get('c', async () => 'zzzz');
    expect(cache.keys()).toEqual(['b', 'c']);
    expect(cache.stats().bytes).toBe(8);
    expect(await cache.get('big', async () => 'x'.repeat(50))).toBe('x'.repeat(50));
    expect(cache.keys()).toEqual(['b', 'c']);
  });

  it('does not keep a failed load: the next call tries again', async () => {
    const cache = lru(10);
    await expect(cache.get('k', async () => { throw new Error('down'); })).rejects.toThrow('down');
    expect(cache.stats().entries).toBe(0);
    expect(await cache.get('k', async () => 'back')).toBe('back');
  });

  it('clear() empties it and resets the counters', async () => {
    const cache = lru(10);
    await cache.get('k', async () => 'v');
    cache.clear();
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0, hits: 0, misses: 0 });
  });
});
