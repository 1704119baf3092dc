// An in-process LRU of values loaded asynchronously, bounded by entry count and by bytes: lru-cache (`max`,
// `maxSize` + `sizeCalculation`, `fetchMethod`, which shares one load among concurrent callers and keeps no failed
// load), behind the small interface the callers use. Used for responses keyed by an organisation's data version
// (lib/map/data-version.ts): a new version is a new key, so an entry never has to be invalidated — it is just not
// asked for again and falls out as least recently used. A value larger than the whole byte budget is returned but
// not kept.
import { LRUCache } from 'lru-cache';

export interface LruOptions<V> {
  maxEntries: number;
  maxBytes: number;
  /** Approximate bytes an entry holds. */
  sizeOf: (value: V) => number;
}

export interface LruStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

/** lru-cache keeps no null or undefined: values travel boxed (a tile may be null = empty). */
interface Box<V> {
  value: V;
}

export class AsyncLru<V> {
  private readonly cache: LRUCache<string, Box<V>, () => Promise<V>>;
  private hits = 0;
  private misses = 0;

  constructor(options: LruOptions<V>) {
    this.cache = new LRUCache<string, Box<V>, () => Promise<V>>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (box) => Math.max(1, Math.ceil(options.sizeOf(box.value))),
      fetchMethod: async (_key, _stale, { context }) => ({ value: await context() }),
    });
  }

  /**
   * The value under `key`, loading it once when missing: concurrent callers of a missing key share one load; a
   * failed load is not kept (the next call tries again).
   */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const status: LRUCache.Status<string, Box<V>, () => Promise<V>> = {};
    const pending = this.cache.fetch(key, { context: load, status });
    if (status.fetch === 'miss') this.misses++;
    else this.hits++;
    return (await pending)!.value;
  }

  stats(): LruStats {
    return { entries: this.cache.size, bytes: this.cache.calculatedSize, hits: this.hits, misses: this.misses };
  }

  /** Keys, least recently used first. */
  keys(): string[] {
    return [...this.cache.rkeys()];
  }

  clear(): void {
    this.cache.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
